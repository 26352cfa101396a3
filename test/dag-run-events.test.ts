import { subjects } from "@baton/proto";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type Client, createClient } from "graphql-ws";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Bus, connectBus } from "../services/control-plane/src/bus/connection.js";
import { LiveHub } from "../services/control-plane/src/bus/live.js";
import { DagRunNotifier } from "../services/control-plane/src/bus/notifier.js";
import { DagRunReads, type DagRunSnapshot } from "../services/control-plane/src/services/dags/dag-run-reads.js";
import { DagRunWatches } from "../services/control-plane/src/services/dags/dag-run-reads-live.js";
import { createPool } from "../services/control-plane/src/store/pool.js";
import { dagClient, job, TERMINAL } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask } from "./support/flows.js";

// dagRunEvents is driven by events: the run's notification (a node inserted,
// the run ended) and its node executions' STATUS events on the live fan-out.
// A node going QUEUED -> DISPATCHED -> RUNNING publishes no DAG run
// notification, so these tests hold a node QUEUED behind the DAG's
// maxConcurrent (another run's node holds the only place), free it, and
// expect its RUNNING to reach the subscribers with nothing else to wake them.
// The quiet safety net is pushed out of the test's reach
// (BATON_LIVE_FALLBACK_MS=600000, and quietMs for the in-process watcher).

interface Snapshot {
  id: string;
  status: string;
  nodes: { node: { id: string }; status: string | null; execution: { id: string; status: string } | null }[];
}

const SUBSCRIPTION = `subscription($id: ID!) {
  dagRunEvents(id: $id) { id status nodes { node { id } status execution { id status } } }
}`;

/** Collects values as they arrive; `until` resolves on the first that matches, and rejects if the source ends first. */
class Collected<T> {
  readonly values: T[] = [];
  private ended: Error | undefined;
  private readonly waiters: { match: (v: T) => boolean; resolve: (v: T) => void; reject: (e: Error) => void }[] = [];

  push(value: T): void {
    this.values.push(value);
    for (const w of [...this.waiters]) {
      if (!w.match(value)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(value);
    }
  }

  end(err?: Error): void {
    this.ended = err ?? new Error(`ended after ${this.values.length} values without a match`);
    for (const w of this.waiters.splice(0)) w.reject(this.ended);
  }

  until(match: (v: T) => boolean): Promise<T> {
    const found = this.values.find(match);
    if (found) return Promise.resolve(found);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }
}

const nodeStatus = (s: Snapshot, id: string): string | null => s.nodes.find((n) => n.node.id === id)?.status ?? null;
/** The same for a snapshot as the read service hands it out (every attempt of every node). */
const currentStatus = (s: DagRunSnapshot, id: string): string | null =>
  s.nodes.find((n) => n.nodeId === id && n.current)?.status ?? null;

describe("dagRunEvents: driven by node events, one read per change", () => {
  let env: TestEnv;
  let nc: NatsConnection;
  const clients: Client[] = [];
  beforeAll(async () => {
    env = await startEnv({ controlPlaneEnv: { BATON_LIVE_FALLBACK_MS: "600000" } });
    nc = await connect({ servers: env.natsUrl });
    await defineTask(env.api[0]!, "a", env.script("job.mjs", job(env.dir)));
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await nc?.close();
    await env?.stop();
  });

  const dags = () => dagClient(env.api[0]!);

  /** A DAG of one node whose runs go one at a time: a second run's node waits QUEUED. */
  const createHeldDag = (name: string) =>
    env.api[0]!.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
      i: { name, definition: "a", maxConcurrent: 1 },
    });

  /** Every payload of one dagRunEvents subscription, on a socket of its own. */
  const subscribe = (runId: string): { payloads: Collected<Snapshot>; done: Promise<void> } => {
    const client = createClient({
      url: env.api[0]!.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    const payloads = new Collected<Snapshot>();
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<{ dagRunEvents: Snapshot }>(
        { query: SUBSCRIPTION, variables: { id: runId } },
        {
          next: (p) => {
            if (p.errors?.length) payloads.end(new Error(JSON.stringify(p.errors)));
            else if (p.data) payloads.push(p.data.dagRunEvents);
          },
          error: (err) => {
            const e = err instanceof Error ? err : new Error(JSON.stringify(err));
            payloads.end(e);
            reject(e);
          },
          complete: () => {
            payloads.end();
            resolve();
          },
        },
      );
    });
    return { payloads, done };
  };

  /** Run 1 holds the DAG's only place (its node RUNNING until `go-<tag>-1` exists); run 2's node waits QUEUED. */
  const holdTwoRuns = async (dag: string, tag: string) => {
    await createHeldDag(dag);
    const first = await dags().launchDag(dag, { arguments: [`--await=go-${tag}-1`] });
    const firstWatch = subscribe(first.id);
    await firstWatch.payloads.until((s) => nodeStatus(s, "a") === "RUNNING");
    const second = await dags().launchDag(dag, { arguments: [`--await=go-${tag}-2`] });
    return { first, firstWatch, second };
  };

