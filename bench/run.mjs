#!/usr/bin/env node
// `npm run bench`: Baton's overhead, measured on this machine in one run.
//   launch -> exit: launchTask over HTTP until the terminal STATUS event arrives
//                   on a graphql-ws subscription, for a trivial executable;
//   direct spawn:   child_process.spawn of the same executable until 'exit'.
// Everything real: a private PostgreSQL and NATS, the control plane and one
// local-process runner as separate processes, exactly as `npm start` runs them.
import { pct, spawnOnce, startBaton } from "./harness.mjs";
import { breakdown, printBreakdown } from "./trace.mjs";

const N = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const EXE = "/bin/true";

const fmt = (ms) => `${ms.toFixed(2).padStart(7)} ms`;

const directSpawn = () => spawnOnce(EXE);

const baton = await startBaton("bench", { trace: true });
const { gql } = baton;

await gql(`mutation { registerApp(input: { name: "noop", version: "1", uri: "file://${EXE}" }) { version } }`);
await gql(`mutation { createTask(input: { name: "noop", app: "noop" }) { name } }`);

const ids = [];
async function viaBaton() {
  const { id, ms } = await baton.timedLaunch("noop");
  ids.push(id);
  return ms;
}

for (let i = 0; i < WARMUP; i++) await viaBaton();
for (let i = 0; i < WARMUP; i++) await directSpawn();
const viaBatonMs = [];
const direct = [];
ids.length = 0;
for (let i = 0; i < N; i++) {
  viaBatonMs.push(await viaBaton());
  direct.push(await directSpawn());
}

const row = (name, xs) => `${name.padEnd(34)} p50 ${fmt(pct(xs, 50))}   p99 ${fmt(pct(xs, 99))}`;
console.log(`\nBaton launch-to-exit overhead, ${N} sequential runs of ${EXE} (after ${WARMUP} warm-up runs)`);
console.log(row("launchTask -> exit event (Baton)", viaBatonMs));
console.log(row("spawn -> exit (direct, Node)", direct));
console.log(
  `${"overhead (Baton - direct)".padEnd(34)} p50 ${fmt(pct(viaBatonMs, 50) - pct(direct, 50))}   p99 ${fmt(pct(viaBatonMs, 99) - pct(direct, 99))}`,
);
const bareP50 = pct(direct, 50);
console.log(
  `targets (issue 15): Baton p50 <= 2x bare p50 (${(2 * bareP50).toFixed(2)} ms): ${pct(viaBatonMs, 50) <= 2 * bareP50 ? "met" : "NOT met"} (${(pct(viaBatonMs, 50) / bareP50).toFixed(2)}x); p99 <= 5x bare p50 (${(5 * bareP50).toFixed(2)} ms): ${pct(viaBatonMs, 99) <= 5 * bareP50 ? "met" : "NOT met"} (${(pct(viaBatonMs, 99) / bareP50).toFixed(2)}x)`,
);
await baton.stop(); // the processes write their last marks as they exit
printBreakdown("where a launch's time goes", breakdown(baton.traceLines, baton.clientTrace, ids));
console.log("");
