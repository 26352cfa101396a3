#!/usr/bin/env node
// `node bench/overview.mjs`: the console overview's query (issue 14) against
// 1,000,000 executions (BENCH_OVERVIEW_ROWS) spread over 31 days and every
// status, written by SQL into a private Baton's database. Prints the HTTP
// round trip of `overview` (p50 / p95 / p99), the plan of its statement (which
// index each part scans), and the same with the window's two indexes dropped,
// to show what they buy.
import { performance } from "node:perf_hooks";
import pgLib from "pg";
import { pct, positive, startBaton } from "./harness.mjs";

const ROWS = positive("BENCH_OVERVIEW_ROWS", 1_000_000);
const N = positive("BENCH_OVERVIEW_QUERIES", 200);
const WARMUP = 10;
const BATCH = 100_000;
const QUERY = `{ overview(hours: 24) { since until failed runners active { status count } ended { status count }
  buckets { start total counts { status count } } } }`;

const baton = await startBaton("overview", { runner: false, env: { BATON_RETENTION_DAYS: "0" } });
const pool = new pgLib.Pool({ connectionString: baton.databaseUrl, max: 1 });
try {
  await baton.gql(
    `mutation { registerApp(input: { name: "true", version: "1", uri: "file:///bin/true" }) { version } }`,
  );
  await baton.gql(`mutation { createTask(input: { name: "overview-bench", app: "true" }) { name } }`);

  // Statuses as a busy fleet has them: mostly COMPLETED, some failures, a few thousand active. In a pool no
  // runner serves, not before tomorrow, claimed by no runner: the control plane leaves them alone. Queued at
  // random times, so rows of one hour are spread over the table as a run's status updates (new row
  // versions wherever there is room) spread them in a live database, not packed in time order.
  const t0 = performance.now();
  for (let from = 0; from < ROWS; from += BATCH) {
    await pool.query(
      `INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                               "queuedAt", "claimedAt", "startedAt", "endedAt", "notBefore")
       SELECT gen_random_uuid(), t.id, 1, s.status, 'local', 'overview-none', '{}', '{}'::jsonb, q.at,
              CASE WHEN s.status NOT IN ('QUEUED', 'EXPIRED') THEN q.at END,
              CASE WHEN s.status NOT IN ('QUEUED', 'DISPATCHED', 'EXPIRED') THEN q.at END,
              CASE WHEN s.status NOT IN ('QUEUED', 'DISPATCHED', 'RUNNING') THEN q.at + random() * interval '10 minutes' END,
              (now() AT TIME ZONE 'UTC') + interval '1 day'
       FROM generate_series($1::int, $2::int - 1) i
       CROSS JOIN task_definitions t
       CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') - (random() + 0 * i) * interval '31 days' AS at) q
       CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.85 THEN 'COMPLETED' WHEN r < 0.93 THEN 'FAILED'
              WHEN r < 0.96 THEN 'CANCELLED' WHEN r < 0.98 THEN 'TIMED_OUT' WHEN r < 0.99 THEN 'LOST'
              WHEN r < 0.995 THEN 'EXPIRED' WHEN r < 0.997 THEN 'RUNNING' WHEN r < 0.998 THEN 'DISPATCHED'
              ELSE 'QUEUED' END AS status FROM (SELECT random() + 0 * i AS r) x) s
       WHERE t.name = 'overview-bench'`,
      [from, Math.min(ROWS, from + BATCH)],
    );
  }
  // What autovacuum does after such an insert: statistics and the visibility map (index-only scans).
  await pool.query("VACUUM ANALYZE executions");
  const inserted = (await pool.query(`SELECT count(*)::int AS n FROM executions`)).rows[0].n;
  console.log(
    `\nOverview: ${inserted.toLocaleString("en")} executions (inserted and vacuumed in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const measure = async () => {
    const xs = [];
    for (let i = 0; i < N + WARMUP; i++) {
      const t = performance.now();
      await baton.gql(QUERY);
      if (i >= WARMUP) xs.push(performance.now() - t);
    }
    return xs;
  };
  const line = (name, xs) =>
    `  ${name.padEnd(44)} p50 ${pct(xs, 50).toFixed(2).padStart(8)} ms   p95 ${pct(xs, 95).toFixed(2).padStart(8)} ms   p99 ${pct(xs, 99).toFixed(2).padStart(8)} ms   (n=${xs.length})`;
  /** Each scan of the statement's plan: node type, index, rows, milliseconds. */
  const PLAN_RUNS = 20;
  const plan = async () => {
    const times = [];
    let rows;
    for (let i = 0; i < PLAN_RUNS; i++) {
      ({ rows } = await pool.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM executions WHERE status = ANY('{QUEUED,DISPATCHED,RUNNING}')
       UNION ALL SELECT count(*) FROM executions WHERE "endedAt" >= (now() AT TIME ZONE 'UTC') - interval '24 hours'
         AND status = ANY('{COMPLETED,FAILED,CANCELLED,TIMED_OUT,LOST,EXPIRED}')
       UNION ALL SELECT count(*) FROM (SELECT date_trunc('hour', "queuedAt"), status, count(*) FROM executions
         WHERE "queuedAt" >= (now() AT TIME ZONE 'UTC') - interval '24 hours' GROUP BY 1, 2) b`,
      ));
      times.push(rows[0]["QUERY PLAN"][0]["Execution Time"]);
    }
    const scans = [`the three counts in Postgres: median ${pct(times, 50).toFixed(1)} ms of ${PLAN_RUNS} runs`];
    const walk = (node) => {
      if (/Scan/.test(node["Node Type"]) && node["Relation Name"] === "executions")
        scans.push(
          `${node["Node Type"]}${node["Index Name"] ? ` on ${node["Index Name"]}` : ""}: ${node["Actual Rows"] * (node["Actual Loops"] ?? 1)} rows, ${node["Actual Total Time"].toFixed(1)} ms`,
        );
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(rows[0]["QUERY PLAN"][0].Plan);
    return scans;
  };

  const withIndexes = await measure();
  const scans = await plan();
  await pool.query(`DROP INDEX "executions_endedAt_status_idx"; DROP INDEX "executions_queuedAt_status_idx"`);
  await pool.query("ANALYZE executions");
  const without = await measure();
  const scansWithout = await plan();
  // Built again as the migration does (timed), and measured again: the machine's load changes over a run.
  const tIndex = performance.now();
  await pool.query(`CREATE INDEX "executions_endedAt_status_idx" ON "executions"("endedAt", "status")`);
  await pool.query(`CREATE INDEX "executions_queuedAt_status_idx" ON "executions"("queuedAt", "status")`);
  const indexMs = performance.now() - tIndex;
  await pool.query("ANALYZE executions");
  const again = await measure();

  console.log(`  query ${QUERY.replace(/\s+/g, " ").slice(0, 60)}... over HTTP:`);
  console.log(line("with the overview's indexes (migration)", withIndexes));
  console.log(line("without executions_(endedAt|queuedAt)_status", without));
  console.log(line("with them again", again));
  console.log(`  building both indexes over these rows (the migration): ${(indexMs / 1000).toFixed(1)} s`);
  console.log("  plan with the indexes (active now; ended in 24 h; queued in 24 h per hour):");
  for (const s of scans) console.log(`    ${s}`);
  console.log("  plan without them:");
  for (const s of scansWithout) console.log(`    ${s}`);
} finally {
  await pool.end();
  await baton.stop();
}
