#!/usr/bin/env node
// `node bench/logs.mjs`: one run printing BENCH_LOG_LINES (1,000,000) numbered lines as fast as it can (issue 15).
//   bare:   the same program (`seq 1 N` from a bash script) with stdout to /dev/null, and piped into a Node
//           parent that counts the lines (and one that splits them into strings with readline): wall time;
//   Baton:  two runs of it on one stack, one after the other:
//             "no subscriber":  nobody watches the run; its end is seen in the database;
//             "one subscriber": a graphql-ws subscription opened right after the launch (replay: true, so it
//                               sees every line) checks each line as it streams, and the run's end is the
//                               terminal event arriving there, as a console tailing the run sees it.
//           For each: in SQL, streamed and aggregated, every stored LOG line counted and its text compared
//           with its rank in seq order (0 lost, in order); lines/s persisted, from the run's startedAt to the
//           commit of its last line; the run's own duration (startedAt -> endedAt) against the /dev/null run;
//           the peak RSS (VmHWM, reset before each run) of the runner and the control plane.
// Where the time goes: every tenth of the lines as the runner read it (the line's `at`), as committed (the
// execution's stdoutLines, sampled every SAMPLE_MS on a connection of the bench's own) and as it reached the
// subscriber; the control plane's ingest lag histogram (/metrics); the CPU each process used.
// Everything real: a private PostgreSQL and NATS, the control plane and one local-process runner as separate
// processes, exactly as `npm start` runs them.
import { spawn } from "node:child_process";
import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { createClient } from "graphql-ws";
import pgLib from "pg";
import WebSocket from "ws";
import { ingestLag, lagOf, positive, startBaton } from "./harness.mjs";

const N = positive("BENCH_LOG_LINES", 1_000_000);
/** Bare runs of each kind; the median counts. */
const BARE_REPEATS = 5;
/** A Baton run fails when it has not ended after this long. */
const LIMIT_MS = 30 * 60_000;
/** How often the bench reads the run's committed line count (its own connection, one indexed row). */
const SAMPLE_MS = 100;
/** Linux's clock ticks per second (USER_HZ) for /proc/<pid>/stat. */
const TICKS = 100;
const TARGET_RATE = 100_000;
const TARGET_SLOWDOWN = 2;
const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "LOST", "TIMED_OUT", "EXPIRED"];

