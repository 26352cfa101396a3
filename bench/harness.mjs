// What the benchmarks share: Baton started as `npm start` runs it (a private
// PostgreSQL and NATS, the control plane and local-process runners as
// separate processes), a GraphQL client, a kept-open graphql-ws client, and
// a direct spawn to compare with.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { applyMigrations } from "@baton/db";
import { startNats, startNodeChild, startPostgres, waitForLine } from "@baton/stack";
import { createClient } from "graphql-ws";
import pgLib from "pg";
import WebSocket from "ws";
import { ClientTrace, wallNow } from "./trace.mjs";

const require = createRequire(import.meta.url);
const entry = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "main.js");

/** A positive whole number from the environment variable `name`, or `fallback`; a readable error otherwise. */
export const positive = (name, fallback) => {
  const raw = process.env[name] ?? String(fallback);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name}="${raw}" is not a positive whole number; e.g. ${fallback}.`);
  return n;
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Runs fn over items with at most `width` calls in flight. */
export async function inParallel(items, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/** Sends a mutation again while the control plane answers "retryable" (as a client is told to); counts the retries. */
export async function retrying(fn, counter) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 20 || !String(err.message).includes('"retryable":true')) throw err;
      counter.retries++;
      await sleep(250 * attempt);
    }
  }
}

const msCell = (v) => (v === undefined || Number.isNaN(v) ? "        -   " : `${v.toFixed(2).padStart(9)} ms`);
export const stats = (xs) => ({ p50: pct(xs, 50), p99: pct(xs, 99), max: xs.length ? Math.max(...xs) : undefined });
/** "  name   p50 … ms   p99 … ms   max … ms   (n=…)", the name padded to `pad`. */
export const latencyLine = (name, xs, pad) => {
  const s = stats(xs);
  return `  ${name.padEnd(pad)} p50 ${msCell(s.p50)}   p99 ${msCell(s.p99)}   max ${msCell(s.max)}   (n=${xs.length})`;
};

export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** Spawns the executable directly from Node and waits for it to close: the baseline. */
/** A GraphQL POST client for one URL: the data, or an Error with the errors. */
export const gqlAt =
  (url, headers = {}) =>
  async (query, variables) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

export async function spawnOnce(exe) {
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    const child = spawn(exe, [], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.once("error", reject);
    child.once("close", resolve);
  });
  return performance.now() - t0;
}

/**
 * Starts Baton as `npm start` runs it, in a private temporary folder.
 * options.runner (default true): start one runner at once; false starts none
 * (add them later with startRunner). options.env: extra environment for the
 * control plane and every runner. options.authorization: a function giving
 * the "Bearer ..." value every request and the WebSocket send (authentication
 * on). The children's output goes to logFile.
 */
export async function startBaton(name, options = {}) {
  const { runner: withRunner = true, env: extraEnv = {}, authorization, trace = false, databaseVia } = options;
  const dir = mkdtempSync(join(tmpdir(), `baton-${name}-`));
  chmodSync(dir, 0o755);
  const traceFiles = trace ? [join(dir, "trace-cp.txt"), join(dir, "trace-runner.txt")] : [];
  const traceEnv = trace ? { BATON_TRACE_FILE: traceFiles[0], RUNNER_TRACE_FILE: traceFiles[1] } : {};
  const clientTrace = new ClientTrace();
  /** The processes' trace marks, read by stop(). */
  const traceLines = [];
  const [pg, nats] = await Promise.all([
    startPostgres({ dataDir: join(dir, "pg") }),
    startNats({ dataDir: join(dir, "nats") }),
  ]);
  await applyMigrations(pg.url);
  const env = {
    ...process.env,
    // options.databaseVia: the URL the processes use instead (a counting proxy in front of the server).
    DATABASE_URL: databaseVia ? await databaseVia(pg.url) : pg.url,
    NATS_URL: nats.url,
    BATON_MIGRATE: "false",
    PORT: "0",
    ...traceEnv,
    ...extraEnv,
  };
  const logFile = join(dir, "children.log");
  const cp = startNodeChild("control-plane", entry("@baton/control-plane"), env, logFile);
  const ready = await waitForLine(cp, /ready: (http\S+)/, 30_000).catch(async (err) => {
    // Leave no PostgreSQL or NATS running behind a control plane that did not start (its log stays in dir).
    await Promise.all([cp.stop(), nats.stop(), pg.stop()]);
    throw new Error(`${err.message}; see ${logFile}`);
  });
  const url = ready.split("ready: ")[1].trim();
  const runners = [];
  /** Starts one more runner (extra env on top of the stack's); stop() of the whole stack stops it too. */
  const startRunner = (runnerEnv = {}) => {
    const n = runners.length;
    const label = n === 0 ? "runner" : `runner-${n + 1}`;
    const own = { RUNNER_DATA_DIR: join(dir, label) }; // each runner its own folder, so its own id
    const child = startNodeChild(label, entry("@baton/runner-host"), { ...env, ...own, ...runnerEnv }, logFile);
    runners.push(child);
    return { stop: () => child.stop() };
  };
  if (withRunner) startRunner();
  const auth = authorization ? { authorization: await authorization() } : {};
  const gql = gqlAt(url, auth);
  // Keep the socket open between runs, as a console does (the lazy default closes it when idle).
  const ws = createClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    lazy: false,
    connectionParams: auth,
  });
  /** Subscribes and resolves with the last payload's data once the subscription completes. */
  const untilComplete = (query, variables) =>
    new Promise((resolve, reject) => {
      let last;
      ws.subscribe(
        { query, variables },
        { next: (v) => (last = v.data), error: reject, complete: () => resolve(last) },
      );
    });
  const stop = async () => {
    await ws.dispose();
    await Promise.all(runners.map((r) => r.stop()));
    await cp.stop();
    await nats.stop();
    await pg.stop();
    // The processes wrote their last trace marks as they exited: keep them before the folder goes.
    for (const f of traceFiles) if (existsSync(f)) traceLines.push(...readFileSync(f, "utf8").split("\n"));
    rmSync(dir, { recursive: true, force: true });
  };
  /** Launches the task and waits for its terminal event on a subscription: its id and the wall milliseconds. */
  const timedLaunch = async (task) => {
    const sentAt = wallNow();
    const t0 = performance.now();
    const { launchTask } = await gql(`mutation($task: String!) { launchTask(input: { task: $task }) { id } }`, {
      task,
    });
    const answeredAt = wallNow();
    await untilComplete(`subscription($id: ID!) { executionEvents(executionId: $id, replay: true) { kind status } }`, {
      id: launchTask.id,
    });
    const ms = performance.now() - t0;
    clientTrace.mark(launchTask.id, "send", sentAt);
    clientTrace.mark(launchTask.id, "answered", answeredAt);
    clientTrace.mark(launchTask.id, "end");
    return { id: launchTask.id, ms };
  };
  return {
    url,
    databaseUrl: pg.url,
    gql,
    untilComplete,
    timedLaunch,
    stop,
    startRunner,
    logFile,
    /** The control plane's and the runners' process ids (for /proc/<pid>/status: VmRSS, VmHWM). */
    pids: () => ({ controlPlane: cp.process.pid, runners: runners.map((r) => r.process.pid) }),
    traceFiles,
    traceLines,
    clientTrace,
  };
}

/**
 * Where the time of these executions went, from the timestamps each recorded:
 * queued -> dispatched (admission), dispatched -> started, started -> ended,
 * in milliseconds per run; and how many did not complete.
 */
export async function executionPhases(databaseUrl, ids) {
  const pool = new pgLib.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query(
      `SELECT extract(epoch FROM "dispatchedAt" - "queuedAt") * 1000 AS admit,
              extract(epoch FROM "startedAt" - "dispatchedAt") * 1000 AS start,
              extract(epoch FROM "endedAt" - "startedAt") * 1000 AS run,
              status
         FROM executions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const phase = (key) => rows.map((r) => Number(r[key]));
    return {
      admit: phase("admit"),
      start: phase("start"),
      run: phase("run"),
      failed: rows.filter((r) => r.status !== "COMPLETED").length,
    };
  } finally {
    await pool.end();
  }
}

