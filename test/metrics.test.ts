import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNats } from "@baton/stack";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus, waitFor } from "./support/flows.js";
import { type Prometheus, startPrometheus } from "./support/prometheus.js";

/**
 * /metrics, /readyz and /healthz of a real control plane, scraped by a real
 * Prometheus (Debian's package), with real runs, a DAG, a schedule and a
 * trigger behind the numbers: every value checked here comes back through
 * Prometheus' query API.
 */
const TOKEN = "metrics-token-0123456789";
let env: TestEnv;
let prom: Prometheus;
let base: string;
let nc: NatsConnection;

const STEPS = [
  '::baton::{"v":1,"type":"step","step":"load","status":"STARTED"}',
  '::baton::{"v":1,"type":"step","step":"load","status":"STARTED","read":70,"write":69,"skip":1}',
  '::baton::{"v":1,"type":"step","step":"load","status":"COMPLETED","read":120,"write":118,"skip":2}',
];

beforeAll(async () => {
  env = await startEnv({ controlPlaneEnv: { BATON_METRICS_TOKEN: TOKEN }, runnerEnv: { RUNNER_CAPACITY: "3" } });
  base = env.api[0]!.url.replace(/\/graphql$/, "");
  const api = env.api[0]!;
  await defineTask(api, "load", env.script("load.sh", `#!/bin/sh\n${STEPS.map((l) => `echo '${l}'`).join("\n")}\n`));
  await defineTask(api, "broken", env.script("broken.sh", "#!/bin/sh\necho failing >&2\nexit 3\n"));
  nc = await connect({ servers: env.natsUrl });
  prom = await startPrometheus({ targets: [{ job: "baton", url: `${base}/metrics`, bearer: TOKEN }] });
}, 120_000);

afterAll(async () => {
  await nc?.close();
  await prom?.stop();
  await env?.stop();
});

/** The value of a query that must return exactly one series. */
async function value(expr: string): Promise<number> {
  const samples = await prom.query(expr);
  if (samples.length !== 1) throw new Error(`${expr}: ${samples.length} series`);
  return Number(samples[0]!.value[1]);
}

/** Waits until Prometheus has scraped a value for expr equal to want. */
async function until(expr: string, want: number): Promise<void> {
  await waitFor(`${expr} == ${want}`, async () => (await value(expr).catch(() => Number.NaN)) === want, 30_000).catch(
    async () => {
      throw new Error(`${expr} is ${await value(expr).catch((e) => String(e))}, expected ${want}`);
    },
  );
}

/** Waits until expr (one series) is at least min. */
async function atLeast(expr: string, min: number): Promise<void> {
  await waitFor(`${expr} >= ${min}`, async () => (await value(expr).catch(() => 0)) >= min, 30_000);
}

