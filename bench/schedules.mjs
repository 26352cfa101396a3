#!/usr/bin/env node
// `node bench/schedules.mjs`: how punctually Baton fires many schedules (issue 9).
//   Baton:      BENCH_SCHEDULES (1000) schedules "* * * * * *" of a task whose pool
//               no runner serves (nothing is executed), over a window of
//               BENCH_SECONDS (30) whole seconds that starts after all exist.
//               fire jitter = executions."queuedAt" - the fire's scheduled time;
//               lost = a (schedule, second) in the window without a fire row;
//               doubled = more than one execution per (schedule, scheduled time).
//   Baselines:  a bare Node setTimeout loop aligned to each second (its own
//               wake-up lateness), alone and while Baton fires; and the same loop
//               writing 1,000 rows in one INSERT per second into a scratch table
//               of the same PostgreSQL (what the database write costs).
// Everything real: a private PostgreSQL and NATS, the control plane and one
// local-process runner as separate processes, exactly as `npm start` runs them.
// The counts come from PostgreSQL; the phases from the recorded timestamps and,
// when the control plane traces its scheduler (BATON_SCHEDULER_TRACE), its log.
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pgLib from "pg";
import { inParallel, latencyLine, positive, retrying, sleep, startBaton, stats } from "./harness.mjs";

const SCHEDULES = positive("BENCH_SCHEDULES", 1000);
const SECONDS = positive("BENCH_SECONDS", 30);
/** createSchedule mutations in flight. */
const WIDTH = 8;
/** Whole seconds between the last createSchedule and the window, so the window sees the steady state. */
const SETTLE_SECONDS = 2;
/** Waiting for the window's fires gives up when none arrived for this long, or after FIRES_WAIT_MS in all. */
const STALL_MS = 20_000;
const FIRES_WAIT_MS = 120_000;
const EXE = "/bin/true";
const POOL = "bench-nowhere";
const NAME = "bench-schedules";
const startedAt = Date.now();
/** The machine's 1-minute load average when the run began (other work on it skews every figure). */
const loadAtStart = loadavg()[0];
// The control plane logs one line per fired batch with where its time went (ignored by builds without it).
process.env.BATON_SCHEDULER_TRACE ??= "true";

/** Wall-clock milliseconds with sub-millisecond resolution. */
const wall = () => performance.timeOrigin + performance.now();
const iso = (ms) => new Date(ms).toISOString();
const fixed = (ms) => (ms === undefined ? "-" : ms.toFixed(1));
const line = (name, xs) => latencyLine(name, xs, 56);

/**
 * Wakes with setTimeout at each whole second from fromMs, `seconds` times,
 * recording how late each wake-up was; `work` (if any) runs at each wake and
 * returns extra figures to keep.
 */
async function secondLoop(fromMs, seconds, work) {
  const late = [];
  const results = [];
  for (let i = 0; i < seconds; i++) {
    const target = fromMs + i * 1000;
    await sleep(target - Date.now());
    const woke = wall();
    late.push(woke - target);
    if (work) results.push(await work(target, woke));
  }
  return { late, results };
}

/** Polls probe() until it says done; false when its progress stood still for stallMs or maxMs passed. */
async function untilSettled(probe, stallMs, maxMs) {
  const start = Date.now();
  let last;
  let since = start;
  for (;;) {
    const { done, progress } = await probe();
    if (done) return true;
    if (progress !== last) {
      last = progress;
      since = Date.now();
    }
    if (Date.now() - since > stallMs || Date.now() - start > maxMs) return false;
    await sleep(250);
  }
}