/** "overhead (Baton - <bare>)": the difference of the p50s and p99s, and their ratio at p50. */
export function overheadLine(name, batonMs, bareMs, pad = 44) {
  const t = stats(batonMs);
  const b = stats(bareMs);
  return `  ${name.padEnd(pad)} p50 ${(t.p50 - b.p50).toFixed(1).padStart(7)} ms   p99 ${(t.p99 - b.p99).toFixed(1).padStart(7)} ms   (Baton/bare p50 ${(t.p50 / b.p50).toFixed(2)}x)`;
}

/** Prints where Baton's time went (executionPhases), the middle phases named by the caller. */
export function printPhases(phases, { start, run }, logFile, pad = 44) {
  console.log("  where Baton's time goes (from the executions' timestamps):");
  console.log(latencyLine("  queued -> dispatched (admission)", phases.admit, pad));
  console.log(latencyLine(`  dispatched -> started (${start})`, phases.start, pad));
  console.log(latencyLine(`  started -> ended (${run})`, phases.run, pad));
  if (phases.failed > 0) console.log(`  ${phases.failed} run(s) did not complete: see ${logFile}`);
}

/** The ingest lag histogram of a control plane's /metrics (cumulative): count, sum and buckets. */
export async function ingestLag(url) {
  const text = await fetch(url.replace(/\/graphql$/, "/metrics")).then((r) => (r.ok ? r.text() : ""));
  const value = (re) => Number(re.exec(text)?.[1] ?? Number.NaN);
  return {
    count: value(/^baton_ingest_lag_seconds_count (\S+)/m),
    sum: value(/^baton_ingest_lag_seconds_sum (\S+)/m),
    buckets: [...text.matchAll(/^baton_ingest_lag_seconds_bucket\{le="([^"]+)"\} (\S+)/gm)].map((m) => ({
      le: m[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(m[1]),
      n: Number(m[2]),
    })),
  };
}

/** One round's share of ingestLag (after - before): count, mean ms, and the bucket bounds of the median and 99th. */
export function lagOf(before, after) {
  const count = after.count - before.count;
  const buckets = after.buckets.map((b, i) => ({ le: b.le, n: b.n - (before.buckets[i]?.n ?? 0) }));
  const bound = (p) => (buckets.find((b) => b.n >= (p / 100) * count)?.le ?? Number.NaN) * 1000;
  const top = Math.max(...buckets.filter((b) => Number.isFinite(b.le)).map((b) => b.le)) * 1000;
  const upTo = (p) => (Number.isFinite(bound(p)) ? `<= ${bound(p).toFixed(1)} ms` : `> ${top.toFixed(1)} ms`);
  return { count, mean: ((after.sum - before.sum) / count) * 1000, p50: upTo(50), p99: upTo(99) };
}
