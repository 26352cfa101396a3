import type { CancelRequest, RunCommand } from "@baton/proto";
import type { StoredEvent } from "../domain/events.js";

export type SendOutcome =
  | { outcome: "taken" }
  | { outcome: "refused"; reason: string }
  | { outcome: "gone" }
  | { outcome: "silent" };

/** Sends a run command to the runner admission gave the run to. */
export interface RunSender {
  send(runnerId: string, command: RunCommand): Promise<SendOutcome>;
}

/** Asks admission to look at the queue soon (a run was queued, or a slot may be free). */
export interface AdmissionWake {
  request(): void;
  /** request() at that time (a retry's backoff ends). */
  requestAt(at: Date): void;
}

/** Asks the runner holding a run to stop it; false when no runner answered. */
export interface RunnerControl {
  cancel(runnerId: string, request: CancelRequest): Promise<boolean>;
}

/** Fans persisted events out to every control plane's live subscribers. */
export interface EventPublisher {
  publish(executionId: string, events: StoredEvent[]): void;
}
