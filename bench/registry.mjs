#!/usr/bin/env node
// `node bench/registry.mjs`: the console's apps page query (issue 16: each
// version's warnings and the tasks that use it) over 50 apps of 4 versions,
// each app with 2 tasks of 2 revisions (BENCH_REGISTRY_APPS). Prints the HTTP
// round trip (p50 / p95 / p99) and how many SQL statements one query costs
// (counted by a proxy between the control plane and PostgreSQL: one Sync or
// simple Query message a statement), beside the bare baseline: the same rows
// read by one hand-written SQL statement straight from PostgreSQL.
import { createConnection, createServer } from "node:net";
import { performance } from "node:perf_hooks";
import pgLib from "pg";
import { pct, positive, startBaton } from "./harness.mjs";

const APPS = positive("BENCH_REGISTRY_APPS", 50);
const VERSIONS = 4;
const TASKS = 2;
const N = positive("BENCH_REGISTRY_QUERIES", 100);
const WARMUP = 10;
// The console's apps page (web/src/lib/documents.ts AppsQuery), first page: 50 shown, one more asked.
const QUERY = `query Apps($first: Int) { apps(first: $first) {
  name createdAt defaultVersion { version }
  versions { version uri createdAt warnings { code message } tasks { task revisions current } } } }`;

/** A TCP proxy to PostgreSQL that counts the statements its clients send (Sync and simple Query messages). */
function countingProxy() {
  let statements = 0;
  let server;
  const via = (url) =>
    new Promise((resolve) => {
      const target = new URL(url);
      server = createServer((client) => {
        const upstream = createConnection(Number(target.port), target.hostname);
        // As node-postgres does: Nagle's delay on a hop would add tens of ms to a statement's answer.
        client.setNoDelay(true);
        upstream.setNoDelay(true);
        let pending = Buffer.alloc(0);
        let started = false; // the startup message has a length and no type byte
        client.on("data", (chunk) => {
          upstream.write(chunk);
          pending = Buffer.concat([pending, chunk]);
          for (;;) {
            const head = started ? 1 : 0;
            if (pending.length < head + 4) break;
            const length = pending.readUInt32BE(head);
            if (pending.length < head + length) break;
            if (started && (pending[0] === 0x53 || pending[0] === 0x51)) statements++; // 'S' Sync, 'Q' Query
            pending = pending.subarray(head + length);
            started = true;
          }
        });
        upstream.on("data", (chunk) => client.write(chunk));
        const close = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on("error", close);
        upstream.on("error", close);
        client.on("close", close);
        upstream.on("close", close);
      });
      server.listen(0, "127.0.0.1", () => {
        const proxied = new URL(url);
        proxied.port = String(server.address().port);
        resolve(proxied.toString());
      });
    });
  return { via, count: () => statements, close: () => server?.close() };
}