/** The baseline, on a quiet Baton: the aligned timer writing SCHEDULES rows in one INSERT each second. */
async function bareBaseline(query) {
  await query(`CREATE TABLE bench_scratch (id uuid PRIMARY KEY, scheduled_at timestamp, queued_at timestamp,
               origin jsonb)`);
  const insertRows = async (target, woke) => {
    const rows = Array.from({ length: SCHEDULES }, (_, i) => ({
      id: randomUUID(),
      scheduled_at: iso(target),
      queued_at: iso(woke),
      origin: { kind: "SCHEDULE", name: `bench-s-${i}`, scheduledTime: iso(target), fireKind: "SCHEDULED" },
    }));
    const t0 = wall();
    await query(
      `INSERT INTO bench_scratch SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS t(id uuid, scheduled_at timestamp, queued_at timestamp, origin jsonb)`,
      [JSON.stringify(rows)],
    );
    const done = wall();
    return { insert: done - t0, total: done - target };
  };
  await secondLoop(Math.ceil(Date.now() / 1000) * 1000 + 1000, 2, insertRows); // warm-up, not counted
  const { late, results } = await secondLoop(Math.ceil(Date.now() / 1000) * 1000, SECONDS, insertRows);
  await query(`DROP TABLE bench_scratch`);
  return { late, insert: results.map((r) => r.insert), total: results.map((r) => r.total) };
}

