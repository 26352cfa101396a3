import { traceMark } from "@baton/proto";
import { notFound } from "../domain/errors.js";
import type { StoredEvent } from "../domain/events.js";
import { type ExecutionStatus, isTerminal } from "../domain/execution-state.js";
import type { ExecutionsService } from "./executions.service.js";
import { LiveBuffer, READ_STORE } from "./live-buffer.js";

function toStoredEvent(row: {
  executionId: string;
  seq: number;
  kind: string;
  payload: unknown;
  at: Date;
}): StoredEvent {
  return {
    executionId: row.executionId,
    seq: row.seq,
    kind: row.kind,
    payload: row.payload,
    at: row.at,
  } as StoredEvent;
}

export interface LiveSource {
  listen(executionId: string, listener: (events: StoredEvent[]) => void): () => void;
}

const isEnd = (e: StoredEvent): boolean => e.kind === "STATUS" && isTerminal(e.payload.status);

/**
 * One execution's events in seq order with no gaps and no duplicates: the
 * stored ones first when replaying, then live ones. Live delivery is
 * best-effort, so any hole in the seqs (or a quiet spell) is filled from
 * Postgres. Ends after the terminal STATUS event.
 */
export async function* executionEventStream(
  executions: ExecutionsService,
  live: LiveSource,
  executionId: string,
  replay: boolean,
  idleCheckMs = 1000,
  signal?: AbortSignal,
  /** Live events held for a subscriber behind its run; past this it reads them from the store (LiveBuffer). */
  bufferMax = 10_000,
): AsyncGenerator<StoredEvent> {
  const buffered = new LiveBuffer(bufferMax);
  let wake: (() => void) | undefined;
  const unlisten = live.listen(executionId, (events) => {
    buffered.add(events);
    wake?.();
  });
  // The subscriber left: stop now, not at the next event (a queued run may be quiet for hours). One
  // listener for the whole stream: one per wait would pile up on the signal, one per event.
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const row = await executions.get(executionId);
    if (!row) throw notFound(`No execution ${executionId}.`);
    let next = replay ? 1 : row.lastSeq + 1;
    if (!replay && isTerminal(row.status as ExecutionStatus)) return;
    const fromStore = async function* (upTo?: number) {
      for (;;) {
        const rows = await executions.eventsBetween(executionId, next, upTo);
        if (rows.length === 0) return;
        for (const r of rows) yield toStoredEvent(r);
      }
    };
    if (replay) {
      for await (const e of fromStore()) {
        next = e.seq + 1;
        yield e;
        if (isEnd(e)) return;
      }
    }
    for (;;) {
      if (signal?.aborted) return;
      if (buffered.size === 0) {
        const woken = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), idleCheckMs);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        wake = undefined;
        if (signal?.aborted) return;
        if (!woken) buffered.add([{ seq: READ_STORE } as StoredEvent]); // quiet: look in the store
      }
      const head = buffered.take() as StoredEvent;
      if (head.seq < next) continue;
      if (head.seq > next) {
        for await (const e of fromStore(head.seq)) {
          next = e.seq + 1;
          yield e;
          if (isEnd(e)) return;
        }
        if (head.seq === READ_STORE) continue;
      }
      if (head.seq !== next) {
        // Not yet readable (it should be: events are published after commit); try again shortly.
        buffered.putBack(head);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      next = head.seq + 1;
      if (isEnd(head)) traceMark(executionId, "stream.end");
      yield head;
      if (isEnd(head)) return;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    unlisten();
  }
}
