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

/** A running execution with no stored events yet, and a live source the test pushes events into. */
function running(): { executions: ExecutionsService; live: LiveSource; push: (e: StoredEvent) => void } {
  let listener: ((events: StoredEvent[]) => void) | undefined;
  const executions = {
    get: async () => ({ id: ID, status: "RUNNING", lastSeq: 0 }),
    eventsBetween: async () => [],
  } as unknown as ExecutionsService;
  const live: LiveSource = {
    listen: (_id, l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
  };
  return { executions, live, push: (e) => listener?.([e]) };
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
