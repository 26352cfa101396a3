#!/usr/bin/env node
// `node bench/dag.mjs`: what a DAG adds over running its tasks yourself.
//   DAG of 40:     launchDag over HTTP until the terminal snapshot of
//                  dagRunEvents, for `n0: noop && ... && n39: noop`;
//   direct 40:     40 sequential child_process.spawn of the same executable;
//   per edge:      (DAG - direct) / 39, the cost of one `&&`;
//   10,000 nodes:  parseDag and createDag of a 10,000-node chain.
// Everything real: a private PostgreSQL and NATS, the control plane and one
// local-process runner as separate processes, exactly as `npm start` runs them.
import { performance } from "node:perf_hooks";
import pgLib from "pg";
import { pct, spawnOnce, startBaton } from "./harness.mjs";

const RUNS = Number(process.env.BENCH_DAG_RUNS ?? 5);
const WARMUP = 1;
const NODES = 40;
const HUGE = 10_000;
const EXE = "/bin/true";

const fmt = (ms) => `${ms.toFixed(2).padStart(9)} ms`;
const chain = (n) => Array.from({ length: n }, (_, i) => `n${i}: noop`).join(" && ");

async function direct() {
  const t0 = performance.now();
  for (let i = 0; i < NODES; i++) await spawnOnce(EXE);
  return performance.now() - t0;
}

const baton = await startBaton("bench-dag");
const { gql } = baton;
/** The last snapshot, once the subscription completes (after the run's terminal status). */
const untilEnd = async (id) =>
  (await baton.untilComplete(`subscription($id: ID!) { dagRunEvents(id: $id) { status } }`, { id }))?.dagRunEvents;

await gql(`mutation { registerApp(input: { name: "noop", version: "1", uri: "file://${EXE}" }) { version } }`);
await gql(`mutation { createTask(input: { name: "noop", app: "noop" }) { name } }`);
await gql(`mutation($i: CreateDagInput!) { createDag(input: $i) { version } }`, {
  i: { name: "chain40", definition: chain(NODES) },
});

async function viaDag() {
  const t0 = performance.now();
  const { launchDag } = await gql(`mutation { launchDag(input: { name: "chain40" }) { id } }`);
  const last = await untilEnd(launchDag.id);
  const took = performance.now() - t0;
  if (last?.status !== "COMPLETED") throw new Error(`DAG run ${launchDag.id} ended ${last?.status}`);
  runIds.push(launchDag.id);
  return took;
}
const runIds = [];

/**
 * Where one edge's time goes, from the timestamps Baton records: the
 * previous node's exit (runner clock) -> the next node's QUEUED (advance) ->
 * DISPATCHED (command published) -> RUNNING (runner spawned it) -> its exit.
 */
async function edgeBreakdown(ids) {
  const db = new pgLib.Client({ connectionString: baton.databaseUrl });
  await db.connect();
  const phases = {
    "exit -> next queued (ingest + advance)": [],
    "queued -> dispatched (publish)": [],
    "dispatched -> running (claim + spawn)": [],
    "running -> exit (the process)": [],
  };
  for (const id of ids) {
    const { rows } = await db.query(
      `SELECT e."queuedAt", e."dispatchedAt", e."startedAt", e."endedAt" FROM dag_node_runs n JOIN executions e ON e.id = n."executionId"
       WHERE n."dagRunId" = $1 ORDER BY e."queuedAt"`,
      [id],
    );
    for (let i = 1; i < rows.length; i++) {
      const [prev, cur] = [rows[i - 1], rows[i]];
      phases["exit -> next queued (ingest + advance)"].push(cur.queuedAt - prev.endedAt);
      if (cur.dispatchedAt) phases["queued -> dispatched (publish)"].push(cur.dispatchedAt - cur.queuedAt);
      phases["dispatched -> running (claim + spawn)"].push(cur.startedAt - (cur.dispatchedAt ?? cur.queuedAt));
      phases["running -> exit (the process)"].push(cur.endedAt - cur.startedAt);
    }
  }
  await db.end();
  return phases;
}

for (let i = 0; i < WARMUP; i++) await viaDag();
for (let i = 0; i < WARMUP; i++) await direct();
const dag = [];
const spawned = [];
for (let i = 0; i < RUNS; i++) {
  dag.push(await viaDag());
  spawned.push(await direct());
}

const definition = chain(HUGE);
let t0 = performance.now();
const parsed = await gql(`query($d: String!) { parseDag(definition: $d) { ok } }`, { d: definition });
const parseMs = performance.now() - t0;
if (!parsed.parseDag.ok) throw new Error("parseDag refused the 10,000-node chain");
t0 = performance.now();
await gql(`mutation($i: CreateDagInput!) { createDag(input: $i) { version } }`, { i: { name: "huge", definition } });
const createMs = performance.now() - t0;
t0 = performance.now();
const read = await gql(`{ dag(name: "huge") { nodes { id } } }`);
const readMs = performance.now() - t0;
if (read.dag.nodes.length !== HUGE) throw new Error(`dag(huge) returned ${read.dag.nodes.length} nodes`);

const p50Dag = pct(dag, 50);
const p50Direct = pct(spawned, 50);
const row = (name, xs) =>
  `${name.padEnd(40)} p50 ${fmt(pct(xs, 50))}   min ${fmt(Math.min(...xs))}   max ${fmt(Math.max(...xs))}`;
console.log(`\nBaton DAG overhead, ${RUNS} runs of a ${NODES}-node chain of ${EXE} (after ${WARMUP} warm-up)`);
console.log(row(`launchDag -> terminal snapshot (${NODES} nodes)`, dag));
console.log(row(`${NODES} sequential spawns (direct, Node)`, spawned));
console.log(`${"per-edge overhead ((DAG - direct) / 39)".padEnd(40)} p50 ${fmt((p50Dag - p50Direct) / (NODES - 1))}`);
console.log(`${`parseDag, ${HUGE.toLocaleString("en")} nodes`.padEnd(40)}     ${fmt(parseMs)}`);
console.log(`${`createDag, ${HUGE.toLocaleString("en")} nodes`.padEnd(40)}     ${fmt(createMs)}`);
console.log(`${`dag(name) { nodes }, ${HUGE.toLocaleString("en")} nodes`.padEnd(40)}     ${fmt(readMs)}`);
console.log("target: per-edge overhead p50 <= 5 ms");
console.log("\nwhere an edge's time goes (p50 over all edges, from recorded timestamps, 1 ms resolution):");
for (const [name, xs] of Object.entries(await edgeBreakdown(runIds)))
  console.log(`  ${name.padEnd(40)} ${fmt(pct(xs, 50))}`);
console.log("");

await baton.stop();
