import { decode, runEvent } from "@baton/proto";
import type { MsgRequest } from "@nats-io/jetstream";
import type { Bus } from "./connection.js";

/** Whether runner events of an execution are still waiting to be ingested. */
export interface PendingEvents {
  /**
   * True while the stream holds the event ingestion applies next (runnerSeq + 1),
   * sent by `runnerId` (the runner that claimed the run) when given, else by any runner.
   */
  has(executionId: string, runnerSeq: number, runnerId?: string | null): Promise<boolean>;
}

/** How many of a run's waiting messages are looked at before assuming the next one is among them. */
const SCAN_LIMIT = 1000;

/**
 * Ingestion applies a run's events in order, so it can go on only if the
 * event right after runnerSeq is waiting. One behind a gap can never be
 * applied once its runner is gone (the runner alone could send the missing
 * one again), and a duplicate (rseq <= runnerSeq) changes nothing: neither
 * may hold a verdict back. Pure, for the tests.
 */
export function canIngest(runnerSeq: number, waiting: Iterable<number>): boolean {
  for (const rseq of waiting) if (rseq === runnerSeq + 1) return true;
  return false;
}

/**
 * The events stream is a work queue: a message leaves it only when ingested
 * (acked). So the run's next event still on its subject means the runner
 * spoke and we have not listened yet, and the run is not lost. Anything else
 * there (behind a gap, or a duplicate a JetStream restart left undeletable)
 * does not count (found by the chaos suite: a duplicate left on the subject
 * after a NATS kill -9 kept a run RUNNING for ever).
 */
export function jetStreamPendingEvents(bus: Bus): PendingEvents {
  return {
    has: async (executionId, runnerSeq, runnerId) => {
      // Only the claiming runner's events can be ingested: what another runner sends for the run
      // (and ingestion refuses) must not hold its verdict back.
      const subject = runnerId ? bus.s.events(runnerId, executionId) : bus.s.eventsOf(executionId);
      let seq = 0;
      for (let seen = 0; seen < SCAN_LIMIT; seen++) {
        // STREAM.MSG.GET with next_by_subj (nats-server 2.9+): the first message on the subject (a wildcard) from seq on.
        const query = { seq, next_by_subj: subject } as unknown as MsgRequest;
        const msg = await bus.jsm.streams.getMessage(bus.s.eventStream, query);
        if (msg === null) return false;
        try {
          if (canIngest(runnerSeq, [decode(runEvent, msg.data).rseq])) return true;
        } catch {
          // ingestion drops what does not decode
        }
        seq = msg.seq + 1;
      }
      return true; // too many to tell: assume the next one is there
    },
  };
}
