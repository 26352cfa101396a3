import { describe, expect, it } from "vitest";
import { OrderedPublisher } from "./publisher.js";

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
const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const data = new Uint8Array([1]);

describe("OrderedPublisher", () => {
  it("pipelines publishes in order and becomes idle when all are acked", async () => {
    const nats = fakeNats();
    const publisher = new OrderedPublisher("s", nats.publish, { window: 2 });
    for (const id of ["1", "2", "3"]) publisher.enqueue(id, data);
    expect(nats.ids()).toEqual(["1", "2"]); // the window is full
    let idle = false;
    void publisher.idle().then(() => (idle = true));
    nats.call("1").ack();
    await tick();
    expect(nats.ids()).toEqual(["1", "2", "3"]);
    nats.call("2").ack();
    nats.call("3").ack();
    await tick();
    expect(idle).toBe(true);
  });

  it("after a failure resends, in order, only what was not acknowledged", async () => {
    const nats = fakeNats();
    const errors: unknown[] = [];
    const publisher = new OrderedPublisher("s", nats.publish, { retryMs: 1, onError: (e) => errors.push(e) });
    for (const id of ["1", "2", "3", "4"]) publisher.enqueue(id, data);
    nats.call("1").ack();
    nats.call("2").fail();
    nats.call("3").ack();
    await tick();
    publisher.enqueue("5", data); // held back while 4 is still in flight
    expect(nats.ids()).toEqual(["1", "2", "3", "4"]);
    nats.call("4").fail();
    await tick(10);
    expect(nats.ids()).toEqual(["1", "2", "3", "4", "2", "4", "5"]);
    expect(errors).toHaveLength(2);
    nats.call("2", 1).ack();
    nats.call("4", 1).ack();
    nats.call("5").ack();
    await publisher.idle();
  });

  it("keeps retrying with backoff until it succeeds, and close() gives up", async () => {
    const nats = fakeNats();
    const publisher = new OrderedPublisher("s", nats.publish, { retryMs: 1, retryMaxMs: 4 });
    publisher.enqueue("1", data);
    for (let attempt = 0; attempt < 3; attempt++) {
      nats.call("1", attempt).fail();
      await tick(10);
    }
    expect(nats.ids()).toEqual(["1", "1", "1", "1"]);
    publisher.close();
    await publisher.idle();
  });
});
