import { describe, expect, it } from "vitest";
import { createReadiness, type ReadinessSources, type StreamCheck } from "./readiness.js";

function sources(over: Partial<ReadinessSources> = {}): ReadinessSources & { asked: () => number } {
  let asked = 0;
  return {
    streamName: "BATON_EVENTS",
    started: () => true,
    natsConnected: () => true,
    streamCheck: async () => {
      asked++;
      return { kind: "exists" };
    },
    publishSawStream: () => undefined,
    ...over,
    asked: () => asked,
  };
}

describe("readiness", () => {
  it("is ready when started, connected and the stream exists", async () => {
    expect(await createReadiness(sources())()).toEqual({ ok: true, started: true, nats: true, stream: true });
  });

  it("is not ready without NATS, and does not ask JetStream then", async () => {
    const s = sources({ natsConnected: () => false });
    expect(await createReadiness(s)()).toEqual({
      ok: false,
      started: true,
      nats: false,
      stream: null,
      reason: "not connected to NATS; reconnecting",
    });
    expect(s.asked()).toBe(0);
  });

  it("names a missing stream, a failed question, and a runner still starting", async () => {
    const check = (result: StreamCheck) => createReadiness(sources({ streamCheck: async () => result }))();
    expect(await check({ kind: "missing" })).toMatchObject({
      ok: false,
      stream: false,
      reason: expect.stringMatching(/stream BATON_EVENTS does not exist/),
    });
    expect(await check({ kind: "failed", message: "TimeoutError" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/asking JetStream about the stream BATON_EVENTS failed: TimeoutError/),
    });
    expect(await createReadiness(sources({ started: () => false }))()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/the runner is starting/),
    });
  });

  it("asks JetStream at most once per cache period", async () => {
    let t = 0;
    const s = sources({ now: () => t });
    const ready = createReadiness(s);
    await ready();
    await ready();
    t = 1999;
    await ready();
    expect(s.asked()).toBe(1);
    t = 2000;
    await ready();
    expect(s.asked()).toBe(2);
  });

  it("without permission to ask JetStream, goes by what its publishes said", async () => {
    let saw: boolean | undefined;
    const ready = createReadiness(
      sources({ streamCheck: async () => ({ kind: "not-permitted" }), publishSawStream: () => saw, cacheMs: 0 }),
    );
    expect(await ready()).toMatchObject({ ok: true, stream: null });
    saw = false;
    expect(await ready()).toMatchObject({ ok: false, stream: false, reason: expect.stringMatching(/last publish/) });
    saw = true;
    expect(await ready()).toMatchObject({ ok: true, stream: true });
  });
});
