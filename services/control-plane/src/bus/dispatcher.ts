import { type CancelRequest, encode, type RunCommand } from "@baton/proto";
import type { RunDispatcher, RunnerControl } from "../services/ports.js";
import type { Bus } from "./connection.js";

/** Run commands go to the platform + pool work queue; the execution id is the dedup id. */
export function jetStreamDispatcher(bus: Bus): RunDispatcher {
  return {
    async dispatch(command: RunCommand): Promise<void> {
      await bus.js.publish(bus.s.run(command.platform, command.pool), encode(command), {
        msgID: `run:${command.executionId}`,
        timeout: 5000,
      });
    },
  };
}

export function natsRunnerControl(bus: Bus): RunnerControl {
  return {
    async cancel(runnerId: string, request: CancelRequest): Promise<boolean> {
      try {
        await bus.nc.request(bus.s.cancel(runnerId), encode(request), { timeout: 2000 });
        return true;
      } catch {
        return false;
      }
    },
  };
}
