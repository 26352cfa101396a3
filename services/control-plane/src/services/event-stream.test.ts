import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../domain/events.js";
import { executionEventStream, type LiveSource } from "./event-stream.js";
import type { ExecutionsService } from "./executions.service.js";

const ID = "e-1";
const log = (seq: number): StoredEvent => ({
  executionId: ID,
  seq,
  kind: "LOG",
  payload: { stream: "stdout", text: `line ${seq}` },
  at: new Date(),
});

/**
 * A running execution whose stored events are `stored` (what the test commits), and a live source the test
 * pushes events into; `storeReads` counts the reads of the store.
 */
function running(stored: StoredEvent[] = []) {
  let listener: ((events: StoredEvent[]) => void) | undefined;
  const reads = { count: 0 };
  const executions = {
    get: async () => ({ id: ID, status: "RUNNING", lastSeq: 0 }),
    eventsBetween: async (_id: string, from: number, to = 2_147_483_647, limit = 5000) => {
      reads.count++;
      return stored.filter((e) => e.seq >= from && e.seq < to).slice(0, limit);
    },
  } as unknown as ExecutionsService;
  const live: LiveSource = {
    listen: (_id, l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
  };
  return { executions, live, push: (e: StoredEvent) => listener?.([e]), storeReads: () => reads.count };
}

describe("executionEventStream", () => {
  it("keeps one abort listener on the subscriber's signal however many events it waits for, and none after", async () => {
    const { executions, live, push } = running();
    const controller = new AbortController();
    const stream = executionEventStream(executions, live, ID, false, 60_000, controller.signal);
    const seen: number[] = [];
    const first = stream.next();
    for (let seq = 1; seq <= 50; seq++) {
      // Each event is pushed while the stream waits for it, so every one is a separate wait.
      const next = seq === 1 ? first : stream.next();
      await new Promise<void>((resolve) => setImmediate(resolve));
      push(log(seq));
      const r = await next;
      seen.push((r.value as StoredEvent).seq);
      expect(getEventListeners(controller.signal, "abort").length).toBe(1);
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const waiting = stream.next();
    controller.abort();
    expect((await waiting).done).toBe(true);
    expect(getEventListeners(controller.signal, "abort").length).toBe(0);
  });
});

describe("executionEventStream behind its run", () => {
  it("past its buffer reads the dropped live events from the store, in order, none twice", async () => {
    const stored: StoredEvent[] = [];
    const { executions, live, push, storeReads } = running(stored);
    const stream = executionEventStream(executions, live, ID, false, 60_000, undefined, 100);
    const first = stream.next();
    await new Promise<void>((resolve) => setImmediate(resolve));
    // 1,000 events committed and published while the subscriber takes none: ten times its buffer.
    for (let seq = 1; seq <= 1000; seq++) {
      const e =
        seq === 1000
          ? ({ ...log(seq), kind: "STATUS", payload: { status: "COMPLETED", cause: "exit" } } as StoredEvent)
          : log(seq);
      stored.push(e);
      push(e);
    }
    const seen = [((await first).value as StoredEvent).seq];
    for await (const e of stream) seen.push(e.seq);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(storeReads()).toBeGreaterThan(0);
  });
});
