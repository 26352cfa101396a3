import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, EVENTS_SUBSCRIPTION, type EventShape, launch, statuses, waitFor } from "./support/flows.js";
import type { GraphQLClient, GraphQLResult } from "./support/graphql.js";

type Payload = GraphQLResult<{ executionEvents: EventShape }>;

// A subscription fills gaps and quiet spells from Postgres. With the quiet
// fallback at 60 s, far beyond every wait below, an event delivered within
// these tests can only have come through the live fan-out.
const LIVE_FALLBACK_MS = "60000";

// Waits for the file named by argv[2], prints one line, waits for argv[3], exits.
const GATED = `import { existsSync } from "node:fs";
const until = async (f) => { while (!existsSync(f)) await new Promise((r) => setTimeout(r, 20)); };
const [go, release] = process.argv.slice(2);
await until(go);
console.log("live line");
await until(release);
console.log("released");
`;

// Prints "waiting N" every 100 ms until the file named by argv[2] exists, then 20 ticks.
const WAITING = `import { existsSync } from "node:fs";
const [go] = process.argv.slice(2);
for (let i = 0; !existsSync(go); i++) { console.log("waiting " + i); await new Promise((r) => setTimeout(r, 100)); }
for (let i = 0; i < 20; i++) console.log("tick " + i);
`;

const logTexts = (payloads: Payload[]): string[] =>
  payloads.flatMap((p) => (p.data?.executionEvents.kind === "LOG" ? [p.data.executionEvents.log!.text] : []));

describe("two control planes on one Postgres and NATS", () => {
  let env: TestEnv;
  let a: GraphQLClient;
  let b: GraphQLClient;
  beforeAll(async () => {
    env = await startEnv({
      controlPlanes: 2,
      runners: 1,
      controlPlaneEnv: { BATON_LIVE_FALLBACK_MS: LIVE_FALLBACK_MS },
    });
    [a, b] = env.api as [GraphQLClient, GraphQLClient];
    await defineTask(a, "gated", env.script("gated.mjs", GATED));
    await defineTask(a, "waiting", env.script("waiting.mjs", WAITING));
  });
  afterAll(() => env?.stop());

  it("delivers a line printed after subscribing live on both instances, whichever one ingested it", async () => {
    const go = join(env.dir, "go-live");
    const release = join(env.dir, "release-live");
    const run = await launch(a, "gated", { arguments: [go, release] });
    // Both subscriptions are served (their first payload arrived) before the line is printed,
    // and the run cannot end before both have delivered the line: nothing can come from replay
    // or from the run's end. One of the two instances did not ingest the line, so it got it
    // from the other through NATS.
    const served = new Set<string>();
    const sawLine = new Set<string>();
    const watch = (name: string, api: GraphQLClient) =>
      api.collect<{ executionEvents: EventShape }>(
        EVENTS_SUBSCRIPTION,
        { id: run.id, replay: true },
        {
          timeoutMs: 30_000,
          onFirst: () => {
            served.add(name);
            if (served.size === 2) writeFileSync(go, "");
          },
          onNext: (p) => {
            if (p.data?.executionEvents.log?.text !== "live line") return;
            sawLine.add(name);
            if (sawLine.size === 2) writeFileSync(release, "");
          },
        },
      );
    const [onA, onB] = await Promise.all([watch("a", a), watch("b", b)]);
    for (const payloads of [onA, onB]) {
      expect(payloads.flatMap((p) => p.errors ?? [])).toEqual([]);
      const events = payloads.map((p) => p.data!.executionEvents);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(logTexts(payloads)).toEqual(["live line", "released"]);
      expect(statuses(events).at(-1)).toBe("COMPLETED");
    }
  });

  it("without replay, delivery starts at the moment of subscribing and still has no gap", async () => {
    const go = join(env.dir, "go-waiting");
    const run = await launch(a, "waiting", { arguments: [go] });
    // The run is printing "waiting" lines and cannot end until the subscription has delivered one.
    const storedBefore = await waitFor("the run's first line to be stored", async () => {
      const rows = await env.sql<{ seq: number }>(
        `SELECT max(seq) AS seq FROM execution_event_log WHERE "executionId" = $1 HAVING bool_or(kind = 'LOG')`,
        [run.id],
      );
      return rows[0]?.seq;
    });
    const payloads = await b.collect<{ executionEvents: EventShape }>(
      EVENTS_SUBSCRIPTION,
      { id: run.id, replay: false },
      { timeoutMs: 30_000, onFirst: () => writeFileSync(go, "") },
    );
    expect(payloads.flatMap((p) => p.errors ?? [])).toEqual([]);
    const seqs = payloads.map((p) => p.data!.executionEvents.seq);
    expect(seqs[0]).toBeGreaterThan(storedBefore);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    expect(logTexts(payloads).filter((t) => t.startsWith("tick "))).toEqual(
      [...Array(20).keys()].map((i) => `tick ${i}`),
    );
    expect(payloads.at(-1)!.data!.executionEvents.status).toBe("COMPLETED");
  });
});
