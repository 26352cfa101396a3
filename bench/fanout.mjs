#!/usr/bin/env node
// `node bench/fanout.mjs`: event to subscriber, a log line printed to the line arriving on a graphql-ws
// subscription, with BENCH_FANOUT_SUBSCRIPTIONS (100) subscriptions open, and with 1 (issue 15).
//   The program: a Node script that prints BENCH_FANOUT_LINES (250) lines, one every BENCH_FANOUT_EVERY_MS
//   (20 ms), each carrying the epoch time it was printed with sub-millisecond precision
//   (performance.timeOrigin + performance.now()). It is gated: it prints nothing but "probe k" lines (one
//   each time a file probe-k appears in its folder) until a file "go" appears; it waits on fs.watch.
//   bare:   the same program, the gate open from the start, its lines read from its stdout pipe by this
//           process: read time - printed time per line;
//   Baton:  launchTask, then S subscriptions on executionEvents, each on its own WebSocket (as S consoles
//           would be): the first with replay: true, the others with replay: false. Probes are written until
//           every subscription has received an event (so each is listening: the first, which sees
//           everything, paces the probes); then "go". For each tick line arriving on each subscription:
//           arrival time - printed time. p50/p99/max over every (line, subscriber) pair, target p99 <= 50 ms.
// Where the time goes: printed -> read by the runner (the line's `at`, 1 ms resolution), the fastest and the
// slowest subscriber of each line (the fan-out's spread), the control plane's ingest lag histogram
// (/metrics: runner publish -> commit) and the CPU the control plane used.
// Everything real: a private PostgreSQL and NATS, the control plane and one local-process runner as separate
// processes, exactly as `npm start` runs them. The subscribers all live in this one Node process, so their
// arrival times include this process's own queueing of S sockets' messages.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { ingestLag, lagOf, latencyLine, positive, startBaton, stats } from "./harness.mjs";

const SUBSCRIPTIONS = positive("BENCH_FANOUT_SUBSCRIPTIONS", 100);
const LINES = positive("BENCH_FANOUT_LINES", 250);
const EVERY_MS = positive("BENCH_FANOUT_EVERY_MS", 20);
/** Rounds of probes before giving up on every subscription listening. */
const MAX_PROBES = 200;
/** A round fails when its subscriptions have not all completed after this long. */
const LIMIT_MS = 5 * 60_000;
const TARGET_P99_MS = 50;
/** Linux's clock ticks per second (USER_HZ) for /proc/<pid>/stat. */
const TICKS = 100;
const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "LOST", "TIMED_OUT", "EXPIRED"];

const wall = () => performance.timeOrigin + performance.now();
const pad = 50;
const line = (name, xs) => latencyLine(name, xs, pad);
const row = (name, value) => `  ${name.padEnd(pad)} ${value}`;
const num = (n, digits = 0) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Prints `probe k` for each probe-k file, then, once `go` exists, `tick i <printed epoch ms>` every EVERY ms. */
const TICKER = `
import { existsSync, watch } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
const [dir, linesArg, everyArg] = process.argv.slice(2);
const lines = Number(linesArg);
const every = Number(everyArg);
let probes = 0;
let going = false;
const quit = setTimeout(() => {
  process.stderr.write("no go file within 5 minutes\\n");
  process.exit(2);
}, 300_000);
const watcher = watch(dir, () => check());
check();
function check() {
  while (existsSync(join(dir, \`probe-\${probes + 1}\`))) process.stdout.write(\`probe \${++probes}\\n\`);
  if (going || !existsSync(join(dir, "go"))) return;
  going = true;
  watcher.close();
  clearTimeout(quit);
  tick(1, performance.now());
}
function tick(i, t0) {
  process.stdout.write(\`tick \${i} \${(performance.timeOrigin + performance.now()).toFixed(3)}\\n\`);
  if (i < lines) setTimeout(() => tick(i + 1, t0), Math.max(0, t0 + i * every - performance.now()));
}
`;

const dir = mkdtempSync(join(tmpdir(), "bench-fanout-"));
chmodSync(dir, 0o755);
const ticker = join(dir, "ticker.mjs");
writeFileSync(ticker, TICKER);
let gates = 0;
/** A new empty folder for one run's gate files. */
const gateDir = () => {
  const d = join(dir, `gate-${++gates}`);
  mkdirSync(d);
  return d;
};
const parseTick = (text) => {
  const m = /^tick (\d+) (\d+(?:\.\d+)?)$/.exec(text);
  return m ? { i: Number(m[1]), printed: Number(m[2]) } : undefined;
};

