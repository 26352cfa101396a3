import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, EVENTS_SUBSCRIPTION, type EventShape, launch, statuses } from "./support/flows.js";

describe("two control planes on one Postgres and NATS", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ controlPlanes: 2, runners: 1 });
    const uri = env.script(
      "slow.mjs",
      "for (let i = 0; i < 20; i++) { console.log('tick ' + i); await new Promise(r => setTimeout(r, 50)); }\n",
    );
    await defineTask(env.api[0]!, "ticker", uri);
  });
  afterAll(() => env?.stop());

  it("a subscriber on instance B sees every event of a run launched through instance A", async () => {
    const [a, b] = env.api as [(typeof env.api)[0], (typeof env.api)[0]];
    const run = await launch(a!, "ticker");
    const seen = await allEvents(b!, run.id);
    expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.filter((e) => e.kind === "LOG").map((e) => e.log!.text)).toEqual(
      [...Array(20).keys()].map((i) => `tick ${i}`),
    );
    expect(statuses(seen).at(-1)).toBe("COMPLETED");
  });

  it("without replay, delivery starts at the moment of subscribing and still has no gap", async () => {
    const run = await launch(env.api[0]!, "ticker");
    await new Promise((r) => setTimeout(r, 400));
    const payloads = await env.api[1]!.collect<{ executionEvents: EventShape }>(EVENTS_SUBSCRIPTION, {
      id: run.id,
      replay: false,
    });
    const seqs = payloads.map((p) => p.data!.executionEvents.seq);
    expect(seqs[0]).toBeGreaterThan(1);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(payloads.at(-1)!.data!.executionEvents.status).toBe("COMPLETED");
  });
});