const wall = () => performance.timeOrigin + performance.now();
const num = (n, digits = 0) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const row = (name, value) => `  ${name.padEnd(54)} ${value}`;
const ms = (v) => (v === undefined || Number.isNaN(v) ? "-" : `${num(v, 1)} ms`);
const mb = (kb) => `${num(kb / 1024, 1)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const verdict = (ok) => (ok ? "met" : "NOT met");
const tenth = Math.max(1, Math.floor(N / 10));

const dir = mkdtempSync(join(tmpdir(), "bench-logs-"));
chmodSync(dir, 0o755);
const script = join(dir, "lines.sh");
writeFileSync(script, '#!/bin/sh\nexec seq 1 "$1"\n', { mode: 0o755 });
const argv = [script, String(N)];

// ---------------------------------------------------------------- bare

/** bash lines.sh N with stdout to /dev/null: wall ms from spawn to close. */
async function toDevNull() {
  const fd = openSync("/dev/null", "w");
  const t0 = performance.now();
  try {
    await new Promise((resolve, reject) => {
      const child = spawn("bash", argv, { stdio: ["ignore", fd, "ignore"] });
      child.once("error", reject);
      child.once("close", resolve);
    });
    return performance.now() - t0;
  } finally {
    closeSync(fd);
  }
}

/** bash lines.sh N piped into this process, which counts newlines: wall ms and the count. */
async function toCounter() {
  const t0 = performance.now();
  let lines = 0;
  await new Promise((resolve, reject) => {
    const child = spawn("bash", argv, { stdio: ["ignore", "pipe", "ignore"] });
    child.once("error", reject);
    child.stdout.on("data", (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.once("close", resolve);
  });
  return { ms: performance.now() - t0, lines };
}

/** The same, each line decoded into a string (readline), as a runner must: wall ms and the count. */
async function toReadline() {
  const t0 = performance.now();
  let lines = 0;
  const child = spawn("bash", argv, { stdio: ["ignore", "pipe", "ignore"] });
  const closed = new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  for await (const _line of createInterface({ input: child.stdout })) lines++;
  await closed;
  return { ms: performance.now() - t0, lines };
}

async function bare() {
  const devNull = [];
  const counted = [];
  const split = [];
  for (let i = 0; i < BARE_REPEATS; i++) {
    devNull.push(await toDevNull());
    counted.push(await toCounter());
    split.push(await toReadline());
  }
  for (const r of [...counted, ...split])
    if (r.lines !== N) throw new Error(`the bare reader counted ${r.lines} lines, not ${N}`);
  return { devNull: median(devNull), counted: median(counted.map((r) => r.ms)), split: median(split.map((r) => r.ms)) };
}

// ---------------------------------------------------------------- processes

/** VmRSS and VmHWM (peak) of a process, in kB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/** Resets a process's VmHWM to its current RSS (Linux: "5" to clear_refs), so the next peak is this run's. */
function resetPeak(pid) {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/** /proc/<pid>/stat: parent pid, own CPU and reaped children's CPU, in seconds. */
function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return {
    ppid: Number(f[1]),
    cpu: (Number(f[11]) + Number(f[12])) / TICKS,
    children: (Number(f[13]) + Number(f[14])) / TICKS,
  };
}

/** CPU seconds so far of the control plane, the runner, NATS and PostgreSQL (the postmaster and every backend). */
function cpuSeconds(pids) {
  const procs = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const comm = readFileSync(`/proc/${name}/comm`, "utf8").trim();
      procs.push({ pid: Number(name), comm, ...stat(name) });
    } catch {
      // Gone meanwhile.
    }
  }
  const own = procs.filter((p) => p.ppid === process.pid);
  const postmaster = own.find((p) => p.comm === "postgres");
  const nats = own.find((p) => p.comm.startsWith("nats"));
  const cpuOf = (pid) => procs.find((p) => p.pid === pid)?.cpu ?? 0;
  const backends = postmaster ? procs.filter((p) => p.ppid === postmaster.pid) : [];
  return {
    controlPlane: cpuOf(pids.controlPlane),
    runner: cpuOf(pids.runners[0]),
    postgres: postmaster ? postmaster.cpu + postmaster.children + backends.reduce((a, p) => a + p.cpu, 0) : 0,
    nats: nats?.cpu ?? 0,
  };
}

// ---------------------------------------------------------------- one Baton run

/**
 * Follows the run's events on its own socket: every LOG line checked against the next number as it arrives
 * (no memory kept per line), the seqs checked for gaps, and the arrival of each tenth of the lines noted.
 */
function follow(url, id) {
  const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
  const seen = { lines: 0, outOfOrder: 0, firstWrong: undefined, gaps: 0, lastSeq: 0, marks: [], end: undefined };
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no terminal event within ${LIMIT_MS / 60_000} min`)), LIMIT_MS);
    client.subscribe(
      {
        query: `subscription($id: ID!) { executionEvents(executionId: $id, replay: true) { seq kind status log { stream text } } }`,
        variables: { id },
      },
      {
        next: ({ data, errors }) => {
          if (errors) return reject(new Error(JSON.stringify(errors)));
          const e = data.executionEvents;
          if (e.seq !== seen.lastSeq + 1) seen.gaps++;
          seen.lastSeq = e.seq;
          if (e.kind === "LOG" && e.log.stream === "stdout") {
            seen.lines++;
            if (e.log.text !== String(seen.lines)) {
              seen.outOfOrder++;
              seen.firstWrong ??= `line ${seen.lines} read "${e.log.text}"`;
            }
            if (seen.lines % tenth === 0) seen.marks.push({ line: seen.lines, at: wall() });
          }
          if (e.kind === "STATUS" && TERMINAL.includes(e.status)) seen.end = wall();
        },
        error: reject,
        complete: () => {
          clearTimeout(timer);
          resolve();
        },
      },
    );
  });
  return { seen, done: done.finally(() => client.dispose()) };
}

