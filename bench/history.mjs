#!/usr/bin/env node
// `node bench/history.mjs`: the read side at scale (issue 15, "Scale"). A private Baton's database is filled
// WITH SQL (generate_series, never by running anything) with BENCH_HISTORY_EXECUTIONS (1,000,000) executions
// over 200 tasks and 90 days, one task ("history-big") holding a tenth of them (100,000 runs, each with 3
// step_executions), statuses as a busy fleet has them (~90% COMPLETED, ~5% FAILED, 0.14% QUEUED/RUNNING), and
// BENCH_HISTORY_EVENTS_PER_RUN (10) events per run (10,000,000: statuses as execution_events rows, the lines between as one log chunk). Then, through GraphQL over HTTP
// against the real control plane, BENCH_HISTORY_QUERIES (100) calls of each:
//   - the executions list (50 a page): first page; status FAILED (~5%), COMPLETED (~90%), RUNNING (~0.1%);
//     a task; a task and status; a text in the arguments (a recent day, a day 80 days back, none); each also
//     "next page", walking 100 pages deep by endCursor;
//   - stepStatistics over the last 1,000 runs of the 100,000-run task;
//   - the overview's counts (24 hours).
// Printed p50 / p95 / p99 beside each target, with bare baselines measured in the same run, round robin with the
// rest (a `SELECT 1` and the simplest first page straight over pg, a GraphQL `{ __typename }` over HTTP), then each statement's
// EXPLAIN (ANALYZE, BUFFERS), built by the control plane's own store classes: its time in Postgres, the
// plan's nodes, the indexes they use and the rows.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pgLib from "pg";
import { inParallel, pct, positive, startBaton } from "./harness.mjs";

const EXECUTIONS = positive("BENCH_HISTORY_EXECUTIONS", 1_000_000);
const EVENTS_PER_RUN = positive("BENCH_HISTORY_EVENTS_PER_RUN", 10);
const N = positive("BENCH_HISTORY_QUERIES", 100);
const TASKS = 200;
const BIG = "history-big";
const SMALL = "history-007";
const PAGE = 50;
const LAST = 1000;
const WARMUP = 5;
const BATCH = 50_000;
const require = createRequire(import.meta.url);
/** The bare baseline: the simplest newest-first page, straight over pg. */
const BARE_PAGE = `SELECT * FROM executions ORDER BY "queuedAt" DESC LIMIT ${PAGE}`;

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const num = (n) => n.toLocaleString("en");
const ms = (v) => `${v.toFixed(2).padStart(8)} ms`;
/** The UTC day `days` before today, as YYYY-MM-DD. */
const dayBefore = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const baton = await startBaton("history", {
  runner: false,
  env: { BATON_RETENTION_DAYS: "0", BATON_LOG_RETENTION_DAYS: "0" },
});
const pool = new pgLib.Pool({ connectionString: baton.databaseUrl, max: 1 });
const q = async (text, values) => (await pool.query(text, values)).rows;

