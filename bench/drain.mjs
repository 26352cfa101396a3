#!/usr/bin/env node
// `node bench/drain.mjs`: how fast Baton drains a backlog (issue 10).
//   bare:   BENCH_DRAIN_RUNS (10,000) child_process.spawn of /bin/true, at most
//           8 in flight, each until 'close': runs/s;
//   Baton:  the same number of launchTask mutations queued while no runner is
//           up, then one runner with RUNNER_CAPACITY=8 started: runs/s from its
//           start until every run is terminal (the database is polled every
//           100 ms), and Baton's throughput as a percentage of the bare one
//           (target >= 50%).
// The queuing (launches/s) is measured too, but apart: it is not the drain.
// Where the time goes comes from the executions' timestamps; the admission
// decision's cost from the control plane's trace lines (BATON_ADMISSION_TRACE),
// when it writes them.
// Everything real: a private PostgreSQL and NATS, the control plane and a
// local-process runner as separate processes, exactly as `npm start` runs them.
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pgLib from "pg";
import { inParallel, latencyLine, positive, retrying, spawnOnce, startBaton } from "./harness.mjs";
import { show, untilDrained, untilQueued } from "./queue.mjs";

const N = positive("BENCH_DRAIN_RUNS", 10_000);
const SLOTS = 8;
/** launchTask mutations in flight while queuing. */
const LAUNCH_WIDTH = 32;
/** The drain fails when it takes longer than this. */
const DRAIN_LIMIT_MS = 15 * 60_000;
/** Waiting for the queued runs to show in the database gives up after this long without progress. */
const QUEUE_STALL_MS = 60_000;
const POLL_MS = 100;
const EXE = "/bin/true";
const NAME = "drain";
const TRACE = /admission: pass considered=(\d+) admitted=(\d+) expired=(\d+) ms=(\d+(?:\.\d+)?(?:e[-+]?\d+)?)/;
const loadAtStart = loadavg()[0];

const num = (n, digits = 0) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const line = (name, xs) => latencyLine(name, xs, 50);
const row = (name, value) => `  ${name.padEnd(50)} ${value}`;

/** The baseline: N bare spawns of EXE, SLOTS at a time; wall milliseconds. */
async function bare() {
  await inParallel(Array.from({ length: SLOTS * 4 }), SLOTS, () => spawnOnce(EXE)); // warm-up, not counted
  const t0 = performance.now();
  await inParallel(Array.from({ length: N }), SLOTS, () => spawnOnce(EXE));
  return performance.now() - t0;
}

/** Per-run phases of the drained runs, in milliseconds, from the recorded timestamps (1 ms resolution). */
async function phases(query) {
  const span = (a, b) => `extract(epoch FROM (${b} - ${a}))::float8 * 1000`;
  const runs = await query(
    `SELECT ${span(`"queuedAt"`, `"dispatchedAt"`)} AS dispatch,
            ${span(`"dispatchedAt"`, `"startedAt"`)} AS start,
            ${span(`"startedAt"`, `"endedAt"`)} AS run
     FROM executions`,
  );
  const [edges] = await query(
    `SELECT extract(epoch FROM min("startedAt"))::float8 * 1000 AS "firstStart",
            extract(epoch FROM max("endedAt"))::float8 * 1000 AS "lastEnd",
            sum(extract(epoch FROM ("endedAt" - "startedAt")))::float8 * 1000 AS "busy"
     FROM executions`,
  );
  const col = (k) => runs.map((r) => r[k]).filter((v) => v !== null);
  return { dispatch: col("dispatch"), start: col("start"), run: col("run"), ...edges };
}

/** The runner's claim round trips (RUNNER_TRACE lines), in ms. */
function claimTrace(logFile) {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, "utf8")
    .split("\n")
    .flatMap((l) => {
      const m = /trace claim (\d+(?:\.\d+)?) ms/.exec(l);
      return m ? [Number(m[1])] : [];
    });
}