/**
 * Reads the run's committed stdout line count every SAMPLE_MS until its status is terminal: when each tenth
 * of the lines had been committed (the first sample that saw it; at most SAMPLE_MS late) and when the end was.
 */
function sampleCommits(db, id) {
  const commits = { marks: [], end: undefined, samples: 0 };
  const done = new Promise((resolve, reject) => {
    const started = performance.now();
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const { rows } = await db.query(`SELECT status, "stdoutLines" AS lines FROM executions WHERE id = $1`, [id]);
        const at = wall();
        commits.samples++;
        const [r] = rows;
        while (r && r.lines >= (commits.marks.length + 1) * tenth && commits.marks.length < 10)
          commits.marks.push({ line: (commits.marks.length + 1) * tenth, at });
        if (r && TERMINAL.includes(r.status)) {
          commits.end = at;
          clearInterval(timer);
          resolve();
        } else if (performance.now() - started > LIMIT_MS) {
          clearInterval(timer);
          reject(new Error(`the run did not end within ${LIMIT_MS / 60_000} min`));
        }
      } catch (err) {
        clearInterval(timer);
        reject(err);
      } finally {
        busy = false;
      }
    }, SAMPLE_MS);
  });
  return { commits, done };
}

/**
 * Every stored stdout line counted and compared with its rank in seq order, in one streamed aggregate. Read
 * through the view execution_event_log, which expands the log chunks into one event per line, as they were.
 */
const CHECK = `
  SELECT count(*)::int AS lines,
         count(*) FILTER (WHERE payload->>'text' = rank::text)::int AS "inPlace",
         extract(epoch FROM min(at))::float8 * 1000 AS "firstAt",
         extract(epoch FROM max(at))::float8 * 1000 AS "lastAt"
    FROM (SELECT payload, at, row_number() OVER (ORDER BY seq) AS rank
            FROM execution_event_log
           WHERE "executionId" = $1 AND kind = 'LOG' AND payload->>'stream' = 'stdout') lines`;
const EVENTS = `
  SELECT count(*)::int AS events, max(seq)::int AS "maxSeq",
         count(*) FILTER (WHERE kind = 'LOG' AND payload->>'stream' <> 'stdout')::int AS "otherLines",
         min(payload->>'text') FILTER (WHERE kind = 'LOG' AND payload->>'stream' <> 'stdout') AS "otherLine"
    FROM execution_event_log WHERE "executionId" = $1`;
const RUN = `
  SELECT status, "exitCode", "lastSeq", "stdoutLines",
         extract(epoch FROM "startedAt")::float8 * 1000 AS "startedAt",
         extract(epoch FROM "endedAt")::float8 * 1000 AS "endedAt"
    FROM executions WHERE id = $1`;
/** When the runner read the line with each of these texts (its `at`). */
const READ_AT = `
  SELECT (payload->>'text')::int AS line, extract(epoch FROM at)::float8 * 1000 AS at
    FROM execution_event_log
   WHERE "executionId" = $1 AND kind = 'LOG' AND payload->>'stream' = 'stdout' AND payload->>'text' = ANY($2::text[])`;