describe("metrics scraped by Prometheus", () => {
  it("counts runs by task and status, their durations, their step items and log lines", async () => {
    const api = env.api[0]!;
    for (let i = 0; i < 3; i++) await untilStatus(api, (await launch(api, "load")).id, ["COMPLETED"]);
    await untilStatus(api, (await launch(api, "broken")).id, ["FAILED"]);

    await until('baton_executions_ended_total{task="load",status="COMPLETED"}', 3);
    await until('baton_executions_ended_total{task="broken",status="FAILED"}', 1);
    expect(await value('baton_executions_started_total{task="load"}')).toBe(3);
    expect(await value('baton_execution_duration_seconds_count{task="load"}')).toBe(3);
    expect(await value('baton_execution_launch_to_start_seconds_count{task="broken"}')).toBe(1);
    // Step lines carry running totals; the counter adds what each line added: 120 read per run.
    expect(await value('baton_step_items_total{task="load",step="load",kind="read"}')).toBe(360);
    expect(await value('baton_step_items_total{task="load",step="load",kind="skip"}')).toBe(6);
    expect(await value('baton_log_lines_total{stream="stderr"}')).toBeGreaterThanOrEqual(1);
    expect(await value('baton_events_ingested_total{kind="STATUS"}')).toBeGreaterThanOrEqual(4 * 3);
    expect(await value("baton_ingest_lag_seconds_count")).toBeGreaterThan(0);
    expect(await value("baton_leader")).toBe(1);
    expect(await value('baton_build_info{component="control-plane"}')).toBe(1);
    // prom-client's process metrics come along.
    expect(await value('process_resident_memory_bytes{job="baton"}')).toBeGreaterThan(0);
  });

  it("reports the queue by pool and a bounded reason, and the fleet's slots", async () => {
    const api = env.api[0]!;
    const stuck = await launch(api, "load", { properties: { pool: "nowhere" } });
    await until('baton_queue_depth{pool="nowhere",reason="no_runner"}', 1);
    expect(await value('baton_queue_oldest_wait_seconds{pool="nowhere",reason="no_runner"}')).toBeGreaterThanOrEqual(0);
    await until('sum(baton_fleet_slots{pool="default"})', 3);
    expect(await value('baton_fleet_slots{pool="default",state="free"}')).toBe(3);
    await api.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: stuck.id });
    await until('count(baton_queue_depth{pool="nowhere"}) or vector(0)', 0);
  });

  it("counts a DAG run and its nodes, a schedule's fires with their jitter, and trigger messages", async () => {
    const api = env.api[0]!;
    await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
      i: { name: "nightly", definition: "load && broken" },
    });
    const run = await api.ok<{ launchDag: { id: string } }>(`mutation { launchDag(input: {name: "nightly"}) { id } }`);
    await waitFor(
      "the DAG run to fail",
      async () =>
        (
          await api.ok<{ dagRun: { status: string } }>(`query($id: ID!) { dagRun(id: $id) { status } }`, {
            id: run.launchDag.id,
          })
        ).dagRun.status === "FAILED",
      30_000,
    );
    await until('baton_dag_runs_ended_total{dag="nightly",status="FAILED"}', 1);
    expect(await value('baton_dag_node_duration_seconds_count{dag="nightly",node="load"}')).toBe(1);

    await api.ok(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
      i: { name: "every-second", task: "load", cron: "* * * * * *" },
    });
    await atLeast('baton_schedule_fires_total{schedule="every-second",outcome="started"}', 2);
    await api.ok(`mutation { deleteSchedule(name: "every-second") }`);
    expect(await value('baton_schedule_jitter_seconds_count{schedule="every-second"}')).toBeGreaterThanOrEqual(2);

    const subject = `metrics-${env.prefix}.orders`;
    await api.ok(`mutation($i: CreateTriggerInput!) { createTrigger(input: $i) { name } }`, {
      i: { name: "orders", task: "load", subject, dedupKey: "{{ .id }}", dedupWindowSeconds: 600 },
    });
    // The trigger's subject reaches the stream within the reconcile; send until one is counted.
    await waitFor(
      "two trigger messages counted",
      async () => {
        nc.publish(subject, JSON.stringify({ id: "order-1" }));
        return (await value('sum(baton_trigger_messages_total{trigger="orders"})').catch(() => 0)) >= 2;
      },
      30_000,
    );
    expect(await value('baton_trigger_messages_total{trigger="orders",outcome="started"}')).toBe(1);
    expect(await value('baton_trigger_messages_total{trigger="orders",outcome="deduplicated"}')).toBeGreaterThanOrEqual(
      1,
    );
  });

  it("counts open subscriptions, and closes them out when the client goes", async () => {
    const api = env.api[0]!;
    const id = (await launch(api, "load", { properties: { pool: "nowhere" } })).id;
    const before = await value("baton_subscriptions_open");
    const ws = createClient({ url: api.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const stop = ws.subscribe(
      { query: `subscription($id: ID!) { executionEvents(executionId: $id) { seq } }`, variables: { id } },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await until("baton_subscriptions_open", before + 1);
    stop();
    await until("baton_subscriptions_open", before);
    // A client that just goes away (no complete message) is counted out too.
    ws.subscribe(
      { query: `subscription($id: ID!) { executionEvents(executionId: $id) { seq } }`, variables: { id } },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await until("baton_subscriptions_open", before + 1);
    await ws.dispose();
    await until("baton_subscriptions_open", before);
    await api.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id });
  });
});

