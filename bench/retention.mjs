#!/usr/bin/env node
// `node bench/retention.mjs`: retention deleting a million old executions while launches go on (issue 14).
//   1. BENCH_RETENTION_ROWS (1,000,000) executions of task "old", ended 100+ days ago, each with 3 events
//      (QUEUED, one log line, COMPLETED) as a finished run leaves them, written with generate_series.
//   2. BEFORE: BENCH_RETENTION_LAUNCHES (200) sequential launches of /bin/true, launchTask until the
//      terminal event on a subscription, with retention off (BATON_RETENTION_DAYS=0: keep forever);
//      and the same number of bare spawns of /bin/true, interleaved.
//   3. DURING: setTaskRetention(task: "old", days: 30) switches retention on for that task; the leader's
//      pass runs every BENCH_RETENTION_INTERVAL_MS (2000 ms; each pass deletes for at most half of it;
//      the default 60 s interval deletes for at most 10 s of each minute) and deletes BENCH_RETENTION_BATCH
//      (1000) rows per statement; 200 ms makes the passes back to back, the worst case for launches.
//      Launches of /bin/true continue back to back until every old execution is gone.
// Prints both latency rows beside the bare spawn, the deletion's duration and rate, and where the time goes.
// Everything real: a private PostgreSQL and NATS, the control plane and one runner as `npm start` runs them.
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import pgLib from "pg";
import { executionPhases, latencyLine, positive, spawnOnce, startBaton } from "./harness.mjs";

const ROWS = positive("BENCH_RETENTION_ROWS", 1_000_000);
const LAUNCHES = positive("BENCH_RETENTION_LAUNCHES", 200);
const BATCH = positive("BENCH_RETENTION_BATCH", 1000);
const INTERVAL = positive("BENCH_RETENTION_INTERVAL_MS", 2000);
const CHUNK = 100_000;
const EXE = "/bin/true";
const WARMUP = 20;
/** The deletion fails when it takes longer than this. */
const DELETE_LIMIT_MS = 20 * 60_000;

const num = (n, digits = 0) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const line = (name, xs) => latencyLine(name, xs, 46);
const row = (name, value) => `  ${name.padEnd(46)} ${value}`;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

const t0 = performance.now();
const baton = await startBaton("retention", {
  env: {
    BATON_RETENTION_DAYS: "0",
    BATON_LOG_RETENTION_DAYS: "0",
    BATON_AUDIT_RETENTION_DAYS: "0",
    BATON_RETENTION_INTERVAL_MS: String(INTERVAL),
    BATON_RETENTION_BATCH: String(BATCH),
  },
});
const db = new pgLib.Pool({ connectionString: baton.databaseUrl, max: 2 });
const q = async (text, values) => (await db.query(text, values)).rows;

