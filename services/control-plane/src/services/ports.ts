import type { CancelRequest, RunCommand } from "@baton/proto";
import type { StoredEvent } from "../domain/events.js";

/** Publishes run commands durably (JetStream); resolves once the stream has them. */
export interface RunDispatcher {
  dispatch(command: RunCommand): Promise<void>;
}

/** Asks the runner holding a run to stop it; false when no runner answered. */
export interface RunnerControl {
  cancel(runnerId: string, request: CancelRequest): Promise<boolean>;
}

/** Fans persisted events out to every control plane's live subscribers. */
export interface EventPublisher {
  publish(executionId: string, events: StoredEvent[]): void;
}