describe("/metrics, /healthz and /readyz", () => {
  it("/metrics needs its own bearer token; an API credential or none is refused", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/BATON_METRICS_TOKEN/);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await ok.text();
    // No execution ids among the labels: cardinality stays bounded by names.
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it("/healthz is up; /readyz names Postgres, migrations, NATS and JetStream, and says which is missing", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ok: true,
      checks: { postgres: true, migrations: true, nats: true, jetstream: true },
    });
    // A migration this build ships that the database does not record: not ready, and why.
    const [last] = await env.sql<{ migration_name: string; id: string }>(
      `SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`,
    );
    await env.sql(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = $1`, [last!.id]);
    try {
      const notReady = await waitFor(
        "/readyz to answer 503",
        async () => {
          const r = await fetch(`${base}/readyz`);
          const body = (await r.json()) as { checks: Record<string, unknown> };
          return r.status === 503 && body;
        },
        10_000,
      );
      expect(notReady.checks.migrations).toMatch(new RegExp(`${last!.migration_name}.*BATON_MIGRATE=true`));
      expect(notReady.checks.postgres).toBe(true);
    } finally {
      await env.sql(`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE id = $1`, [last!.id]);
    }
    await waitFor("/readyz to answer 200 again", async () => (await fetch(`${base}/readyz`)).status === 200, 10_000);
  });

  it("/readyz turns 503 naming NATS while the control plane's NATS is down, and 200 once it is back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-readyz-"));
    let nats = await startNats({ dataDir: join(dir, "nats") });
    const port = Number(new URL(nats.url).port);
    const own = await startEnv({ natsUrl: nats.url, runners: 0 });
    try {
      const url = own.api[0]!.url.replace(/\/graphql$/, "/readyz");
      expect((await fetch(url)).status).toBe(200);
      await nats.stop();
      const down = await waitFor(
        "/readyz to answer 503",
        async () => {
          const r = await fetch(url);
          return r.status === 503 && ((await r.json()) as { checks: Record<string, unknown> });
        },
        20_000,
      );
      expect(down.checks.nats).toMatch(/^(not connected to NATS|no answer)/);
      expect(down.checks.postgres).toBe(true);
      nats = await startNats({ dataDir: join(dir, "nats"), port });
      await waitFor("/readyz to answer 200 again", async () => (await fetch(url)).status === 200, 30_000);
    } finally {
      await own.stop();
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("logs JSON lines; the lines about a run carry its execution id, task and the request's correlation id", async () => {
    const api = env.api[0]!;
    const lines: Record<string, unknown>[] = [];
    const stderr = env.controlPlanes[0]!.process.stderr!;
    let partial = "";
    const listen = (d: Buffer) => {
      const parts = (partial + d.toString()).split("\n");
      partial = parts.pop() ?? "";
      for (const p of parts) if (p.startsWith("{")) lines.push(JSON.parse(p) as Record<string, unknown>);
    };
    stderr.on("data", listen);
    try {
      const res = await api.request<{ launchTask: { id: string } }>(
        `mutation { launchTask(input: { task: "load" }) { id } }`,
        {},
        { "x-correlation-id": "corr-metrics-1" },
      );
      const id = res.data!.launchTask.id;
      const line = await waitFor("the launch's log line", async () => lines.find((l) => l.executionId === id), 10_000);
      expect(line).toMatchObject({
        level: 30,
        task: "load",
        correlationId: "corr-metrics-1",
        component: "control-plane",
      });
      expect(line.msg).toMatch(/queued/);
      await untilStatus(api, id, ["COMPLETED"]);
    } finally {
      stderr.off("data", listen);
    }
  });
});