  it("delivers a node's RUNNING to every subscriber with no DAG run notification in between", async () => {
    const { first, firstWatch, second } = await holdTwoRuns("held-graphql", "g");
    const notified: number[] = [];
    const sub = nc.subscribe(subjects(env.prefix).dagRun(second.id));
    void (async () => {
      for await (const _ of sub) notified.push(Date.now());
    })();
    await nc.flush();

    const watchers = Array.from({ length: 5 }, () => subscribe(second.id));
    for (const w of watchers) {
      const firstSnapshot = await w.payloads.until(() => true);
      expect(firstSnapshot.status).toBe("RUNNING");
      expect(nodeStatus(firstSnapshot, "a")).toBe("QUEUED");
    }
    const notifiedBefore = notified.length;

    // Free the place: run 1's node ends, admission starts run 2's node. Nothing notifies run 2 until its node ends.
    env.script("go-g-1", "");
    const running = await Promise.all(watchers.map((w) => w.payloads.until((s) => nodeStatus(s, "a") === "RUNNING")));
    expect(notified.length).toBe(notifiedBefore);
    for (const s of running) {
      expect(s.status).toBe("RUNNING");
      expect(s.nodes[0]!.execution?.status).toBe("RUNNING");
    }

    env.script("go-g-2", "");
    await Promise.all(watchers.map((w) => w.done));
    await firstWatch.done;
    sub.unsubscribe();
    for (const w of watchers) {
      const last = w.payloads.values.at(-1)!;
      expect(last.status).toBe("COMPLETED");
      expect(nodeStatus(last, "a")).toBe("COMPLETED");
      expect(w.payloads.values.slice(0, -1).every((s) => !TERMINAL.includes(s.status))).toBe(true);
    }
    expect((await dags().getRun(first.id)).status).toBe("COMPLETED");
  });

  describe("in this process: many subscribers of one run share each read", () => {
    let bus: Bus;
    let pool: pg.Pool;
    beforeAll(async () => {
      bus = await connectBus(env.natsUrl, env.prefix, "dag-run-events test");
      pool = createPool(env.databaseUrl, 2, () => undefined);
    });
    afterAll(async () => {
      await bus?.nc.close();
      await pool?.end();
    });

    it("makes one snapshot read per change for 10 subscribers, and hands them all the same snapshots", async () => {
      const reads = new DagRunReads(pool, { dagsByIds: async () => [] });
      const watches = new DagRunWatches(reads, new DagRunNotifier(bus), new LiveHub(bus), { quietMs: 600_000 });
      const { firstWatch, second } = await holdTwoRuns("held-shared", "s");

      const N = 10;
      const seen = Array.from({ length: N }, () => new Collected<DagRunSnapshot>());
      const consumers = seen.map(async (collected) => {
        try {
          for await (const s of watches.watch(second.id)) collected.push(s);
          collected.end();
        } catch (err) {
          collected.end(err as Error);
        }
      });
      for (const c of seen) expect(currentStatus(await c.until(() => true), "a")).toBe("QUEUED");
      expect(watches.watched).toBe(1);
      // The first read, and one more after it began listening to the node's execution: not one per subscriber.
      const joined = reads.snapshotReads;
      expect(joined).toBeLessThanOrEqual(2);

      env.script("go-s-1", "");
      await Promise.all(seen.map((c) => c.until((s) => currentStatus(s, "a") === "RUNNING")));
      env.script("go-s-2", "");
      await Promise.all(consumers);
      await firstWatch.done;

      const changes = seen[0]!.values.length - 1; // snapshots delivered after the first
      const readsForChanges = reads.snapshotReads - joined;
      expect(changes).toBeGreaterThanOrEqual(2); // RUNNING (DISPATCHED may show too), then COMPLETED
      expect(readsForChanges).toBeGreaterThanOrEqual(changes);
      // Per-subscriber reading would take at least N reads per change; a shared reader takes one, plus at most
      // one re-read when two wake-ups for one change (the node's end event and the run's notification) overlap.
      expect(readsForChanges).toBeLessThanOrEqual(2 * changes);
      expect(readsForChanges).toBeLessThan(N);
      // The very same snapshot objects: one read fanned out, not ten reads that happen to agree.
      for (const c of seen) {
        expect(c.values).toHaveLength(seen[0]!.values.length);
        for (const [i, s] of c.values.entries()) expect(s).toBe(seen[0]!.values[i]);
      }
      expect(seen[0]!.values.at(-1)!.run.status).toBe("COMPLETED");
      expect(watches.watched).toBe(0);
    });
  });
});