/** CPU seconds used so far by this process's descendants, by kind (Linux /proc; empty elsewhere). */
function cpuByKind() {
  const byKind = {};
  if (!existsSync("/proc/self/stat")) return byKind;
  const procs = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(pid, { ppid: f[1], ticks: Number(f[11]) + Number(f[12]), pid });
    } catch {
      // the process ended meanwhile
    }
  }
  const mine = (p) => {
    for (let q = p, hops = 0; q && hops < 20; q = procs.get(q.ppid), hops++)
      if (q.ppid === String(process.pid)) return true;
    return false;
  };
  for (const p of procs.values()) {
    if (!mine(p)) continue;
    let cmd = "";
    try {
      cmd = readFileSync(`/proc/${p.pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    const kind = cmd.includes("control-plane")
      ? "control plane"
      : cmd.includes("runners/host") || cmd.includes("runner-host")
        ? "runner"
        : cmd.includes("nats-server")
          ? "NATS"
          : /postgres/.test(cmd)
            ? "PostgreSQL"
            : "other";
    byKind[kind] = (byKind[kind] ?? 0) + p.ticks / 100; // USER_HZ is 100 on Linux
  }
  byKind["this bench"] = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  return byKind;
}

/** Samples Baton's connections to PostgreSQL (from pg_stat_activity) every 200 ms until stop() is called. */
function sampleConnections(query) {
  const samples = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const [r] = await query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS in_tx
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      samples.push(r);
      await sleep(200);
    }
  })();
  return async () => {
    stopped = true;
    await done;
    return samples;
  };
}

/** What the database says about the window [first, last] (whole seconds) of the given schedules. */
async function analyse(query, ids, first, last) {
  const scheduled = `(e.origin->>'scheduledTime')::timestamptz AT TIME ZONE 'UTC'`;
  const since = (t) => `extract(epoch FROM (${t} - ${scheduled}))::float8 * 1000`;
  const args = [ids, first, last];
  // Every offset is from the fire's scheduled time, so the phases read the same whatever order Baton takes them in.
  const runs = await query(
    `SELECT ${since(`e."queuedAt"`)} AS jitter,
            ${since(`f."createdAt"`)} AS tx,
            ${since(`f."firedAt"`)} AS fired,
            extract(epoch FROM ${scheduled})::float8 AS second
     FROM executions e LEFT JOIN schedule_fires f ON f."executionId" = e.id
     WHERE e."scheduleId" = ANY($1::uuid[]) AND ${scheduled} BETWEEN $2 AND $3`,
    args,
  );
  const [{ lost }] = await query(
    `SELECT count(*)::int AS lost
     FROM unnest($1::uuid[]) AS s(id)
       CROSS JOIN generate_series($2::timestamp, $3::timestamp, interval '1 second') AS t(at)
     WHERE NOT EXISTS (SELECT 1 FROM schedule_fires f WHERE f."scheduleId" = s.id AND f."scheduledAt" = t.at)`,
    args,
  );
  const [{ doubled }] = await query(
    `SELECT count(*)::int AS doubled FROM (
       SELECT 1 FROM executions e WHERE e."scheduleId" = ANY($1::uuid[])
       GROUP BY e."scheduleId", e.origin->>'scheduledTime' HAVING count(*) > 1) d`,
    [ids],
  );
  const outcomes = await query(
    `SELECT kind, outcome, count(*)::int AS n FROM schedule_fires
     WHERE "scheduleId" = ANY($1::uuid[]) AND "scheduledAt" BETWEEN $2 AND $3 GROUP BY 1, 2 ORDER BY 1, 2`,
    args,
  );
  const [{ orphans }] = await query(
    `SELECT count(*)::int AS orphans FROM schedule_fires f
     WHERE f."scheduleId" = ANY($1::uuid[]) AND f."scheduledAt" BETWEEN $2 AND $3 AND f.outcome = 'STARTED'
       AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = f."executionId")`,
    args,
  );
  return { runs, lost, doubled, outcomes, orphans };
}

/** The harness's children.log of this run (the newest bench-schedules folder), if it can be told apart. */
function childrenLog() {
  const dirs = readdirSync(tmpdir())
    .filter((d) => d.startsWith(`baton-${NAME}-`))
    .map((d) => join(tmpdir(), d))
    .filter((d) => statSync(d).mtimeMs >= startedAt - 1000 && existsSync(join(d, "children.log")));
  return dirs.length === 1 ? join(dirs[0], "children.log") : undefined;
}

/**
 * From the control plane's log: its scheduler trace for batches fired for a
 * time inside [fromMs, toMs) ("scheduler: N fire(s) ... for <time>: prepare
 * 1.2 ms, transaction ..."; every "word number" pair is kept, so the format
 * may grow), and its other lines by kind, most frequent first.
 */
function readControlPlaneLog(fromMs, toMs) {
  const log = childrenLog();
  if (!log) return { trace: new Map(), batches: [], kinds: [] };
  const trace = new Map();
  const batches = [];
  const kinds = new Map();
  for (const l of readFileSync(log, "utf8").split("\n")) {
    if (!l.startsWith("[control-plane]") || l.includes("ready:")) continue;
    const m = /scheduler: (\d+) fire\(s\).* for (\S+?): (.*)$/.exec(l);
    if (m) {
      const at = Date.parse(m[2]);
      if (at >= fromMs && at < toMs) {
        batches.push(Number(m[1]));
        for (const [, name, value] of m[3].matchAll(/([a-z]+) (-?\d+(?:\.\d+)?)/g)) {
          trace.set(name, [...(trace.get(name) ?? []), Number(value)]);
        }
      }
      continue;
    }
    const kind = l
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
      .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")
      .slice(0, 150);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return { trace, batches, kinds: [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 6) };
}

function report(m) {
  const { runs, lost, doubled, outcomes, orphans } = m.db;
  const col = (k) => runs.map((r) => r[k]).filter((v) => v !== null);
  const jitter = col("jitter");
  // Per scheduled second: the earliest and the latest execution of that second.
  const perSecond = new Map();
  for (const r of runs) {
    const s = perSecond.get(r.second) ?? { min: Infinity, max: -Infinity };
    perSecond.set(r.second, { min: Math.min(s.min, r.jitter), max: Math.max(s.max, r.jitter) });
  }
  const seconds = [...perSecond.values()];
  const expected = SCHEDULES * SECONDS;

  console.log(
    `\nBaton schedules: ${SCHEDULES.toLocaleString("en")} schedules "* * * * * *" (pool ${POOL}: nothing executes) ` +
      `for ${SECONDS} s; ${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at start, ` +
      `${loadavg()[0].toFixed(1)} at the end`,
  );
  console.log(
    `  ${SCHEDULES} createSchedule in ${(m.createMs / 1000).toFixed(1)} s (${WIDTH} in flight, ` +
      `${m.counter.retries} retried after SERVICE_UNAVAILABLE); window ${m.first} .. ${m.last}`,
  );
  console.log("\nfire jitter and baselines (same run, same machine):");
  console.log(line("Baton: execution queuedAt - scheduled time", jitter));
  console.log(line("bare: setTimeout wake-up lateness, Baton idle", m.bare.late));
  console.log(line("bare: setTimeout wake-up lateness, while Baton fires", m.busy));
  console.log(line(`bare: INSERT ${SCHEDULES.toLocaleString("en")} rows in one statement`, m.bare.insert));
  console.log(line("bare: wake + INSERT committed - scheduled second", m.bare.total));
  console.log("  target: Baton's fire jitter p99 <= 50 ms");

  console.log(`\ncorrectness over ${expected.toLocaleString("en")} (schedule, second) pairs in the window:`);
  console.log(`  lost (no fire row): ${lost}   doubled (executions per fire time > 1): ${doubled}   target: 0 and 0`);
  console.log(
    `  fires by kind and outcome: ${outcomes.map((o) => `${o.kind} ${o.outcome} ${o.n}`).join(", ") || "none"}; ` +
      `STARTED without an execution: ${orphans}; executions: ${runs.length}`,
  );
  if (!m.firesSettled) {
    console.log(
      `  fires of the window were still missing ${STALL_MS / 1000} s after the last one arrived ` +
        `(or ${FIRES_WAIT_MS / 1000} s after the window): they count as lost`,
    );
  }

  console.log("\nwhere the time goes (per execution, offsets from its scheduled time, 1 ms resolution):");
  console.log(line('fire\'s transaction began (schedule_fires."createdAt")', col("tx")));
  console.log(line('fire decided (schedule_fires."firedAt")', col("fired")));
  console.log(line('execution queued (executions."queuedAt") = jitter', jitter));
  console.log(
    line(
      "  earliest execution of each second",
      seconds.map((s) => s.min),
    ),
  );
  console.log(
    line(
      "  latest execution of each second",
      seconds.map((s) => s.max),
    ),
  );
  // Not measured here: when a run is given to a runner. The runs go to a pool no runner serves, so they
  // wait QUEUED; admission's cost is measured by bench/drain.mjs.
  console.log(
    `  CPU during the window, % of one core (${availableParallelism()} cores): ` +
      m.cpu.map(([k, v]) => `${k} ${v.toFixed(0)}%`).join(", "),
  );
  const conn = (k) => m.connections.map((c) => c[k]);
  console.log(
    `  Baton's PostgreSQL connections, sampled every 200 ms: open p50 ${stats(conn("total")).p50} max ` +
      `${stats(conn("total")).max}; running a statement p50 ${stats(conn("active")).p50} max ${stats(conn("active")).max}; ` +
      `idle in a transaction p50 ${stats(conn("in_tx")).p50} max ${stats(conn("in_tx")).max}`,
  );
  const { trace, batches, kinds } = m.log;
  if (batches.length > 0) {
    console.log(
      `\nthe control plane's scheduler trace, per batch fired for a time in the window ` +
        `(${batches.length} batches, ${stats(batches).p50} fires at p50):`,
    );
    for (const [name, xs] of trace) console.log(line(name, xs));
  }
  if (kinds.length > 0) {
    console.log("\nthe control plane's other log lines, most frequent first:");
    for (const [kind, n] of kinds) console.log(`  ${String(n).padStart(7)} x ${kind}`);
  }

  const j = stats(jitter);
  const ok = j.p99 !== undefined && j.p99 <= 50 && lost === 0 && doubled === 0;
  console.log(
    `\nsummary: ${SCHEDULES} schedules x 1/s for ${SECONDS} s: fire jitter p50 ${fixed(j.p50)} / p99 ${fixed(j.p99)} / ` +
      `max ${fixed(j.max)} ms (target p99 <= 50), lost ${lost}, doubled ${doubled}; bare timer p99 ${fixed(stats(m.bare.late).p99)} ms ` +
      `(${fixed(stats(m.busy).p99)} while Baton fires), bare ${SCHEDULES}-row INSERT p99 ` +
      `${fixed(stats(m.bare.insert).p99)} ms; ${ok ? "meets" : "misses"} the targets\n`,
  );
}

const baton = await startBaton(NAME);
const db = new pgLib.Client({ connectionString: baton.databaseUrl });
try {
  const { gql } = baton;
  await db.connect();
  const query = async (sql, params) => (await db.query(sql, params)).rows;
  const counter = { retries: 0 };

  await gql(`mutation { registerApp(input: { name: "noop", version: "1", uri: "file://${EXE}" }) { version } }`);
  await gql(`mutation($p: JSON) { createTask(input: { name: "tick", app: "noop", properties: $p }) { name } }`, {
    p: { pool: POOL },
  });

  const bare = await bareBaseline(query);

  const names = Array.from({ length: SCHEDULES }, (_, i) => `bench-s-${String(i).padStart(5, "0")}`);
  const t0 = performance.now();
  await inParallel(names, WIDTH, (name) =>
    retrying(
      () =>
        gql(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
          i: { name, cron: "* * * * * *", task: "tick" },
        }),
      counter,
    ),
  );
  const createMs = performance.now() - t0;
  const ids = (await query(`SELECT id FROM schedules WHERE name LIKE 'bench-s-%'`)).map((r) => r.id);
  if (ids.length !== SCHEDULES) throw new Error(`expected ${SCHEDULES} schedules, found ${ids.length}`);

  const windowStart = Math.ceil(Date.now() / 1000) * 1000 + SETTLE_SECONDS * 1000;
  const windowEnd = windowStart + SECONDS * 1000;
  const first = iso(windowStart);
  const last = iso(windowEnd - 1000);
  // The aligned timer again, in this (otherwise idle) process, while Baton fires.
  await sleep(windowStart - Date.now());
  const cpuBefore = cpuByKind();
  const stopSampling = sampleConnections(query);
  const busy = (await secondLoop(windowStart, SECONDS)).late;
  const connections = await stopSampling();
  const cpuAfter = cpuByKind();
  const cpu = Object.keys(cpuAfter).map((k) => [k, ((cpuAfter[k] - (cpuBefore[k] ?? 0)) / SECONDS) * 100]);

  // Every fire of the window (a scheduler that lags is late, not lost, until it stalls).
  const firesSettled = await untilSettled(
    async () => {
      const [{ n }] = await query(
        `SELECT count(*)::int AS n FROM schedule_fires
         WHERE "scheduleId" = ANY($1::uuid[]) AND "scheduledAt" BETWEEN $2 AND $3`,
        [ids, first, last],
      );
      return { done: n >= SCHEDULES * SECONDS, progress: n };
    },
    STALL_MS,
    FIRES_WAIT_MS,
  );
  // The window is measured; the schedules stop firing when the control plane stops (baton.stop below).
  report({
    db: await analyse(query, ids, first, last),
    bare,
    busy,
    createMs,
    counter,
    first,
    last,
    firesSettled,
    cpu,
    connections,
    log: readControlPlaneLog(windowStart, windowEnd),
  });
} catch (err) {
  // The harness removes its folder on stop: keep the processes' log for whoever reads the failure.
  const log = childrenLog();
  if (log) {
    const kept = join(tmpdir(), `${NAME}-children.log`);
    copyFileSync(log, kept);
    console.error(`the control plane's and runner's log is kept in ${kept}`);
  }
  throw err;
} finally {
  await db.end().catch(() => undefined);
  await baton.stop();
}