/** The admission trace lines of the control plane's log, summed; undefined when it wrote none. */
function admissionTrace(logFile) {
  if (!existsSync(logFile)) return undefined;
  const passes = [];
  for (const l of readFileSync(logFile, "utf8").split("\n")) {
    if (!l.startsWith("[control-plane]")) continue;
    const m = TRACE.exec(l);
    if (!m) continue;
    const phases = Object.fromEntries(
      [...l.slice(m.index + m[0].length).matchAll(/(\w+)=(\d+(?:\.\d+)?)/g)].map((p) => [p[1], Number(p[2])]),
    );
    passes.push({ considered: Number(m[1]), admitted: Number(m[2]), expired: Number(m[3]), ms: Number(m[4]), phases });
  }
  if (passes.length === 0) return undefined;
  const total = (k) => passes.reduce((acc, p) => acc + p[k], 0);
  const admitting = passes.filter((p) => p.admitted > 0);
  return {
    passes: passes.length,
    admittingPasses: admitting.length,
    considered: total("considered"),
    admitted: total("admitted"),
    expired: total("expired"),
    ms: total("ms"),
    perPass: passes.map((p) => p.ms),
    phases: passes.reduce((acc, p) => {
      for (const [k, v] of Object.entries(p.phases)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {}),
  };
}

function report(m) {
  const bareRate = (N / m.bareMs) * 1000;
  const batonRate = (N / m.drainMs) * 1000;
  const share = (batonRate / bareRate) * 100;
  const p = m.phases;
  console.log(
    `\nBaton drain: ${num(N)} queued runs of ${EXE} through one runner with ${SLOTS} slots, against ${num(N)} bare ` +
      `spawns ${SLOTS} at a time; ${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at start, ` +
      `${loadavg()[0].toFixed(1)} at the end`,
  );
  console.log("\nqueuing (before the runner starts, not part of the drain):");
  console.log(
    row(
      `${num(N)} launchTask, ${LAUNCH_WIDTH} in flight`,
      `${(m.queueMs / 1000).toFixed(2)} s = ${num((N / m.queueMs) * 1000, 1)} launches/s` +
        ` (${m.retries} retried after SERVICE_UNAVAILABLE)`,
    ),
  );
  console.log(row("statuses before the runner starts", show(m.queued)));

  console.log("\nthroughput (same run, same machine):");
  console.log(
    row(`bare: spawn -> close, ${SLOTS} in flight`, `${(m.bareMs / 1000).toFixed(2)} s = ${num(bareRate, 1)} runs/s`),
  );
  console.log(
    row("Baton: runner start -> all terminal", `${(m.drainMs / 1000).toFixed(2)} s = ${num(batonRate, 1)} runs/s`),
  );
  console.log(row("Baton as % of bare", `${share.toFixed(1)}%   (target >= 50%)`));
  console.log(row("statuses at the end", show(m.drained)));

  console.log("\nwhere the drain's time goes (per run, from executions' timestamps, 1 ms resolution):");
  const firstStart = p.firstStart - m.runnerStartWall;
  console.log(row("runner start -> first run started", `${firstStart.toFixed(2)} ms`));
  console.log(
    row(
      "first run started -> last run ended",
      `${(p.lastEnd - p.firstStart).toFixed(2)} ms = ${num((N / (p.lastEnd - p.firstStart)) * 1000, 1)} runs/s`,
    ),
  );
  console.log(
    row(
      `slots busy running (sum of run time / ${SLOTS} x drain)`,
      `${((p.busy / (SLOTS * m.drainMs)) * 100).toFixed(1)}%`,
    ),
  );
  console.log(line("queuedAt -> dispatchedAt", p.dispatch));
  console.log(line("dispatchedAt -> startedAt", p.start));
  console.log(line("startedAt -> endedAt (the run itself)", p.run));
  console.log(
    "  (a build that dispatches at launch marks runs DISPATCHED while queuing: its dispatchedAt -> startedAt holds the queue wait)",
  );

  if (m.claims.length > 0) {
    console.log(line("claim round trip (runner asks, control plane answers)", m.claims));
  }
  const t = m.trace;
  console.log("\nadmission decision (control plane's BATON_ADMISSION_TRACE lines):");
  if (!t) {
    console.log("  admission trace: none found (control plane without admission tracing)");
  } else {
    console.log(
      row(
        "passes",
        `${num(t.passes)} (${num(t.admittingPasses)} admitted something); considered ${num(t.considered)}, ` +
          `admitted ${num(t.admitted)}, expired ${num(t.expired)}`,
      ),
    );
    console.log(row("total time in passes", `${t.ms.toFixed(1)} ms`));
    console.log(line("per pass", t.perPass));
    const phaseTotal = Object.values(t.phases).reduce((a, b) => a + b, 0);
    if (phaseTotal > 0) {
      console.log(
        row(
          "where a pass's time goes (sum over passes)",
          Object.entries(t.phases)
            .map(([k, v]) => `${k} ${v.toFixed(0)} ms (${((v / phaseTotal) * 100).toFixed(0)}%)`)
            .join(", "),
        ),
      );
    }
    console.log(
      row("per admitted run", t.admitted > 0 ? `${(t.ms / t.admitted).toFixed(3)} ms` : "- (nothing admitted)"),
    );
  }
  const ok = share >= 50 && m.failed === 0;
  console.log(
    `\nsummary: ${num(N)} runs, ${SLOTS} slots: bare ${num(bareRate, 1)} runs/s, Baton ${num(batonRate, 1)} runs/s = ` +
      `${share.toFixed(1)}% of bare (target >= 50%)` +
      (t && t.admitted > 0 ? `, admission ${(t.ms / t.admitted).toFixed(3)} ms per admitted run` : "") +
      `; ${ok ? "meets" : "misses"} the target\n`,
  );
}

const bareMs = await bare();
const baton = await startBaton(NAME, { runner: false, env: { BATON_ADMISSION_TRACE: "true" } });
const db = new pgLib.Client({ connectionString: baton.databaseUrl });
try {
  const { gql } = baton;
  await db.connect();
  const query = async (sql, params) => (await db.query(sql, params)).rows;
  await gql(`mutation { registerApp(input: { name: "noop", version: "1", uri: "file://${EXE}" }) { version } }`);
  await gql(`mutation { createTask(input: { name: "noop", app: "noop" }) { name } }`);

  const counter = { retries: 0 };
  const q0 = performance.now();
  await inParallel(Array.from({ length: N }), LAUNCH_WIDTH, () =>
    retrying(() => gql(`mutation { launchTask(input: { task: "noop" }) { id } }`), counter),
  );
  const queueMs = performance.now() - q0;
  const queued = await untilQueued(query, { total: N, stallMs: QUEUE_STALL_MS, pollMs: POLL_MS });

  const runnerStartWall = Date.now();
  const t0 = performance.now();
  baton.startRunner({ RUNNER_CAPACITY: String(SLOTS), RUNNER_TRACE: "true" });
  const { byStatus: drained, took: drainMs } = await untilDrained(query, t0, {
    total: N,
    limitMs: DRAIN_LIMIT_MS,
    pollMs: POLL_MS,
  });
  const failed = N - (drained.COMPLETED ?? 0);

  report({
    bareMs,
    queueMs,
    retries: counter.retries,
    queued,
    drainMs,
    drained,
    failed,
    runnerStartWall,
    phases: await phases(query),
    trace: admissionTrace(baton.logFile),
    claims: claimTrace(baton.logFile),
  });
  if (failed > 0) throw new Error(`${failed} of ${N} runs ended other than COMPLETED: ${show(drained)}`);
} catch (err) {
  // The harness removes its folder on stop: keep the processes' log for whoever reads the failure.
  if (existsSync(baton.logFile)) {
    const kept = join(tmpdir(), `bench-${NAME}-children.log`);
    copyFileSync(baton.logFile, kept);
    console.error(`the control plane's and runner's log is kept in ${kept}`);
  }
  console.error(err);
  process.exitCode = 1;
} finally {
  await db.end().catch(() => undefined);
  await baton.stop();
}