try {
  const { gql } = baton;
  await gql(`mutation { registerApp(input: { name: "noop", version: "1", uri: "file://${EXE}" }) { version } }`);
  await gql(`mutation { createTask(input: { name: "noop", app: "noop" }) { name } }`);
  await gql(`mutation { createTask(input: { name: "old", app: "noop" }) { name } }`);
  const [{ id: oldTask }] = await q(`SELECT id FROM task_definitions WHERE name = 'old'`);

  // 1. The history to delete.
  const g0 = performance.now();
  for (let from = 1; from <= ROWS; from += CHUNK) {
    const to = Math.min(ROWS, from + CHUNK - 1);
    await q(
      `WITH e AS (
         INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                                 "queuedAt", "dispatchedAt", "startedAt", "endedAt", "lastSeq", "runnerSeq",
                                 "stdoutLines", "exitCode", "runnerId", "claimedAt")
         SELECT gen_random_uuid(), $1, 1, 'COMPLETED', 'local', 'default', '{}', '{"command":["/bin/true"]}'::jsonb,
                t - interval '30 ms', t - interval '25 ms', t - interval '10 ms', t, 3, 3, 1, 0, 'bench-runner', t - interval '20 ms'
         FROM (SELECT (now() AT TIME ZONE 'UTC') - interval '100 days' - g * interval '1 second' AS t
               FROM generate_series($2::int, $3::int) g) s
         RETURNING id, "queuedAt", "startedAt", "endedAt"),
       lg AS (
         INSERT INTO execution_log_chunks ("executionId", "firstSeq", "lastSeq", streams, texts, at, offsets)
         SELECT id, 2, 2, 'o', ARRAY['expired 1200 passes'], "startedAt", ARRAY[0] FROM e)
       INSERT INTO execution_events ("executionId", seq, kind, payload, at)
       SELECT id, 1, 'STATUS', '{"status":"QUEUED","cause":"launched revision 1"}'::jsonb, "queuedAt" FROM e
       UNION ALL SELECT id, 3, 'STATUS', '{"status":"COMPLETED","cause":"exited with code 0","exitCode":0}'::jsonb, "endedAt" FROM e`,
      [oldTask, from, to],
    );
  }
  await q(`VACUUM ANALYZE executions`);
  await q(`VACUUM ANALYZE execution_events`);
  await q(`VACUUM ANALYZE execution_log_chunks`);
  const generateMs = performance.now() - g0;
  const [{ events }] = await q(`SELECT count(*)::int AS events FROM execution_event_log`);

  // 2. Before: retention off.
  for (let i = 0; i < WARMUP; i++) await baton.timedLaunch("noop");
  for (let i = 0; i < WARMUP; i++) await spawnOnce(EXE);
  const before = [];
  const beforeIds = [];
  const bare = [];
  for (let i = 0; i < LAUNCHES; i++) {
    const r = await baton.timedLaunch("noop");
    before.push(r.ms);
    beforeIds.push(r.id);
    bare.push(await spawnOnce(EXE));
  }

  // 3. During: switch retention on for "old" and keep launching until its executions are gone.
  const deletedSoFar = async () => {
    const [s] = await q(
      `SELECT coalesce(sum(n_tup_del) FILTER (WHERE relname = 'executions'), 0)::bigint AS executions,
              coalesce(sum(n_tup_del) FILTER (WHERE relname <> 'executions'), 0)::bigint AS events
       FROM pg_stat_user_tables WHERE relname IN ('executions', 'execution_events', 'execution_log_chunks')`,
    );
    return { executions: Number(s.executions), events: Number(s.events) };
  };
  const base = await deletedSoFar();
  const d0 = performance.now();
  await gql(`mutation { setTaskRetention(task: "old", retention: { days: 30, logDays: 0 }) { name } }`);
  const during = [];
  const duringIds = [];
  const bareDuring = [];
  const progress = [];
  let lastCheck = d0;
  let firstDeleteMs;
  let deleteMs;
  while (deleteMs === undefined) {
    const r = await baton.timedLaunch("noop");
    during.push(r.ms);
    duringIds.push(r.id);
    bareDuring.push(await spawnOnce(EXE));
    if (performance.now() - lastCheck > 1000 || during.length % 20 === 0) {
      lastCheck = performance.now();
      const [{ left }] = await q(`SELECT EXISTS (SELECT 1 FROM executions WHERE "taskId" = $1) AS left`, [oldTask]);
      if (firstDeleteMs === undefined) {
        const d = await deletedSoFar();
        if (d.executions > base.executions) firstDeleteMs = performance.now() - d0;
      }
      if (progress.length === 0 || lastCheck - progress.at(-1).at > 10_000) {
        progress.push({ at: lastCheck, ...(await deletedSoFar()) });
      }
      if (!left) deleteMs = performance.now() - d0;
      if (performance.now() - d0 > DELETE_LIMIT_MS)
        throw new Error(`retention did not finish in ${secs(DELETE_LIMIT_MS)}`);
    }
  }
  // Every old execution is gone (checked above) and its events with it (they cannot outlive it: foreign key);
  // pg_stat_user_tables lags by up to a second, so the totals come from what was generated.
  const [{ orphans }] = await q(
    `SELECT count(*)::int AS orphans FROM execution_event_log v WHERE NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = v."executionId")`,
  );
  if (orphans > 0) throw new Error(`${orphans} events outlived their execution`);
  const gone = { executions: ROWS, events };
  const [phasesBefore, phasesDuring] = [
    await executionPhases(baton.databaseUrl, beforeIds),
    await executionPhases(baton.databaseUrl, duringIds),
  ];

  console.log(
    `\nRetention of ${num(ROWS)} old executions (${num(events)} events) while /bin/true is launched back to back` +
      ` (${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)} at the end)`,
  );
  console.log("launch -> terminal event (launchTask until the subscription's terminal STATUS):");
  console.log(line("BEFORE: retention off", before));
  console.log(line("DURING: retention deleting", during));
  console.log(line("bare spawn of /bin/true (before)", bare));
  console.log(line("bare spawn of /bin/true (during)", bareDuring));
  const p = (xs, k) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((k / 100) * xs.length) - 1)];
  console.log(
    row(
      "overhead over bare spawn, before",
      `p50 ${(p(before, 50) - p(bare, 50)).toFixed(1)} ms   p99 ${(p(before, 99) - p(bare, 99)).toFixed(1)} ms`,
    ),
  );
  console.log(
    row(
      "overhead over bare spawn, during",
      `p50 ${(p(during, 50) - p(bareDuring, 50)).toFixed(1)} ms   p99 ${(p(during, 99) - p(bareDuring, 99)).toFixed(1)} ms`,
    ),
  );
  console.log("deletion:");
  console.log(row("executions deleted", `${num(gone.executions)} (+ ${num(gone.events)} events)`));
  console.log(row(`the ${num(ROWS)} took`, `${secs(deleteMs)} (first rows gone after ${secs(firstDeleteMs ?? 0)})`));
  console.log(
    row(
      "rate",
      `${num(gone.executions / (deleteMs / 1000))} executions/s, ${num((gone.executions + gone.events) / (deleteMs / 1000))} rows/s`,
    ),
  );
  console.log(
    row(
      "batch",
      `${num(BATCH)} rows per statement, a pass every ${INTERVAL} ms (each deletes for at most ${Math.max(250, INTERVAL / 2)} ms)`,
    ),
  );
  console.log("where the time goes:");
  console.log(row("the whole bench", secs(performance.now() - t0)));
  console.log(row("generating the history (SQL + VACUUM ANALYZE)", secs(generateMs)));
  console.log(row("measuring before (launches + bare spawns)", `${num(LAUNCHES)} launches`));
  console.log(row("launches during the deletion", num(during.length)));
  for (const [name, ph] of [
    ["before", phasesBefore],
    ["during", phasesDuring],
  ]) {
    console.log(line(`${name}: queued -> dispatched (admission)`, ph.admit));
    console.log(line(`${name}: dispatched -> started (claim, spawn)`, ph.start));
    console.log(line(`${name}: started -> ended (the program)`, ph.run));
    if (ph.failed > 0) console.log(`  ${ph.failed} run(s) did not complete: see ${baton.logFile}`);
  }
  if (progress.length > 1) {
    console.log("  deletion progress (executions deleted, cumulative):");
    for (const s of progress) {
      console.log(`    +${secs(s.at - d0).padStart(7)}  ${num(s.executions - base.executions)}`);
    }
  }
} finally {
  await db.end();
  await baton.stop();
}