try {
  // ---- The history, written by SQL ----
  const { gql } = baton;
  await gql(`mutation { registerApp(input: { name: "true", version: "1", uri: "file:///bin/true" }) { version } }`);
  const names = [BIG, ...Array.from({ length: TASKS - 1 }, (_, i) => `history-${String(i).padStart(3, "0")}`)];
  await inParallel(names, 4, (name) =>
    gql(`mutation($name: String!) { createTask(input: { name: $name, app: "true" }) { name } }`, { name }),
  );
  const ids = new Map((await q(`SELECT name, id FROM task_definitions`)).map((r) => [r.name, r.id]));
  const others = names.slice(1).map((n) => ids.get(n));

  const g0 = performance.now();
  // Loading, not running: the rows are consistent by construction, so the per-row foreign-key triggers are
  // skipped (replica role) as pg_restore would. Every 10th execution is the big task's, the rest spread
  // round robin over the other 199. Queued at random times over 90 days, so one task's or one status's rows
  // are spread over the table as in a live database; those of the last 3 hours still QUEUED, DISPATCHED or
  // RUNNING (about 0.14%). In a pool no runner serves, not before tomorrow, held by no runner: the control
  // plane leaves them alone.
  await q(`SET session_replication_role = replica`);
  for (let from = 0; from < EXECUTIONS; from += BATCH) {
    await q(
      `WITH g AS (
         SELECT i, random() AS r, random() AS t, random() AS d FROM generate_series($1::int, $2::int - 1) i),
       s AS (
         SELECT i, d, (now() AT TIME ZONE 'UTC') - t * interval '90 days' AS at,
                CASE WHEN t * 90 * 24 < 3 THEN CASE WHEN r < 0.3 THEN 'QUEUED' WHEN r < 0.4 THEN 'DISPATCHED' ELSE 'RUNNING' END
                     WHEN r < 0.905 THEN 'COMPLETED' WHEN r < 0.955 THEN 'FAILED' WHEN r < 0.975 THEN 'CANCELLED'
                     WHEN r < 0.985 THEN 'TIMED_OUT' WHEN r < 0.99 THEN 'LOST' ELSE 'EXPIRED' END AS status
         FROM g),
       rows AS (
         SELECT gen_random_uuid() AS id,
                CASE WHEN i % 10 = 0 THEN $4::uuid ELSE ($3::uuid[])[1 + i % cardinality($3::uuid[])] END AS task,
                status, at, d
         FROM s),
       ins AS (
         INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec, "queuedAt",
                                 "claimedAt", "dispatchedAt", "startedAt", "endedAt", "notBefore", "lastSeq", "exitCode")
         SELECT id, task, 1, status, 'local', 'history-none', ARRAY['--date=' || to_char(at, 'YYYY-MM-DD')], '{}'::jsonb, at,
                CASE WHEN status NOT IN ('QUEUED', 'EXPIRED') THEN at + interval '5 ms' END,
                CASE WHEN status NOT IN ('QUEUED', 'EXPIRED') THEN at + interval '5 ms' END,
                CASE WHEN status NOT IN ('QUEUED', 'DISPATCHED', 'EXPIRED') THEN at + interval '20 ms' END,
                CASE WHEN status NOT IN ('QUEUED', 'DISPATCHED', 'RUNNING') THEN at + d * interval '10 minutes' END,
                (now() AT TIME ZONE 'UTC') + interval '1 day', $5::int,
                CASE status WHEN 'COMPLETED' THEN 0 WHEN 'FAILED' THEN 1 END
         FROM rows
         RETURNING id, "taskId", status, "queuedAt", "startedAt", "endedAt"),
       ev AS (
         INSERT INTO execution_events ("executionId", seq, kind, payload, at)
         SELECT ins.id, n, 'STATUS',
                CASE WHEN n = 1 THEN '{"status":"QUEUED","cause":"launched revision 1"}'::jsonb
                     ELSE jsonb_build_object('status', ins.status, 'cause', 'exit') END,
                ins."queuedAt" + n * interval '1 ms'
         FROM ins CROSS JOIN generate_series(1, $5::int) n
         WHERE n = 1 OR (n = $5 AND ins."endedAt" IS NOT NULL)),
       -- The lines between (seqs 2..last), in one chunk per run as the control plane stores them.
       lg AS (
         INSERT INTO execution_log_chunks ("executionId", "firstSeq", "lastSeq", streams, texts, at, offsets)
         SELECT ins.id, 2, l.last, repeat('o', l.last - 1),
                ARRAY(SELECT 'line ' || (n - 1) || ' of a run that prints' FROM generate_series(2, l.last) n),
                ins."queuedAt" + interval '2 ms', ARRAY(SELECT n - 2 FROM generate_series(2, l.last) n)
         FROM ins CROSS JOIN LATERAL (
           SELECT CASE WHEN ins."endedAt" IS NOT NULL THEN $5::int - 1 ELSE $5::int END AS last) l
         WHERE l.last >= 2)
       INSERT INTO step_executions ("executionId", name, status, "readCount", "writeCount", "commitCount",
                                    "startedAt", "endedAt", position)
       SELECT ins.id, p.name, 'COMPLETED', (1000 * random())::int, (1000 * random())::int, (10 * random())::int,
              ins."startedAt" + p.position * interval '1 second',
              ins."startedAt" + p.position * interval '1 second' + random() * interval '900 ms', p.position
       FROM ins CROSS JOIN (VALUES (0, 'read'), (1, 'process'), (2, 'write')) p(position, name)
       WHERE ins."taskId" = $4::uuid AND ins."startedAt" IS NOT NULL AND ins."endedAt" IS NOT NULL`,
      [from, Math.min(EXECUTIONS, from + BATCH), others, ids.get(BIG), EVENTS_PER_RUN],
    );
  }
  await q(`RESET session_replication_role`);
  const loadMs = performance.now() - g0;
  // What autovacuum does after such a load: statistics, and the visibility map index-only scans need.
  const v0 = performance.now();
  await q(`VACUUM ANALYZE executions, step_executions, execution_events, execution_log_chunks`);
  const vacuumMs = performance.now() - v0;
  const [counts] = await q(
    `SELECT (SELECT count(*) FROM executions)::int AS executions,
            ((SELECT count(*) FROM execution_events) +
             (SELECT coalesce(sum("lastSeq" - "firstSeq" + 1), 0) FROM execution_log_chunks))::int AS events,
            (SELECT count(*) FROM step_executions)::int AS steps,
            (SELECT count(*) FROM executions WHERE "taskId" = $1)::int AS big,
            pg_size_pretty(pg_total_relation_size('executions')) AS "executionsSize",
            pg_size_pretty(pg_total_relation_size('execution_events') +
                           pg_total_relation_size('execution_log_chunks')) AS "eventsSize"`,
    [ids.get(BIG)],
  );
  const statuses = await q(`SELECT status, count(*)::int AS n FROM executions GROUP BY 1 ORDER BY 2 DESC`);
  console.log(
    `\nHistory: ${num(counts.executions)} executions (${counts.executionsSize} with indexes), ` +
      `${num(counts.events)} events (${counts.eventsSize}), ${num(counts.steps)} step executions; ` +
      `${BIG} has ${num(counts.big)} runs`,
  );
  console.log(`  ${statuses.map((s) => `${s.status} ${((100 * s.n) / counts.executions).toFixed(1)}%`).join(", ")}`);
  console.log(`  written by SQL in ${secs(loadMs)}, VACUUM ANALYZE ${secs(vacuumMs)}`);
  // The search's trigram index built again as its migration builds it on an existing database (timed).
  await q(`DROP INDEX "executions_search_idx"`);
  const i0 = performance.now();
  await q(
    `CREATE INDEX "executions_search_idx" ON "executions" USING gin ("baton_execution_text"("arguments", "exitMessage") gin_trgm_ops)`,
  );
  const [searchIndex] = await q(`SELECT pg_size_pretty(pg_relation_size('executions_search_idx')) AS size`);
  console.log(
    `  executions_search_idx (trigram) built over these rows, as its migration would: ${secs(performance.now() - i0)}, ${searchIndex.size}`,
  );

  // ---- Timing ----
  // Every probe runs once per round, round robin, so a burst of load elsewhere on the machine lands on the
  // baselines and on Baton's queries alike instead of on whichever happened to be measured at the time.
  const LIST = `query($task: String, $status: ExecutionStatus, $first: Int, $after: String, $search: String) {
    executions(task: $task, status: $status, first: $first, after: $after, search: $search) {
      edges { cursor node { id status releaseRevision arguments exitCode queuedAt startedAt endedAt waitReason } }
      pageInfo { hasNextPage endCursor } } }`;
  const ROW_WITH_TASK = LIST.replace("waitReason }", "waitReason task { name } }");
  const STATS = `query($task: String!, $last: Int) { stepStatistics(task: $task, last: $last) {
    step runs duration { min max mean stddev } read { mean } write { mean } commit { mean } } }`;
  const OVERVIEW = `{ overview(hours: 24) { since until failed runners active { status count } ended { status count }
    buckets { start total counts { status count } } } }`;
  const lists = [
    ["first page", {}],
    ["status FAILED", { status: "FAILED" }],
    ["status COMPLETED", { status: "COMPLETED" }],
    ["status RUNNING", { status: "RUNNING" }],
    [`task ${BIG}`, { task: BIG }],
    [`task ${BIG} + FAILED`, { task: BIG, status: "FAILED" }],
    [`task ${SMALL} + COMPLETED`, { task: SMALL, status: "COMPLETED" }],
    // Each run has one argument, --date=<the day it was queued>: a recent day fills a page at once, a day 80
    // days back is read past ~890,000 newer runs, a text no run has reads them all (no index: a filter).
    [`search --date=<yesterday>`, { search: `--date=${dayBefore(1)}` }],
    [`search --date=<80 days ago>`, { search: `--date=${dayBefore(80)}` }],
    [`search matching nothing`, { search: "no run has this" }],
    [`search --date= (every run matches)`, { search: "--date=" }],
  ];
  const list = async (vars) => (await gql(LIST, { first: PAGE, ...vars })).executions;
  const firstCursors = new Map();
  for (const [name, vars] of lists) firstCursors.set(name, (await list(vars)).pageInfo.endCursor);
  /** "next page": each call the page after the previous call's, back to the second page at the end. */
  const walker = (name, vars) => {
    let after = firstCursors.get(name);
    return async () => {
      const page = await list({ ...vars, after });
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : firstCursors.get(name);
    };
  };
  const probe = (group, name, fn, target) => ({ group, name, fn, target, xs: [] });
  const probes = [
    probe("bare baselines", "SELECT 1 over pg", () => q(`SELECT 1`)),
    probe("bare baselines", `first page, bare SQL over pg (LIMIT ${PAGE})`, () => q(BARE_PAGE)),
    probe("bare baselines", "GraphQL { __typename } over HTTP", () => gql(`{ __typename }`)),
    // The 50 ms target is issue 15's, for the indexed filters; a text search is a scan, measured without one.
    ...lists.map(([name, vars]) => probe("list", name, () => list(vars), vars.search ? undefined : 50)),
    ...lists.map(([name, vars]) =>
      probe("list", `${name}, next page`, walker(name, vars), vars.search ? undefined : 50),
    ),
    probe("list", "first page with task { name } (console's row)", () => gql(ROW_WITH_TASK, { first: PAGE })),
    probe("other", `stepStatistics last ${LAST} of ${BIG}`, () => gql(STATS, { task: BIG, last: LAST }), 100),
    probe("other", "overview(hours: 24)", () => gql(OVERVIEW), 100),
  ];
  for (let round = 0; round < N + WARMUP; round++) {
    for (const p of probes) {
      const t = performance.now();
      await p.fn();
      if (round >= WARMUP) p.xs.push(performance.now() - t);
    }
  }
  const line = ({ name, xs, target }) => {
    const verdict =
      target === undefined ? "" : `   target p95 <= ${target} ms: ${pct(xs, 95) <= target ? "met" : "MISSED"}`;
    console.log(
      `  ${name.padEnd(46)} p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}  p99 ${ms(pct(xs, 99))}  (n=${xs.length})${verdict}`,
    );
  };
  const titles = {
    "bare baselines": "bare baselines (same run, interleaved with the rest):",
    list: `executions list through GraphQL over HTTP (${PAGE} a page; "next page" walks on by endCursor):`,
    other: "statistics and overview through GraphQL over HTTP:",
  };
  for (const [group, title] of Object.entries(titles)) {
    console.log(`\n  ${title}`);
    for (const p of probes.filter((x) => x.group === group)) line(p);
  }
  const stats = await gql(STATS, { task: BIG, last: LAST });
  console.log(
    `  (stepStatistics answered: ${stats.stepStatistics.map((s) => `${s.step} ${s.runs} runs, mean ${s.duration.mean.toFixed(0)} ms`).join("; ")})`,
  );

  // ---- Plans ----
  console.log(
    `\n  plans: EXPLAIN (ANALYZE, BUFFERS) of each statement as sent (ms in Postgres; buffers; nodes, rows):`,
  );
  const cursorOf = (name) => {
    const cursor = firstCursors.get(name);
    return cursor ? JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) : undefined;
  };
  const inPostgres = new Map();
  for (const { name, text, values } of await statements({ lists, cursorOf })) {
    const plan = await explain(text, values);
    inPostgres.set(name, plan.ms);
    console.log(`    ${name}: ${plan.line}`);
  }
  // Where a call's time goes, at p50: the HTTP + GraphQL floor ({ __typename }), the statement in Postgres,
  // and the rest (the round trip to Postgres, the rows parsed, 50 nodes resolved and serialised).
  const floor = pct(probes.find((p) => p.name.startsWith("GraphQL { __typename }")).xs, 50);
  console.log(`\n  where a list call's p50 goes: HTTP + GraphQL floor ({ __typename }) + Postgres + the rest:`);
  for (const p of probes.filter((x) => x.group === "list" && inPostgres.has(x.name))) {
    const total = pct(p.xs, 50);
    const pg = inPostgres.get(p.name);
    console.log(`    ${p.name.padEnd(44)} ${ms(total)} = ${ms(floor)} + ${ms(pg)} + ${ms(total - floor - pg)}`);
  }

  const missed = probes.filter((p) => p.target !== undefined && pct(p.xs, 95) > p.target);
  console.log(
    missed.length === 0
      ? `\n  every target met`
      : `\n  MISSED: ${missed.map((p) => `${p.name} (p95 ${pct(p.xs, 95).toFixed(1)} ms > ${p.target})`).join("; ")}`,
  );
} finally {
  await pool.end();
  await baton.stop();
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) as a line (and its ms): the statement's execution time (median of 5, without per-node timing,
 * which on a small VM costs more than the statement), the buffers of the last run (hit: in shared buffers; read:
 * from the OS), and each plan node with its index and the rows it returned.
 */
