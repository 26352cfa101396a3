import { expect } from "vitest";
import { waitFor } from "./flows.js";
import type { GraphQLClient } from "./graphql.js";

// DAG runs: every node a real execution of a real script on a real runner.
// One script serves every task; what a node does comes from its DSL arguments:
//   --exit=N        exit code (default 0)
//   --msg=X         report exit message X (a transition matches it)
//   --touch=F       create file F in the env's dir once started
//   --await=F,G     wait (at most 10 s) until files F and G exist
//   --sleep=MS      sleep before exiting
export const job = (dir: string): string => `
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const DIR = ${JSON.stringify(dir)};
const opt = {};
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/s.exec(a);
  if (m) opt[m[1]] = m[2];
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
console.log(JSON.stringify({ task: process.env.BATON_TASK, argv: process.argv.slice(2) }));
if (opt.touch) writeFileSync(join(DIR, opt.touch), "");
if (opt.await) {
  const deadline = Date.now() + 10_000;
  for (const f of opt.await.split(",")) while (!existsSync(join(DIR, f)) && Date.now() < deadline) await sleep(20);
}
if (opt.sleep) await sleep(Number(opt.sleep));
if (opt.msg) console.log("::baton::" + JSON.stringify({ v: 1, type: "exit-message", message: opt.msg }));
process.exitCode = Number(opt.exit ?? 0);
`;

export const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"];

export interface ExecutionShape {
  id: string;
  status: string;
  arguments: string[];
  exitCode: number | null;
  exitMessage: string | null;
  startedAt: string | null;
  endedAt: string | null;
  task: { name: string };
}
export interface NodeRunShape {
  node: { id: string; label: string; task: string; arguments: string[] };
  status: string | null;
  exitStatus: string | null;
  execution: ExecutionShape | null;
  startedAt: string | null;
  endedAt: string | null;
  attempts: { attempt: number; status: string; exitStatus: string | null; execution: { id: string; status: string } }[];
}
export interface DagRunShape {
  id: string;
  version: number;
  status: string;
  attempt: number;
  arguments: string[];
  createdAt: string;
  endedAt: string | null;
  dag: { name: string; version: number };
  nodes: NodeRunShape[];
}

export const RUN_FIELDS = `id version status attempt arguments createdAt endedAt dag { name version }
  nodes {
    node { id label task arguments } status exitStatus startedAt endedAt
    execution { id status arguments exitCode exitMessage startedAt endedAt task { name } }
    attempts { attempt status exitStatus execution { id status } }
  }`;

/** The DAG operations the tests drive, on one control plane. */
export function dagClient(api: GraphQLClient) {
  const getRun = async (id: string): Promise<DagRunShape> => {
    const data = await api.ok<{ dagRun: DagRunShape | null }>(`query($id: ID!) { dagRun(id: $id) { ${RUN_FIELDS} } }`, {
      id,
    });
    if (!data.dagRun) throw new Error(`no DAG run ${id}`);
    return data.dagRun;
  };
  const node = (run: DagRunShape, id: string): NodeRunShape => {
    const found = run.nodes.find((n) => n.node.id === id);
    if (!found) throw new Error(`run ${run.id} has no node ${id}: ${run.nodes.map((n) => n.node.id).join(", ")}`);
    return found;
  };
  const launchDag = async (
    name: string,
    extra: { arguments?: string[]; idempotencyKey?: string } = {},
  ): Promise<DagRunShape> =>
    (
      await api.ok<{ launchDag: DagRunShape }>(
        `mutation($i: LaunchDagInput!) { launchDag(input: $i) { ${RUN_FIELDS} } }`,
        { i: { name, ...extra } },
      )
    ).launchDag;
  const finished = (id: string, timeoutMs = 30_000): Promise<DagRunShape> =>
    waitFor(
      `DAG run ${id} to end`,
      async () => {
        const run = await getRun(id);
        return TERMINAL.includes(run.status) ? run : undefined;
      },
      timeoutMs,
    );
  return {
    getRun,
    node,
    createDag: async (name: string, definition: string, maxParallel?: number): Promise<void> => {
      await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
        i: { name, definition, ...(maxParallel ? { maxParallel } : {}) },
      });
    },
    launchDag,
    /** The run once it has ended. */
    finished,
    /** "id:status" for every node, in the order the run lists them. */
    summary: (run: DagRunShape): string[] => run.nodes.map((n) => `${n.node.id}:${n.status ?? "-"}`),
    /** Waits until the node's execution is RUNNING; returns its id. */
    running: (runId: string, nodeId: string): Promise<string> =>
      waitFor(`node ${nodeId} of ${runId} to run`, async () => {
        const n = node(await getRun(runId), nodeId);
        return n.execution?.status === "RUNNING" ? n.execution.id : undefined;
      }),
    /**
     * `nodeId` of the ended run `runId` never got an execution. Checked once a
     * later run of `probeDag` has completed: the control plane has then
     * processed events that came after anything that could still start it.
     */
    staysUnrun: async (runId: string, nodeId: string, probeDag: string): Promise<void> => {
      const probe = await launchDag(probeDag);
      expect((await finished(probe.id)).status).toBe("COMPLETED");
      const n = node(await getRun(runId), nodeId);
      expect(n.execution).toBeNull();
      expect(n.status).toBeNull();
      expect(n.attempts).toEqual([]);
    },
  };
}