/** Launches the task once, watched (a subscriber) or not, and measures it. */
async function batonRun(baton, db, pids, watched) {
  const q = async (sql, params) => (await db.query(sql, params)).rows;
  const sampler = new pgLib.Client({ connectionString: baton.databaseUrl });
  await sampler.connect();
  try {
    for (const pid of [pids.controlPlane, pids.runners[0]]) resetPeak(pid);
    const lagBefore = await ingestLag(baton.url);
    const cpuBefore = cpuSeconds(pids);
    const launchWall = wall();
    const t0 = performance.now();
    const { launchTask } = await baton.gql(
      `mutation($a: [String!]) { launchTask(input: { task: "lines", arguments: $a }) { id } }`,
      { a: [String(N)] },
    );
    const id = launchTask.id;
    const follower = watched ? follow(baton.url, id) : undefined;
    const { commits, done: committed } = sampleCommits(sampler, id);
    await Promise.all([committed, follower?.done]);
    const wallMs = performance.now() - t0;
    const cpuAfter = cpuSeconds(pids);
    const mem = { controlPlane: memory(pids.controlPlane), runner: memory(pids.runners[0]) };
    const lag = lagOf(lagBefore, await ingestLag(baton.url));
    const [run] = await q(RUN, [id]);
    const [check] = await q(CHECK, [id]);
    const [events] = await q(EVENTS, [id]);
    const wanted = Array.from({ length: 10 }, (_, i) => String((i + 1) * tenth));
    const readAt = new Map((await q(READ_AT, [id, wanted])).map((r) => [r.line, r.at]));
    const cpu = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, cpuAfter[k] - cpuBefore[k]]));
    return {
      watched,
      id,
      launchWall,
      wallMs,
      run,
      check,
      events,
      readAt,
      commits,
      seen: follower?.seen,
      lag,
      cpu,
      mem,
    };
  } finally {
    await sampler.end();
  }
}

// ---------------------------------------------------------------- report

function figures(r, devNull) {
  const lastCommit = r.commits.marks.at(-1)?.at ?? r.commits.end;
  const persistMs = lastCommit - r.run.startedAt;
  const runMs = r.run.endedAt - r.run.startedAt;
  const lost = N - r.check.lines;
  const inOrder = r.check.inPlace === N && r.check.lines === N;
  const subscriberOk = !r.seen || (r.seen.lines === N && r.seen.outOfOrder === 0 && r.seen.gaps === 0);
  return {
    persistMs,
    rate: (r.check.lines / persistMs) * 1000,
    runMs,
    slowdown: runMs / devNull,
    lost,
    inOrder,
    subscriberOk,
    ok: lost === 0 && inOrder && subscriberOk && r.run.status === "COMPLETED",
  };
}

