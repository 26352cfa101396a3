import { describe, expect, it } from "vitest";
import { readinessOf } from "./readiness.js";

describe("readinessOf", () => {
  it("is ready only when every check is, and names what is not", async () => {
    const ready = readinessOf([
      { name: "postgres", check: async () => undefined },
      { name: "nats", check: async () => "not connected" },
      { name: "jetstream", check: async () => Promise.reject(new Error("stream BATON_EVENTS not found")) },
    ]);
    expect(await ready()).toEqual({
      ok: false,
      checks: { postgres: true, nats: "not connected", jetstream: "stream BATON_EVENTS not found" },
    });
  });

  it("answers from one round of checks within a second", async () => {
    let calls = 0;
    const ready = readinessOf([{ name: "postgres", check: async () => void calls++ }]);
    await Promise.all([ready(), ready()]);
    await ready();
    expect(calls).toBe(1);
    expect((await ready()).ok).toBe(true);
  });
});