const proxy = countingProxy();
const baton = await startBaton("registry", { runner: false, databaseVia: proxy.via });
const pool = new pgLib.Pool({ connectionString: baton.databaseUrl, max: 1 });
try {
  const t0 = performance.now();
  for (let a = 0; a < APPS; a++) {
    const app = `bench-app-${String(a).padStart(3, "0")}`;
    for (let v = 1; v <= VERSIONS; v++) {
      await baton.gql(
        `mutation($n: String!, $v: String!) { registerApp(input: { name: $n, version: $v, uri: "file:///bin/true" }) { version } }`,
        {
          n: app,
          v: `1.${v}.0`,
        },
      );
    }
    for (let t = 0; t < TASKS; t++) {
      const task = `${app}-task-${t}`;
      await baton.gql(
        `mutation($t: String!, $a: String!) { createTask(input: { name: $t, app: $a, version: "1.1.0" }) { name } }`,
        {
          t: task,
          a: app,
        },
      );
      await baton.gql(`mutation($t: String!) { upgradeTask(input: { task: $t, version: "1.2.0" }) { revision } }`, {
        t: task,
      });
    }
  }
  console.log(
    `\nRegistry: ${APPS} apps x ${VERSIONS} versions, ${APPS * TASKS} tasks of 2 revisions (made in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const check = await baton.gql(QUERY, { first: APPS + 1 });
  const shown = check.apps.length;
  const uses = check.apps.flatMap((a) => a.versions).reduce((n, v) => n + v.tasks.length, 0);
  if (shown !== APPS || uses !== APPS * TASKS * 2) throw new Error(`unexpected answer: ${shown} apps, ${uses} uses`);

  /** Round trips of a query, and the statements sent meanwhile less those the idle control plane sends. */
  const measure = async (query = QUERY) => {
    for (let i = 0; i < WARMUP; i++) await baton.gql(query, { first: APPS + 1 });
    const idleFrom = proxy.count();
    const idleStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleRate = (proxy.count() - idleFrom) / (performance.now() - idleStart);
    const xs = [];
    const from = proxy.count();
    const start = performance.now();
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await baton.gql(query, { first: APPS + 1 });
      xs.push(performance.now() - t);
    }
    const statements = (proxy.count() - from - idleRate * (performance.now() - start)) / N;
    return { xs, statements };
  };
  const BARE = `SELECT a.name, a."createdAt", d.version AS "defaultVersion",
      (SELECT json_agg(json_build_object('version', v.version, 'uri', v.uri, 'createdAt', v."createdAt",
         'tasks', (SELECT coalesce(json_agg(json_build_object('task', t.name, 'revisions', r.revisions,
                     'current', t."currentRevision" = ANY(r.revisions)) ORDER BY t.name), '[]')
                   FROM task_definitions t
                   CROSS JOIN LATERAL (SELECT array_agg(tr.revision ORDER BY tr.revision) AS revisions
                                       FROM releases tr WHERE tr."taskId" = t.id AND tr."appVersionId" = v.id) r
                   WHERE t."liveName" IS NOT NULL AND r.revisions IS NOT NULL))
         ORDER BY v."createdAt")
       FROM app_versions v WHERE v."appId" = a.id AND v."unregisteredAt" IS NULL) AS versions
    FROM apps a LEFT JOIN app_versions d ON d.id = a."defaultVersionId"
    ORDER BY a.name LIMIT $1`;
  const bare = async () => {
    const xs = [];
    for (let i = 0; i < N + WARMUP; i++) {
      const t = performance.now();
      const { rows } = await pool.query(BARE, [APPS + 1]);
      if (rows.length !== APPS) throw new Error(`bare query read ${rows.length} apps`);
      if (i >= WARMUP) xs.push(performance.now() - t);
    }
    return xs;
  };
  const line = (name, xs, extra = "") =>
    `  ${name.padEnd(46)} p50 ${pct(xs, 50).toFixed(2).padStart(8)} ms   p95 ${pct(xs, 95).toFixed(2).padStart(8)} ms   p99 ${pct(xs, 99).toFixed(2).padStart(8)} ms   (n=${xs.length})${extra}`;
  const baton1 = await measure();
  const bare1 = await bare();
  console.log(
    line("apps page query over HTTP (Baton)", baton1.xs, `   ~${baton1.statements.toFixed(1)} SQL statements`),
  );
  console.log(line("bare: the same rows, one SQL statement", bare1, "   1 SQL statement"));
  // Where the time goes: the same query with fewer fields, each step adding one kind of read.
  console.log("  where it goes (the query growing field by field):");
  const fields = "query Apps($first: Int) { apps(first: $first) { name createdAt";
  const steps = [
    ["apps { name createdAt }", `${fields} } }`],
    ["+ defaultVersion, versions", `${fields} defaultVersion { version } versions { version uri createdAt } } }`],
    [
      "+ versions' tasks",
      `${fields} defaultVersion { version } versions { version uri createdAt tasks { task revisions current } } } }`,
    ],
    ["+ versions' warnings (the page's query)", QUERY],
  ];
  for (const [name, query] of steps) {
    const m = await measure(query);
    console.log(line(`  ${name}`, m.xs, `   ~${m.statements.toFixed(1)} SQL statements`));
  }
} finally {
  await pool.end();
  await baton.stop();
  proxy.close();
}
