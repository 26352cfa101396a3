import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, EVENTS_SUBSCRIPTION, type EventShape, waitFor } from "./support/flows.js";

// The live fan-out (every control plane listens on <prefix>.live.*) must
// survive whatever else arrives on those subjects: text that is not JSON,
// JSON of the wrong shape, an empty payload. After a burst of such garbage,
// a subscription without replay must still get events through the LIVE path.
//
// How the test tells the live path from the subscription's Postgres fallback
// (it reads the store after a quiet second): the run is held still (its task
// waits for a file), and the test publishes on the run's live subject one
// well-formed event with the next seq that exists in no table. Only the live
// fan-out can deliver it; the fallback never could. The run's own remaining
// events follow once the file exists.

/** Prints a line, waits (at most 2 minutes) for the file named by its argument, prints another, exits. */
const WAITER = (dir: string) => `
import { existsSync } from "node:fs";
import { join } from "node:path";
const file = join(${JSON.stringify(dir)}, process.argv[2]);
console.log("first line");
const deadline = Date.now() + 120_000;
const timer = setInterval(() => {
  if (existsSync(file) || Date.now() > deadline) {
    clearInterval(timer);
    console.log("second line");
  }
}, 50);
`;

describe("live fan-out after malformed messages", () => {
  let env: TestEnv;
  let nc: NatsConnection;
  beforeAll(async () => {
    env = await startEnv();
    nc = await connect({ servers: env.natsUrl });
    await defineTask(env.api[0]!, "waiter", env.script("waiter.mjs", WAITER(env.dir)));
  });
  afterAll(async () => {
    await nc?.close();
    await env?.stop();
  });

  const garbage = (executionId: string): [string, string | Uint8Array][] => {
    const live = (id: string) => `${env.prefix}.live.${id}`;
    return [
      [live("garbage"), "this is not JSON {"],
      [live(randomUUID()), new Uint8Array()],
      [live(randomUUID()), "null"],
      [live(randomUUID()), "[1,2,3]"],
      [live(randomUUID()), JSON.stringify({ hello: "world" })],
      [live(executionId), JSON.stringify({ executionId, events: "not a list" })],
      [live(executionId), JSON.stringify({ executionId, events: [{ seq: "x" }] })],
      [live(executionId), JSON.stringify({ executionId, events: [{ executionId, seq: 1, kind: "STATUS", at: "x" }] })],
      [live(executionId), JSON.stringify({ executionId: randomUUID(), events: [] })],
      [`${env.prefix}.dagrun.${randomUUID()}`, "not JSON either"],
      [`${env.prefix}.dagrun.garbage`, new Uint8Array([0xff, 0xfe, 0x00])],
    ];
  };

  it("delivers a run's events live after garbage on the live subjects", async () => {
    const api = env.api[0]!;
    const launched = await api.ok<{ launchTask: { id: string } }>(
      `mutation { launchTask(input: { task: "waiter", arguments: ["first.go"] }) { id } }`,
    );
    const id = launched.launchTask.id;
    // The run is RUNNING, has printed its first line, and now waits for the file.
    const lastSeq = await waitFor("the first line to be stored", async () => {
      const [row] = await env.sql<{ status: string; lastSeq: number }>(
        `SELECT status, "lastSeq" FROM executions WHERE id = $1`,
        [id],
      );
      const logs = await env.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM execution_event_log WHERE "executionId" = $1 AND kind = 'LOG'`,
        [id],
      );
      return row?.status === "RUNNING" && logs[0]?.n === 1 ? row.lastSeq : undefined;
    });

    for (const [subject, payload] of garbage(id)) nc.publish(subject, payload);
    await nc.flush();

    // Subscribe without replay: from lastSeq + 1 on, nothing is stored while the run waits.
    const received: EventShape[] = [];
    let completed = false;
    let failure: unknown;
    const ws = createClient({ url: api.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const dispose = ws.subscribe<{ executionEvents: EventShape }>(
      { query: EVENTS_SUBSCRIPTION, variables: { id, replay: false } },
      {
        next: (value) => {
          if (value.errors) failure = value.errors;
          if (value.data) received.push(value.data.executionEvents);
        },
        error: (err) => {
          failure = err;
        },
        complete: () => {
          completed = true;
        },
      },
    );
    try {
      // The probe: the next seq, sent the way a control plane sends it, after the garbage (one
      // connection keeps its order). Sent again until it arrives, since the server may not be
      // listening yet when the first copy passes; copies of a seq already delivered are dropped.
      // The next seq is read each time: a late DISPATCHED may still have been stored meanwhile.
      const probe = (seq: number) => ({
        executionId: id,
        events: [
          {
            executionId: id,
            seq,
            kind: "LOG",
            payload: { stream: "stdout", text: "probe through the live fan-out" },
            at: new Date().toISOString(),
          },
        ],
      });
      let stored = lastSeq;
      const arrived = await waitFor(
        "the probe to arrive through the live fan-out",
        async () => {
          if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
          const hit = received.find((e) => e.log?.text === "probe through the live fan-out");
          if (hit) return hit;
          const [row] = await env.sql<{ lastSeq: number }>(`SELECT "lastSeq" FROM executions WHERE id = $1`, [id]);
          stored = row?.lastSeq ?? stored;
          nc.publish(`${env.prefix}.live.${id}`, JSON.stringify(probe(stored + 1)));
          return undefined;
        },
        30_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; stored lastSeq ${stored}, received ${JSON.stringify(received)}`);
      });
      expect(arrived).toMatchObject({ executionId: id, kind: "LOG" });
      // Delivered while the run was still waiting: it is RUNNING, and no event with the probe's seq is stored.
      const [row] = await env.sql<{ status: string; lastSeq: number }>(
        `SELECT status, "lastSeq" FROM executions WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({ status: "RUNNING", lastSeq: arrived.seq - 1 });

      // Let the run finish: its terminal status still reaches the same subscription.
      writeFileSync(join(env.dir, "first.go"), "");
      await waitFor("the subscription to complete", async () => {
        if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
        return completed;
      });
      const last = received.at(-1);
      expect(last).toMatchObject({ kind: "STATUS", status: "COMPLETED" });
      expect(received.map((e) => e.seq)).toEqual([...received.map((e) => e.seq)].sort((a, b) => a - b));
    } finally {
      dispose();
      await ws.dispose();
    }
  });

  it("streams a later run's every event, in order, to the end after more garbage", async () => {
    const api = env.api[0]!;
    for (const [subject, payload] of garbage(randomUUID())) nc.publish(subject, payload);
    await nc.flush();
    const launched = await api.ok<{ launchTask: { id: string } }>(
      `mutation { launchTask(input: { task: "waiter", arguments: ["second.go"] }) { id } }`,
    );
    const id = launched.launchTask.id;
    const lastSeq = await waitFor("the first line to be stored", async () => {
      const [row] = await env.sql<{ status: string; lastSeq: number }>(
        `SELECT status, "lastSeq" FROM executions WHERE id = $1`,
        [id],
      );
      return row?.status === "RUNNING" ? row.lastSeq : undefined;
    });
    expect(lastSeq).toBeGreaterThan(0);
    const events = await api.collect<{ executionEvents: EventShape }>(
      EVENTS_SUBSCRIPTION,
      { id, replay: true },
      {
        timeoutMs: 60_000,
        onFirst: () => writeFileSync(join(env.dir, "second.go"), ""),
      },
    );
    const stream = events.map((p) => p.data?.executionEvents as EventShape);
    expect(stream.map((e) => e.seq)).toEqual(stream.map((_, i) => i + 1));
    expect(stream.filter((e) => e.kind === "LOG").map((e) => e.log?.text)).toEqual(["first line", "second line"]);
    expect(stream.at(-1)).toMatchObject({ kind: "STATUS", status: "COMPLETED" });
  });
});