async function explain(text, values) {
  const times = [];
  let plan;
  for (let i = 0; i < 5; i++) {
    [plan] = (await q(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) ${text}`, values))[0]["QUERY PLAN"];
    times.push(plan["Execution Time"]);
  }
  const nodes = [];
  const walk = (node) => {
    const on = node["Index Name"] ?? node["Relation Name"];
    const rows = node["Actual Rows"] * (node["Actual Loops"] ?? 1);
    if (/Scan|Sort|Limit|Aggregate|Join|Loop|Hash/.test(node["Node Type"]))
      nodes.push(`${node["Node Type"]}${on ? ` on ${on}` : ""} (${num(Math.round(rows))} rows)`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan.Plan);
  const p = plan.Plan;
  return {
    ms: pct(times, 50),
    line: `${pct(times, 50).toFixed(2)} ms, buffers hit ${num(p["Shared Hit Blocks"])} read ${num(p["Shared Read Blocks"])}; ${nodes.join(" > ")}`,
  };
}

/** A Queryable that records each statement a store sends and answers with no rows. */
function recorder() {
  const sent = [];
  const query = async (text, values) => {
    sent.push({ text, values });
    return { rows: [] };
  };
  return { sent, query };
}

/**
 * The statements behind the timed queries, exactly as the control plane sends them: built by its own store
 * classes (from its dist/) against a recorder, with the first page's cursor for "next page".
 */
async function statements({ lists, cursorOf }) {
  const dist = join(dirname(require.resolve("@baton/control-plane/package.json")), "dist", "store");
  const { ExecutionQueryStore } = await import(pathToFileURL(join(dist, "execution-query-store.js")).href);
  const { StatisticsStore } = await import(pathToFileURL(join(dist, "statistics-store.js")).href);
  const out = [];
  for (const [name, vars] of lists) {
    for (const next of [false, true]) {
      const cursor = next ? cursorOf(name) : [];
      if (cursor === undefined) continue; // a list with one page (a search no run matches) has no next page
      const rec = recorder();
      const [at, id] = cursor;
      await new ExecutionQueryStore(rec).page({
        task: vars.task,
        status: vars.status,
        search: vars.search,
        after: next ? { at: new Date(at), id } : null,
        limit: PAGE + 1,
      });
      // A search sends two statements when the first (the newest rows) does not fill the page: both shown.
      for (const [i, sent] of rec.sent.entries()) {
        out.push({ name: `${name}${next ? ", next page" : ""}${i > 0 ? ` (then ${i + 1})` : ""}`, ...sent });
      }
    }
  }
  const rec = recorder();
  await new StatisticsStore(rec).steps(BIG, LAST);
  out.push({ name: `stepStatistics last ${LAST}`, ...rec.sent[0] });
  return out;
}
