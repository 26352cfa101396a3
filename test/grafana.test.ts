import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@baton/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus, waitFor } from "./support/flows.js";
import { type Prometheus, type Sample, startPrometheus } from "./support/prometheus.js";

/**
 * deploy/grafana/baton.json against a real Prometheus (Debian's 2.42) that scrapes a real control
 * plane and runner after real work: every panel query parses, names only metrics Baton exports,
 * and returns data. The harness itself is first checked against Prometheus scraping itself.
 */

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

// ---------------------------------------------------------------- the dashboard model

interface Target {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  query?: string | { query?: string };
  definition?: string;
  allValue?: string;
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: Variable[] };
  panels: Panel[];
}

const dashboard = JSON.parse(readFileSync(join(repoRoot, "deploy", "grafana", "baton.json"), "utf8")) as Dashboard;
/** Every panel that queries (rows hold no queries; a collapsed row's panels count too). */
const queryPanels: Panel[] = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== "row");
/** Grafana's reference to the datasource variable, as the panels must name it. */
const DATASOURCE_VAR = ["$", "{datasource}"].join("");
const queries: { panel: string; refId: string; expr: string }[] = queryPanels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr })),
);

/** What Grafana sends for the expression: the dashboard's variables replaced by values for "All" over the last minute. */
const substitute = (expr: string): string =>
  expr
    .replaceAll(/\$\{?task\}?/g, ".*")
    .replaceAll(/\$\{?__rate_interval\}?/g, "1m")
    .replaceAll(/\$\{?__interval\}?/g, "15s")
    .replaceAll(/\$\{?datasource\}?/g, "");