function printRun(r, devNull) {
  const f = figures(r, devNull);
  const { run, check, events } = r;
  const end = r.seen ? "the terminal event on the subscriber" : "the terminal status seen in the database";
  console.log(
    `\nBaton, ${r.watched ? "one subscriber tailing the run (graphql-ws, replay: true)" : "no subscriber"}: run ${r.id}`,
  );
  console.log(row(`launch -> ${end}`, `${ms(r.wallMs)}   (status ${run.status}, exit ${run.exitCode})`));
  console.log(row("run: startedAt -> endedAt", `${ms(f.runMs)} = ${f.slowdown.toFixed(1)}x the /dev/null run`));
  console.log(
    row(
      "persisted: startedAt -> last line committed",
      `${num(check.lines)} lines in ${ms(f.persistMs)} = ${num(f.rate)} lines/s (sampled every ${SAMPLE_MS} ms)`,
    ),
  );
  console.log(row("stored stdout lines / lost", `${num(check.lines)} / ${num(f.lost)}`));
  console.log(row("stored texts equal to 1..N in seq order", `${num(check.inPlace)} of ${num(N)}`));
  const contiguous = events.events === events.maxSeq && events.maxSeq === run.lastSeq;
  console.log(
    row(
      "events stored; seqs 1..max without a gap",
      `${num(events.events)}; ${contiguous ? "yes" : `NO (max seq ${events.maxSeq}, lastSeq ${run.lastSeq})`}`,
    ),
  );
  if (events.otherLines > 0)
    console.log(row("other log lines (system, stderr)", `${events.otherLines}, e.g. "${events.otherLine}"`));
  if (r.seen) {
    console.log(
      row(
        "on the subscriber: lines / out of order / seq gaps",
        `${num(r.seen.lines)} / ${num(r.seen.outOfOrder)} / ${num(r.seen.gaps)}` +
          (r.seen.firstWrong ? ` (first: ${r.seen.firstWrong})` : ""),
      ),
    );
  }
  console.log(
    row(
      "peak RSS (VmHWM, reset before the run)",
      `control plane ${mb(r.mem.controlPlane.hwm)}, runner ${mb(r.mem.runner.hwm)}`,
    ),
  );
  console.log(row("RSS after the run", `control plane ${mb(r.mem.controlPlane.rss)}, runner ${mb(r.mem.runner.rss)}`));

  console.log("  where the time goes (this machine's wall clock; a line's `at` is when the runner read it):");
  console.log(row("  launch sent -> startedAt", ms(run.startedAt - r.launchWall)));
  console.log(row("  startedAt -> first line read by the runner", ms(check.firstAt - run.startedAt)));
  console.log(
    row(
      "  first -> last line read by the runner",
      `${ms(check.lastAt - check.firstAt)} (${num((N / (check.lastAt - check.firstAt)) * 1000)} lines/s)`,
    ),
  );
  console.log(row("  last line read -> endedAt (exit reported)", ms(run.endedAt - check.lastAt)));
  console.log(
    row("  last line read -> last line committed", ms((r.commits.marks.at(-1)?.at ?? Number.NaN) - check.lastAt)),
  );
  console.log(row("  terminal status committed (sampled)", `+${ms(r.commits.end - run.startedAt)} after startedAt`));
  if (r.seen)
    console.log(row("  terminal event on the subscriber", `+${ms(r.seen.end - run.startedAt)} after startedAt`));
  console.log(
    `    each tenth of the lines, ms after startedAt: read by the runner -> committed${r.seen ? " -> on the subscriber" : ""}`,
  );
  for (let i = 0; i < 10; i++) {
    const line = (i + 1) * tenth;
    const read = r.readAt.get(line) - run.startedAt;
    const committed = (r.commits.marks[i]?.at ?? Number.NaN) - run.startedAt;
    const arrived = r.seen ? (r.seen.marks[i]?.at ?? Number.NaN) - run.startedAt : undefined;
    console.log(
      row(
        `    line ${num(line)}`,
        `${ms(read).padStart(12)} -> ${ms(committed).padStart(12)}` +
          (arrived === undefined ? "" : ` -> ${ms(arrived).padStart(12)}`) +
          `   (commit ${ms(committed - read)} behind the read)`,
      ),
    );
  }
  console.log(
    row(
      "  runner publish -> commit (baton_ingest_lag_seconds)",
      Number.isNaN(r.lag.count)
        ? "not exported"
        : `${num(r.lag.count)} events, mean ${ms(r.lag.mean)}, median ${r.lag.p50}, p99 ${r.lag.p99} (histogram buckets)`,
    ),
  );
  console.log(
    row(
      "  CPU used during the run",
      `control plane ${num(r.cpu.controlPlane, 1)} s, runner ${num(r.cpu.runner, 1)} s, PostgreSQL ${num(r.cpu.postgres, 1)} s, ` +
        `NATS ${num(r.cpu.nats, 1)} s, in ${num(r.wallMs / 1000, 1)} s wall`,
    ),
  );
  const cpuSum = r.cpu.controlPlane + r.cpu.runner + r.cpu.postgres + r.cpu.nats;
  const per = (s) => num((s * 100_000) / N, 2);
  console.log(
    row(
      "  CPU per 100,000 lines",
      `control plane ${per(r.cpu.controlPlane)} s, runner ${per(r.cpu.runner)} s, PostgreSQL ${per(r.cpu.postgres)} s, ` +
        `NATS ${per(r.cpu.nats)} s; all ${per(cpuSum)} s: at most ${num(N / (cpuSum / availableParallelism()))} lines/s ` +
        `on ${availableParallelism()} cores even if none waited`,
    ),
  );
  return f;
}

