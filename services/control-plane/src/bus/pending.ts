import { decode, runEvent } from "@baton/proto";
import type { Bus } from "./connection.js";

/** Whether runner events of an execution are still waiting to be ingested. */
export interface PendingEvents {
  /** True while the stream holds events of the run that ingestion can still apply after `runnerSeq`. */
  has(executionId: string, runnerSeq: number): Promise<boolean>;
}

/**
 * Events runnerSeq+1..lastRseq must all be in the stream for ingestion to get
 * past runnerSeq; with fewer messages than that, one is missing for good once
 * its runner is gone (the runner alone could send it again), and the events
 * behind the gap can never be applied in order. Pure, for the tests.
 */
export function blockedByGap(runnerSeq: number, lastRseq: number, count: number): boolean {
  return count < lastRseq - runnerSeq;
}

/**
 * The events stream is a work queue: a message leaves it only when ingested
 * (acked). So a message still on the execution's subject means the runner
 * spoke and we have not listened yet, and the run is not lost; unless what
 * is there sits behind a gap that can never fill (the runner that would fill
 * it is gone), which must not hold the verdict back for ever.
 */
export function jetStreamPendingEvents(bus: Bus): PendingEvents {
  return {
    has: async (executionId, runnerSeq) => {
      const subject = bus.s.events(executionId);
      const last = await bus.jsm.streams.getMessage(bus.s.eventStream, { last_by_subj: subject });
      if (last === null) return false;
      let lastRseq: number;
      try {
        lastRseq = decode(runEvent, last.data).rseq;
      } catch {
        return false; // ingestion drops what does not decode
      }
      if (lastRseq <= runnerSeq) return true; // duplicates, acknowledged as they come
      const info = await bus.jsm.streams.info(bus.s.eventStream, { subjects_filter: subject });
      return !blockedByGap(runnerSeq, lastRseq, info.state.subjects?.[subject] ?? 0);
    },
  };
}
