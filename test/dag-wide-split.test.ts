import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagClient } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { waitFor } from "./support/flows.js";

// A 64-branch split whose branches all end at the same moment, on a control
// plane with only 5 pool connections. Every ending advances the run under its
// row lock; an advance that needed a second connection while holding one (or
// that waited on files inside its transaction) could stall the whole control
// plane. The run must complete, and the API must keep answering meanwhile.

const BRANCHES = 64;
const branches = Array.from({ length: BRANCHES }, (_, i) => `a${i}`);

/**
 * Waits (at most 2 minutes) for the file "go" in the env's dir, then exits 0:
 * every branch ends at about the same moment. The wait is bash's own timed
 * read on a FIFO nobody writes to, so 64 waiting branches spawn nothing.
 */
const gate = (dir: string) => `#!/bin/bash
exec 3<>${JSON.stringify(join(dir, "idle.fifo"))}
for _ in $(seq 1 600); do [ -f ${JSON.stringify(join(dir, "go"))} ] && exit 0; read -r -t 0.2 -u 3 _; done
exit 0
`;

/** One GraphQL request that must be answered within `ms` (a stalled control plane never answers). */
async function answered(url: string, query: string, variables: Record<string, unknown>, ms = 30_000) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(ms),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe("a wide split on a small pool", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({
      // LOST detection is not the subject here: a loaded machine may delay heartbeats.
      controlPlaneEnv: { BATON_DB_POOL: "5", BATON_RUNNER_LOST_AFTER_MS: "120000" },
      runnerEnv: { RUNNER_CAPACITY: "70" },
    });
    const api = env.api[0]!;
    execFileSync("mkfifo", [join(env.dir, "idle.fifo")]);
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "gate", version: "1.0.0", uri: env.script("gate.sh", gate(env.dir)) },
    });
    for (const task of [...branches, "end"]) {
      await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
        i: { name: task, app: "gate" },
      });
    }
  });
  afterAll(() => env?.stop());

  it(`completes <a0 || ... || a${BRANCHES - 1}> && end with BATON_DB_POOL=5 and answers queries throughout`, async () => {
    const api = env.api[0]!;
    const dags = dagClient(api);
    await dags.createDag("wide", `<${branches.join(" || ")}> && end`);
    const launched = await dags.launchDag("wide");
    expect(launched.nodes).toHaveLength(BRANCHES + 1);

    // All 64 branches running at once, each waiting for the same file.
    let seen = "";
    await waitFor(
      "every branch to be running",
      async () => {
        const rows = await env.sql<{ status: string; n: number }>(
          `SELECT e.status, count(*)::int AS n FROM dag_node_runs d JOIN executions e ON e.id = d."executionId"
           WHERE d."dagRunId" = $1 GROUP BY e.status`,
          [launched.id],
        );
        seen = JSON.stringify(rows);
        return rows.find((r) => r.status === "RUNNING")?.n === BRANCHES;
      },
      180_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; node executions by status: ${seen}`);
    });
    writeFileSync(join(env.dir, "go"), "");

    // While the 64 endings advance the run, the API answers (each request within its deadline).
    let answers = 0;
    let status = "RUNNING";
    const deadline = Date.now() + 180_000;
    while (status === "RUNNING") {
      if (Date.now() > deadline) throw new Error(`DAG run ${launched.id} did not end; ${answers} answers so far`);
      const result = await answered(
        api.url,
        `query($id: ID!) { dagRun(id: $id) { status } executions(first: 5) { edges { node { id status } } } }`,
        { id: launched.id },
      );
      expect(result.errors).toBeUndefined();
      status = (result.data as { dagRun: { status: string } }).dagRun.status;
      answers++;
    }
    expect(answers).toBeGreaterThan(0);

    const run = await dags.finished(launched.id, 60_000);
    expect(run.status).toBe("COMPLETED");
    expect(dags.summary(run).sort()).toEqual([...branches, "end"].map((n) => `${n}:COMPLETED`).sort());
    const end = dags.node(run, "end");
    const lastBranchEnd = Math.max(...branches.map((b) => Date.parse(dags.node(run, b).execution?.endedAt ?? "")));
    expect(Date.parse(end.execution?.startedAt ?? "")).toBeGreaterThanOrEqual(lastBranchEnd);
    // Exactly one execution per node: 64 simultaneous advances launched "end" once.
    const [count] = await env.sql<{ n: number }>(`SELECT count(*)::int AS n FROM dag_node_runs WHERE "dagRunId" = $1`, [
      launched.id,
    ]);
    expect(count?.n).toBe(BRANCHES + 1);
  }, 420_000);
});