function report(b, runs, idle, loadAtStart) {
  const load = `${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at the end`;
  console.log(`\nOne run printing ${num(N)} numbered lines (seq 1 ${N} from a bash script) as fast as it can; ${load}`);
  console.log(`\nbare (the same program, in this run; median of ${BARE_REPEATS}):`);
  const rate = (t) => `${ms(t)}   (${num((N / t) * 1000)} lines/s)`;
  console.log(row("stdout to /dev/null", rate(b.devNull)));
  console.log(row("piped into Node, newlines counted", rate(b.counted)));
  console.log(row("piped into Node, split into strings (readline)", rate(b.split)));
  console.log(
    row(
      "idle RSS before the runs",
      `control plane ${mb(idle.controlPlane.rss)} (issue 15 target <= 150 MB), runner ${mb(idle.runner.rss)} (<= 80 MB)`,
    ),
  );
  const results = runs.map((r) => ({ r, f: printRun(r, b.devNull) }));

  console.log("\ntargets (issue 15):");
  for (const { r, f } of results) {
    const who = r.watched ? "one subscriber" : "no subscriber";
    console.log(
      row(
        `${who}: >= ${num(TARGET_RATE)} lines/s persisted`,
        `${num(f.rate)} lines/s: ${verdict(f.rate >= TARGET_RATE)}`,
      ),
    );
    console.log(
      row(
        `${who}: run <= ${TARGET_SLOWDOWN}x /dev/null (${ms(TARGET_SLOWDOWN * b.devNull)})`,
        `${ms(f.runMs)} = ${f.slowdown.toFixed(1)}x: ${verdict(f.slowdown <= TARGET_SLOWDOWN)}`,
      ),
    );
    console.log(row(`${who}: 0 lost`, `${num(f.lost)} lost: ${verdict(f.lost === 0)}`));
    console.log(row(`${who}: in order`, `${f.inOrder ? "yes" : "NO"}: ${verdict(f.inOrder)}`));
    if (r.seen) console.log(row(`${who}: every line reached it, in order`, f.subscriberOk ? "yes" : "NO"));
    console.log(
      row(
        `${who}: peak RSS`,
        `control plane ${mb(r.mem.controlPlane.hwm)}, runner ${mb(r.mem.runner.hwm)} (reported, no target)`,
      ),
    );
  }
  const s = results.map(
    ({ r, f }) =>
      `${r.watched ? "one subscriber" : "no subscriber"} ${num(f.rate)} lines/s, run ${f.slowdown.toFixed(1)}x, ${num(f.lost)} lost, ` +
      `${f.inOrder ? "in order" : "NOT in order"}, peak RSS cp ${mb(r.mem.controlPlane.hwm)} / runner ${mb(r.mem.runner.hwm)}`,
  );
  console.log(`\nsummary: ${num(N)} lines: ${s.join("; ")}\n`);
  return results.every(({ f }) => f.ok);
}

// ---------------------------------------------------------------- main

const loadAtStart = loadavg()[0];
let baton;
let db;
try {
  const bareRuns = await bare();
  baton = await startBaton("logs");
  db = new pgLib.Client({ connectionString: baton.databaseUrl });
  await db.connect();
  const { gql } = baton;
  await gql(`mutation { registerApp(input: { name: "lines", version: "1", uri: "file://${script}" }) { version } }`);
  await gql(`mutation { createTask(input: { name: "lines", app: "lines" }) { name } }`);
  // A short run first, so the measured ones find the runner registered and every path warm.
  const warm = await gql(`mutation { launchTask(input: { task: "lines", arguments: ["10"] }) { id } }`);
  await baton.untilComplete(`subscription($id: ID!) { executionEvents(executionId: $id, replay: true) { seq } }`, {
    id: warm.launchTask.id,
  });
  const pids = baton.pids();
  const idle = { controlPlane: memory(pids.controlPlane), runner: memory(pids.runners[0]) };
  const runs = [];
  runs.push(await batonRun(baton, db, pids, false));
  runs.push(await batonRun(baton, db, pids, true));
  if (!report(bareRuns, runs, idle, loadAtStart)) process.exitCode = 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await db?.end().catch(() => undefined);
  await baton?.stop();
  rmSync(dir, { recursive: true, force: true });
}
