import { type CancelRequest, decode, encode, type RunCommand, runOfferReply } from "@baton/proto";
import { NoRespondersError, RequestError } from "@nats-io/transport-node";
import type { RunnerControl, RunSender, SendOutcome } from "../services/ports.js";
import type { Bus } from "./connection.js";

/**
 * A run command goes to the one runner admission chose, as a core NATS
 * request: "taken", "refused" (the runner is stopping), "gone" (no runner
 * listens under that id) or "silent" (no answer: sent again later).
 */
export function natsRunSender(bus: Bus, timeoutMs = 3000): RunSender {
  return {
    async send(runnerId: string, command: RunCommand): Promise<SendOutcome> {
      try {
        const reply = decode(
          runOfferReply,
          (await bus.nc.request(bus.s.runOn(runnerId), encode(command), { timeout: timeoutMs })).data,
        );
        return reply.ok ? { outcome: "taken" } : { outcome: "refused", reason: reply.reason ?? "refused" };
      } catch (err) {
        const gone =
          err instanceof NoRespondersError ||
          (err instanceof RequestError && err.isNoResponders()) ||
          (err instanceof Error && err.cause instanceof NoRespondersError);
        return gone ? { outcome: "gone" } : { outcome: "silent" };
      }
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
