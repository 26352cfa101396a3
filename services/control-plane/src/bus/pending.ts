import type { Bus } from "./connection.js";

/** Whether runner events of an execution are still waiting to be ingested. */
export interface PendingEvents {
  has(executionId: string): Promise<boolean>;
}

/**
 * The events stream is a work queue: a message leaves it only when ingested
 * (acked). So any message still on the execution's subject means the runner
 * spoke and we have not listened yet; the run is not lost.
 */
export function jetStreamPendingEvents(bus: Bus): PendingEvents {
  return {
    has: async (executionId) =>
      (await bus.jsm.streams.getMessage(bus.s.eventStream, { last_by_subj: bus.s.events(executionId) })) !== null,
  };
}
