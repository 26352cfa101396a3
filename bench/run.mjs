#!/usr/bin/env node
// `npm run bench`: Baton's overhead, measured on this machine in one run.
//   launch -> exit: launchTask over HTTP until the terminal STATUS event arrives
//                   on a graphql-ws subscription, for a trivial executable;
//   direct spawn:   child_process.spawn of the same executable until 'exit'.
// Everything real: a private PostgreSQL and NATS, the control plane and one
// local-process runner as separate processes, exactly as `npm start` runs them.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { applyMigrations } from "@baton/db";
import { startNats, startNodeChild, startPostgres, waitForLine } from "@baton/stack";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const N = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const EXE = "/bin/true";
const require = createRequire(import.meta.url);
const entry = (pkg) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "main.js");

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(2).padStart(7)} ms`;

async function directSpawn() {
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    const child = spawn(EXE, [], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.once("error", reject);
    child.once("close", resolve);
  });
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), "baton-bench-"));
chmodSync(dir, 0o755);
const [pg, nats] = await Promise.all([
  startPostgres({ dataDir: join(dir, "pg") }),
  startNats({ dataDir: join(dir, "nats") }),
]);
await applyMigrations(pg.url);
const env = { ...process.env, DATABASE_URL: pg.url, NATS_URL: nats.url, BATON_MIGRATE: "false", PORT: "0" };
const log = join(dir, "children.log");
const cp = startNodeChild("control-plane", entry("@baton/control-plane"), env, log);
const url = (await waitForLine(cp, /ready: (http\S+)/, 30_000)).split("ready: ")[1].trim();
const runner = startNodeChild("runner", entry("@baton/runner-host"), env, log);

const gql = async (query, variables) => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
};
// Keep the socket open between runs, as a console does (the lazy default closes it when idle).
const ws = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, lazy: false });
const untilEnd = (id) =>
  new Promise((resolve, reject) => {
    ws.subscribe(
      {
        query: `subscription($id: ID!) { executionEvents(executionId: $id, replay: true) { kind status } }`,
        variables: { id },
      },
      { next: () => undefined, error: reject, complete: resolve },
    );
  });

await gql(`mutation { registerApp(input: { name: "noop", version: "1", uri: "file://${EXE}" }) { version } }`);
await gql(`mutation { createTask(input: { name: "noop", app: "noop" }) { name } }`);

async function viaBaton() {
  const t0 = performance.now();
  const { launchTask } = await gql(`mutation { launchTask(input: { task: "noop" }) { id } }`);
  await untilEnd(launchTask.id);
  return performance.now() - t0;
}

for (let i = 0; i < WARMUP; i++) await viaBaton();
for (let i = 0; i < WARMUP; i++) await directSpawn();
const baton = [];
const direct = [];
for (let i = 0; i < N; i++) {
  baton.push(await viaBaton());
  direct.push(await directSpawn());
}

const row = (name, xs) => `${name.padEnd(34)} p50 ${fmt(pct(xs, 50))}   p99 ${fmt(pct(xs, 99))}`;
console.log(`\nBaton launch-to-exit overhead, ${N} sequential runs of ${EXE} (after ${WARMUP} warm-up runs)`);
console.log(row("launchTask -> exit event (Baton)", baton));
console.log(row("spawn -> exit (direct, Node)", direct));
console.log(
  `${"overhead (Baton - direct)".padEnd(34)} p50 ${fmt(pct(baton, 50) - pct(direct, 50))}   p99 ${fmt(pct(baton, 99) - pct(direct, 99))}`,
);
console.log("targets: overhead p50 <= 5 ms, p99 <= 25 ms\n");

await ws.dispose();
await runner.stop();
await cp.stop();
await nats.stop();
await pg.stop();
rmSync(dir, { recursive: true, force: true });
