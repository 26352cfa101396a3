import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OrderedPublisher, READY_BACKLOG_MESSAGES } from "./publisher.js";

/** A publish function whose acks the test resolves or fails one by one. */
function fakeNats() {
  const calls: { id: string; ack: () => void; fail: () => void }[] = [];
  const publish = (_subject: string, _data: Uint8Array, msgID: string): Promise<unknown> =>
    new Promise((resolve, reject) =>
      calls.push({ id: msgID, ack: () => resolve(undefined), fail: () => reject(new Error("timeout")) }),
    );
  const call = (id: string, nth = 0) => {
    const found = calls.filter((c) => c.id === id)[nth];
    if (!found) throw new Error(`no publish #${nth} of ${id}`);
    return found;
  };
  return { calls, publish, call, ids: () => calls.map((c) => c.id) };
}
const data = new Uint8Array([1]);

// Fake timers: retry delays are asserted to the millisecond and nothing waits on the wall clock.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});
/** Runs every pending promise callback without moving the clock. */
const settle = (): Promise<unknown> => vi.advanceTimersByTimeAsync(0);

describe("OrderedPublisher", () => {
  it("pipelines publishes in order and becomes idle when all are acked, not before", async () => {
    const nats = fakeNats();
    const publisher = new OrderedPublisher("s", nats.publish, { window: 2 });
    for (const id of ["1", "2", "3"]) publisher.enqueue(id, data);
    expect(nats.ids()).toEqual(["1", "2"]); // the window is full
    const idle = vi.fn();
    void publisher.idle().then(idle);
    nats.call("1").ack();
    await settle();
    expect(nats.ids()).toEqual(["1", "2", "3"]);
    nats.call("2").ack();
    await settle();
    expect(idle).not.toHaveBeenCalled();
    nats.call("3").ack();
    await settle();
    expect(idle).toHaveBeenCalledTimes(1);
  });

  it("after a failure resends, in order, only what was not acknowledged, once the retry delay has passed", async () => {
    const nats = fakeNats();
    const errors: unknown[] = [];
    const publisher = new OrderedPublisher("s", nats.publish, { retryMs: 1, onError: (e) => errors.push(e) });
    for (const id of ["1", "2", "3", "4"]) publisher.enqueue(id, data);
    nats.call("1").ack();
    nats.call("2").fail();
    nats.call("3").ack();
    await settle();
    publisher.enqueue("5", data); // held back while 4 is still in flight
    expect(nats.ids()).toEqual(["1", "2", "3", "4"]);
    nats.call("4").fail();
    await settle();
    expect(nats.ids()).toEqual(["1", "2", "3", "4"]); // not before the retry delay
    await vi.advanceTimersByTimeAsync(1);
    expect(nats.ids()).toEqual(["1", "2", "3", "4", "2", "4", "5"]);
    expect(errors).toHaveLength(2);
    nats.call("2", 1).ack();
    nats.call("4", 1).ack();
    nats.call("5").ack();
    await publisher.idle();
  });

  it("ready() waits while readyBacklog messages are unacknowledged, and resolves once fewer are (or on close)", async () => {
    expect(READY_BACKLOG_MESSAGES).toBe(64);
    const nats = fakeNats();
    const publisher = new OrderedPublisher("s", nats.publish, { window: 2, readyBacklog: 3 });
    await publisher.ready(); // empty
    for (const id of ["1", "2", "3"]) publisher.enqueue(id, data);
    const ready = vi.fn();
    void publisher.ready().then(ready);
    await settle();
    expect(ready).not.toHaveBeenCalled();
    nats.call("2").ack(); // acked behind an unacknowledged one: still held
    await settle();
    expect(ready).not.toHaveBeenCalled();
    nats.call("1").ack();
    await settle();
    expect(ready).toHaveBeenCalledTimes(1);
    publisher.enqueue("4", data);
    publisher.enqueue("5", data);
    const again = vi.fn();
    void publisher.ready().then(again);
    await settle();
    expect(again).not.toHaveBeenCalled();
    publisher.close();
    await settle();
    expect(again).toHaveBeenCalledTimes(1);
  });

  it("keeps retrying with a doubling delay up to retryMaxMs, and close() gives up", async () => {
    const nats = fakeNats();
    const publisher = new OrderedPublisher("s", nats.publish, { retryMs: 1, retryMaxMs: 4 });
    publisher.enqueue("1", data);
    for (const [attempt, delay] of [1, 2, 4, 4].entries()) {
      nats.call("1", attempt).fail();
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(nats.ids(), `resent before ${delay} ms`).toHaveLength(attempt + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(nats.ids(), `resent after ${delay} ms`).toHaveLength(attempt + 2);
    }
    publisher.close();
    await publisher.idle();
    nats.call("1", 4).fail();
    await vi.advanceTimersByTimeAsync(100);
    expect(nats.ids()).toHaveLength(5);
  });
});