/** The metric names an expression reads: identifiers outside strings and label matchers ({...}). */
function metricNamesIn(expr: string): string[] {
  const bare = expr.replaceAll(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""').replaceAll(/\{[^}]*\}/g, "{}");
  return [...new Set([...bare.matchAll(/\b(?:baton|process|nodejs)_[a-zA-Z0-9_:]*/g)].map((m) => m[0]))];
}

describe("deploy/grafana/baton.json", () => {
  it("is a schema-39 dashboard with a Prometheus datasource variable and a task variable, every query on it", () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.get("datasource")).toMatchObject({ type: "datasource", query: "prometheus" });
    const task = vars.get("task");
    expect(task?.type).toBe("query");
    expect(task?.definition).toBe("label_values(baton_executions_ended_total, task)");
    expect(typeof task?.query === "object" ? task.query.query : task?.query).toBe(
      "label_values(baton_executions_ended_total, task)",
    );
    expect(task?.allValue).toBe(".*");
    const ids = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(queryPanels.length).toBeGreaterThanOrEqual(15);
    for (const p of queryPanels) {
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      expect(p.datasource, p.title).toEqual({ type: "prometheus", uid: DATASOURCE_VAR });
      for (const t of p.targets ?? []) expect(t.datasource, `${p.title} ${t.refId}`).toEqual(p.datasource);
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    }
  });

  it("covers what issue 14 asks a dashboard to show", () => {
    const all = queries.map((q) => q.expr).join("\n");
    for (const name of [
      "baton_executions_ended_total",
      "baton_queue_depth",
      "baton_queue_oldest_wait_seconds",
      "baton_execution_duration_seconds_bucket",
      "baton_fleet_slots",
      "baton_fleet_memory_bytes",
      "baton_runner_slots",
      "baton_runner_memory_bytes",
      "baton_step_items_total",
      "baton_schedule_jitter_seconds_bucket",
      "baton_schedule_fires_total",
      "baton_ingest_lag_seconds_bucket",
      "baton_events_ingested_total",
      "baton_log_lines_total",
      "baton_subscriptions_open",
      "baton_retention_deleted_total",
    ]) {
      expect(all).toContain(name);
    }
    expect(all).toMatch(
      /histogram_quantile\(0\.95, sum by \(task, le\) \(rate\(baton_execution_duration_seconds_bucket/,
    );
  });

  it("the name extraction ignores label matchers and strings", () => {
    expect(
      metricNamesIn(
        'sum by (task) (rate(baton_x_total{task=~"baton_not_a_metric", kind="process_no"}[1m])) / nodejs_y or process_z',
      ),
    ).toEqual(["baton_x_total", "nodejs_y", "process_z"]);
    expect(substitute(`rate(a{task=~"$task"}[$__rate_interval]) + b[$\{__interval}] ${DATASOURCE_VAR}`)).toBe(
      'rate(a{task=~".*"}[1m]) + b[15s] ',
    );
  });
});

// ---------------------------------------------------------------- the harness, against Prometheus itself

describe("test/support/prometheus.ts", () => {
  it("scrapes itself, answers queries, tells a bad expression, and waits for a scrape but not for a target that is down", async () => {
    const closed = await freePort();
    const prom = await startPrometheus({
      targets: [{ job: "nobody", url: `http://127.0.0.1:${closed}/metrics`, bearer: "x".repeat(20) }],
      scrapeSelf: true,
      scrapeIntervalMs: 500,
    });
    try {
      const after = Date.now();
      await prom.waitForScrape("prometheus", after);
      const up = await prom.query('up{job="prometheus"}');
      expect(up.map((s) => s.value[1])).toEqual(["1"]);
      expect(await prom.metricNames()).toContain("prometheus_build_info");
      expect(await prom.queryRaw("sum(rate(prometheus_http_requests_total[1m]")).toMatchObject({
        status: "error",
        errorType: "bad_data",
      });
      expect((await prom.queryRaw("vector(1)")).status).toBe("success");
      await expect(prom.query("sum(")).rejects.toThrow(/bad_data/);
      // The target on a closed port was scraped too, and failed: waitForScrape must not accept it.
      await waitFor("a failed scrape of nobody", async () => (await prom.query('up{job="nobody"} == 0')).length > 0);
      await expect(prom.waitForScrape("nobody", Date.now(), 1500)).rejects.toThrow(/timed out waiting for Prometheus/);
    } finally {
      await prom.stop();
    }
  });
});

// ---------------------------------------------------------------- every panel, against Baton

const STEP_SCRIPT = `#!/usr/bin/env node
const step = (o) => console.log("::baton::" + JSON.stringify({ v: 1, type: "step", ...o }));
step({ step: "load", status: "STARTED" });
console.log("loading");
console.error("a warning on stderr");
step({ step: "load", status: "STARTED", read: 50, write: 48, commit: 1, skip: 2 });
step({ step: "load", status: "COMPLETED", read: 100, write: 96, commit: 2, skip: 4 });
`;

describe("every query of baton.json against a Prometheus scraping a control plane and a runner", () => {
  let env: TestEnv;
  let prom: Prometheus;
  const planeToken = randomBytes(16).toString("hex");
  const runnerToken = randomBytes(16).toString("hex");

  beforeAll(async () => {
    env = await startEnv({
      runners: 0,
      controlPlaneEnv: {
        BATON_METRICS_TOKEN: planeToken,
        // Retention keeps the last 2 runs of a task and runs often, so the schedule's runs are deleted.
        BATON_RETENTION_RUNS: "2",
        BATON_RETENTION_INTERVAL_MS: "500",
      },
    });
    const runnerPort = await freePort();
    await env.startRunner({ RUNNER_HTTP_PORT: String(runnerPort), RUNNER_METRICS_TOKEN: runnerToken });
    await waitFor("the runner to register", async () => (await env.sql("SELECT id FROM runners")).length === 1);
    const api = env.api[0];
    if (!api) throw new Error("no control plane");
    prom = await startPrometheus({
      targets: [
        { job: "baton-control-plane", url: api.url.replace(/\/graphql$/, "/metrics"), bearer: planeToken },
        { job: "baton-runner", url: `http://127.0.0.1:${runnerPort}/metrics`, bearer: runnerToken },
      ],
      scrapeIntervalMs: 500,
    });
    await prom.waitForScrape("baton-control-plane");
    await prom.waitForScrape("baton-runner");

    await defineTask(api, "stepper", env.script("stepper.mjs", STEP_SCRIPT));
    await defineTask(api, "breaks", env.script("breaks.sh", "#!/bin/sh\necho failing >&2\nexit 3\n"));
    await defineTask(api, "tick", env.script("tick.sh", "#!/bin/sh\necho tick\n"));
    // A run no runner can take (no runner serves pool "nowhere"): it stays QUEUED, so the queue has depth.
    const stuck = await launch(api, "tick", { properties: { pool: "nowhere" } });
    expect(stuck.status).toBe("QUEUED");

    // Two rounds with a scrape between them: a counter's first sample is already its value, so
    // rate() over the panels' window sees growth only from the second round on.
    for (let round = 0; round < 2; round++) {
      const ok = await launch(api, "stepper");
      const bad = await launch(api, "breaks");
      await untilStatus(api, ok.id, ["COMPLETED"]);
      await untilStatus(api, bad.id, ["FAILED"]);
      await prom.waitForScrape("baton-control-plane");
      await prom.waitForScrape("baton-runner");
    }

    await api.ok(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
      i: { name: "every-second", task: "tick", cron: "* * * * * *" },
    });
    // Retention deleting the schedule's older runs, seen by Prometheus (so after several fires).
    await waitFor(
      "Prometheus to see retention delete executions",
      async () => (await prom.query('sum(baton_retention_deleted_total{kind="executions"}) > 1')).length > 0,
      60_000,
    );
    await api.ok(`mutation($i: UpdateScheduleInput!) { updateSchedule(input: $i) { enabled } }`, {
      i: { name: "every-second", enabled: false },
    });
    const done = Date.now();
    await prom.waitForScrape("baton-control-plane", done);
    await prom.waitForScrape("baton-runner", done);
  }, 180_000);

  afterAll(async () => {
    await prom?.stop();
    await env?.stop();
  });

  it("every expression parses with the variables substituted", async () => {
    const refused: string[] = [];
    for (const q of queries) {
      const answer = await prom.queryRaw(substitute(q.expr));
      if (answer.status !== "success") refused.push(`${q.panel} ${q.refId}: ${answer.errorType}: ${answer.error}`);
    }
    expect(refused).toEqual([]);
  });

  it("every metric an expression names is one Prometheus has scraped from Baton", async () => {
    const names = new Set(await prom.metricNames());
    const missing = queries.flatMap((q) =>
      metricNamesIn(q.expr)
        .filter((n) => !names.has(n))
        .map((n) => `${q.panel} ${q.refId}: ${n}`),
    );
    expect(queries.every((q) => metricNamesIn(q.expr).length > 0)).toBe(true);
    expect(missing).toEqual([]);
  });

  it("every query returns at least one series after the work", async () => {
    const empty: string[] = [];
    for (const q of queries) {
      if ((await prom.query(substitute(q.expr))).length === 0) empty.push(`${q.panel} ${q.refId}: ${q.expr}`);
    }
    expect(empty).toEqual([]);
  });

  const exprOf = (title: string, refId = "A"): string => {
    const q = queries.find((x) => x.panel === title && x.refId === refId);
    if (!q) throw new Error(`no panel "${title}" with query ${refId} in baton.json`);
    return substitute(q.expr);
  };
  const byLabels = (samples: Sample[], labels: Record<string, string>): number[] =>
    samples.filter((s) => Object.entries(labels).every(([k, v]) => s.metric[k] === v)).map((s) => Number(s.value[1]));

  it("the panels show the work that was done", async () => {
    const ended = await prom.query(exprOf("Runs ended per second, by status"));
    expect(byLabels(ended, { status: "COMPLETED" })[0]).toBeGreaterThan(0);
    expect(byLabels(ended, { status: "FAILED" })[0]).toBeGreaterThan(0);

    const failure = await prom.query(exprOf("Failure rate by task"));
    expect(byLabels(failure, { task: "breaks" })).toEqual([1]);
    expect(byLabels(failure, { task: "stepper" })).toEqual([0]);

    const p95 = byLabels(await prom.query(exprOf("p95 run duration by task")), { task: "stepper" })[0];
    expect(p95).toBeGreaterThan(0);
    expect(Number.isFinite(p95)).toBe(true);

    const queue = await prom.query(exprOf("Queue depth by pool and reason"));
    expect(byLabels(queue, { pool: "nowhere" })).toEqual([1]);

    const steps = await prom.query(exprOf("Step throughput by task, step and kind"));
    for (const kind of ["read", "write", "skip"]) {
      expect(byLabels(steps, { task: "stepper", step: "load", kind })[0], kind).toBeGreaterThan(0);
    }

    const slots = await prom.query(exprOf("Slots per runner (runners' own /metrics)"));
    expect(slots.map((s) => s.metric.state).sort()).toEqual(["free", "used"]);

    const fires = await prom.query(exprOf("Schedule fires by outcome"));
    expect(Math.max(...byLabels(fires, { schedule: "every-second" }))).toBeGreaterThan(0);
    const jitter = byLabels(await prom.query(exprOf("Schedule jitter p95")), { schedule: "every-second" })[0];
    expect(Number.isFinite(jitter)).toBe(true);

    expect(Number((await prom.query(exprOf("Leader")))[0]?.value[1])).toBe(1);
  });
});