/** The baseline: the program's ticks read from its stdout pipe by this process; read - printed per line. */
async function bare() {
  const gate = gateDir();
  writeFileSync(join(gate, "go"), "");
  const latencies = [];
  let partial = "";
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ticker, gate, String(LINES), String(EVERY_MS)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.once("error", reject);
    child.stdout.on("data", (chunk) => {
      const at = wall();
      const parts = (partial + chunk.toString()).split("\n");
      partial = parts.pop();
      for (const text of parts) {
        const t = parseTick(text);
        if (t) latencies.push(at - t.printed);
      }
    });
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`the ticker exited with ${code}`))));
  });
  if (latencies.length !== LINES) throw new Error(`the bare reader got ${latencies.length} ticks, not ${LINES}`);
  return latencies;
}

/** The control plane's CPU seconds so far (/proc/<pid>/stat utime + stime). */
function cpuOf(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

/** One subscription on its own socket, recording each tick's arrival. */
function subscribe(url, id, replay, round) {
  const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
  const sub = { received: 0, ticks: 0, probe: 0, ended: false };
  const done = new Promise((resolve, reject) => {
    client.subscribe(
      {
        query: `subscription($id: ID!, $replay: Boolean) {
          executionEvents(executionId: $id, replay: $replay) { seq kind status at log { text } } }`,
        variables: { id, replay },
      },
      {
        next: ({ data, errors }) => {
          const at = wall();
          if (errors) return reject(new Error(JSON.stringify(errors)));
          const e = data.executionEvents;
          sub.received++;
          if (e.kind === "LOG") {
            const t = parseTick(e.log.text);
            if (t) {
              sub.ticks++;
              round.tick(t, at, e.at);
            } else if (e.log.text.startsWith("probe ")) {
              sub.probe = Number(e.log.text.slice(6));
              round.probed(sub);
            }
          }
          if (e.kind === "STATUS" && TERMINAL.includes(e.status)) sub.ended = e.status;
        },
        error: reject,
        complete: resolve,
      },
    );
  });
  sub.done = done.finally(() => client.dispose());
  return sub;
}

/** One launch of the gated ticker with `count` subscriptions; the latencies of every (line, subscriber) pair. */
async function batonRound(baton, count) {
  const gate = gateDir();
  const lag0 = await ingestLag(baton.url);
  const { launchTask } = await baton.gql(
    `mutation($a: [String!]) { launchTask(input: { task: "ticker", arguments: $a }) { id } }`,
    { a: [gate, String(LINES), String(EVERY_MS)] },
  );
  const id = launchTask.id;
  const latencies = [];
  const first = new Map();
  const last = new Map();
  const readLag = new Map();
  let probeSeen;
  const round = {
    tick: ({ i, printed }, at, readAt) => {
      latencies.push(at - printed);
      first.set(i, Math.min(first.get(i) ?? Number.POSITIVE_INFINITY, at - printed));
      last.set(i, Math.max(last.get(i) ?? Number.NEGATIVE_INFINITY, at - printed));
      if (!readLag.has(i)) readLag.set(i, Date.parse(readAt) - printed);
    },
    probed: (sub) => {
      if (sub === subs[0]) probeSeen?.(sub.probe);
    },
  };
  const subs = Array.from({ length: count }, (_, j) => subscribe(baton.url, id, j === 0, round));
  const all = Promise.all(subs.map((s) => s.done));
  all.catch(() => undefined); // awaited below; a failure meanwhile must not go unhandled
  // Probe until every subscription has received something: each is then listening.
  let probes = 0;
  while (subs.some((s) => s.received === 0)) {
    if (++probes > MAX_PROBES) throw new Error(`after ${MAX_PROBES} probes some subscriptions had received nothing`);
    const k = probes;
    const seen = new Promise((resolve) => {
      probeSeen = (p) => p >= k && resolve();
    });
    writeFileSync(join(gate, `probe-${k}`), "");
    await Promise.race([seen, all]);
  }
  const cpu0 = cpuOf(baton.pids().controlPlane);
  const t0 = performance.now();
  writeFileSync(join(gate, "go"), "");
  let timer;
  await Promise.race([
    all,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the subscriptions did not complete in ${LIMIT_MS} ms`)), LIMIT_MS);
    }),
  ]);
  clearTimeout(timer);
  const cpu = cpuOf(baton.pids().controlPlane) - cpu0;
  const streamMs = performance.now() - t0;
  const lag = lagOf(lag0, await ingestLag(baton.url));
  const missing = subs.reduce((n, s) => n + Math.abs(LINES - s.ticks), 0); // lost or delivered twice
  const notCompleted = subs.filter((s) => s.ended !== "COMPLETED").length;
  return {
    count,
    probes,
    latencies,
    first: [...first.values()],
    spread: [...first.keys()].map((i) => last.get(i) - first.get(i)),
    readLag: [...readLag.values()],
    lag,
    cpu,
    streamMs,
    missing,
    notCompleted,
  };
}

function printRound(r) {
  const s = stats(r.latencies);
  console.log(
    `\nBaton, ${r.count} subscription${r.count === 1 ? "" : "s"} (${r.probes} probe${r.probes === 1 ? "" : "s"} until all listened):`,
  );
  console.log(line(`printed -> on a subscriber, every (line, subscriber)`, r.latencies));
  console.log(
    row(
      "lines missing (or twice) on a subscriber / not COMPLETED",
      `${num(r.missing)} of ${num(r.count * LINES)} / ${r.notCompleted} of ${r.count}`,
    ),
  );
  console.log(
    row(
      `target p99 <= ${TARGET_P99_MS} ms`,
      `p99 ${s.p99.toFixed(2)} ms: ${s.p99 <= TARGET_P99_MS ? "met" : "NOT met"}`,
    ),
  );
  console.log("  where the time goes:");
  console.log(line("  printed -> read by the runner (`at`, 1 ms)", r.readLag));
  console.log(line("  printed -> on its fastest subscriber", r.first));
  if (r.count > 1) console.log(line("  fastest -> slowest subscriber of a line", r.spread));
  console.log(
    row(
      "  runner publish -> commit (ingest lag histogram)",
      Number.isNaN(r.lag.count)
        ? "not exported"
        : `${num(r.lag.count)} events, median ${r.lag.p50}, p99 ${r.lag.p99} (histogram buckets)`,
    ),
  );
  console.log(
    row(
      "  control plane CPU, go -> every subscription done",
      `${num(r.cpu, 2)} s in ${num(r.streamMs / 1000, 2)} s wall (ingestion and delivery of ${num(LINES * r.count)} line events)`,
    ),
  );
  return s.p99 <= TARGET_P99_MS && r.missing === 0 && r.notCompleted === 0;
}

const loadAtStart = loadavg()[0];
let baton;
try {
  const bareMs = await bare();
  baton = await startBaton("fanout");
  const { gql } = baton;
  await gql(`mutation { registerApp(input: { name: "ticker", version: "1", uri: "file://${ticker}" }) { version } }`);
  await gql(`mutation { createTask(input: { name: "ticker", app: "ticker" }) { name } }`);
  const many = await batonRound(baton, SUBSCRIPTIONS);
  const one = await batonRound(baton, 1);

  console.log(
    `\nEvent to subscriber: ${LINES} lines, one every ${EVERY_MS} ms, each carrying the time it was printed; ` +
      `${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at the end`,
  );
  console.log("\nbare (the same program, in this run):");
  console.log(line("printed -> read from its stdout pipe by Node", bareMs));
  const okMany = printRound(many);
  printRound(one);
  if (SUBSCRIPTIONS > 1) {
    const extra = LINES * (SUBSCRIPTIONS - 1);
    console.log(
      `\ncontrol plane CPU per extra delivery ((${SUBSCRIPTIONS} subscriptions - 1) / ${num(extra)} more deliveries): ` +
        `${num(((many.cpu - one.cpu) * 1e6) / extra, 1)} µs`,
    );
  }
  const m = stats(many.latencies);
  const o = stats(one.latencies);
  const b = stats(bareMs);
  console.log(
    `\nsummary: printed -> subscriber p50/p99/max: ${SUBSCRIPTIONS} subscriptions ${m.p50.toFixed(1)}/${m.p99.toFixed(1)}/${m.max.toFixed(1)} ms, ` +
      `1 subscription ${o.p50.toFixed(1)}/${o.p99.toFixed(1)}/${o.max.toFixed(1)} ms, bare pipe ${b.p50.toFixed(2)}/${b.p99.toFixed(2)}/${b.max.toFixed(2)} ms; ` +
      `target p99 <= ${TARGET_P99_MS} ms with ${SUBSCRIPTIONS}: ${okMany ? "met" : "NOT met"}\n`,
  );
  if (!okMany) process.exitCode = 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await baton?.stop();
  rmSync(dir, { recursive: true, force: true });
}
