import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagClient } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask } from "./support/flows.js";
import type { GraphQLClient } from "./support/graphql.js";

// A DAG node retries with its own policy (the DAG's nodeProperties over its
// task's properties), and the DAG moves on only after the node's last attempt.

interface Attempt {
  id: string;
  attempt: number;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  retryOf: { id: string } | null;
}

describe("DAG node retries", () => {
  let env: TestEnv;
  let api: GraphQLClient;
  let dags: ReturnType<typeof dagClient>;
  beforeAll(async () => {
    env = await startEnv();
    api = env.api[0]!;
    dags = dagClient(api);
    // Fails the first time it runs for a given key (its argument), succeeds after.
    await defineTask(
      api,
      "flaky",
      env.script(
        "flaky.mjs",
        `import { existsSync, writeFileSync } from "node:fs";
const mark = ${JSON.stringify(env.dir)} + "/flaky-" + process.argv[2];
if (!existsSync(mark)) { writeFileSync(mark, ""); console.log("failing once"); process.exit(1); }
console.log("ok now");
`,
      ),
    );
    await defineTask(api, "after", env.script("after.mjs", "console.log('after');\n"));
  });
  afterAll(() => env?.stop());

  const attemptsOf = async (executionId: string): Promise<Attempt[]> =>
    (
      await api.ok<{ execution: { attempts: Attempt[] } }>(
        `query($id: ID!) { execution(id: $id) { attempts { id attempt status startedAt endedAt retryOf { id } } } }`,
        { id: executionId },
      )
    ).execution.attempts;

  it("retries a node by its nodeProperties and moves on only after its last attempt", async () => {
    await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
      i: {
        name: "retrying",
        definition: "flaky --key=k1 && after",
        nodeProperties: { flaky: { retry: { maxAttempts: 2, backoff: { initialSeconds: 0 } } } },
      },
    });
    const run = await dags.launchDag("retrying");
    const done = await dags.finished(run.id);
    expect(done.status).toBe("COMPLETED");
    const flaky = dags.node(done, "flaky");
    // The node's execution is its last attempt; the first, FAILED, is linked to it.
    const attempts = await attemptsOf(flaky.execution?.id as string);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "FAILED"],
      [2, "COMPLETED"],
    ]);
    expect(attempts[1]?.retryOf?.id).toBe(attempts[0]?.id);
    expect(flaky.execution?.id).toBe(attempts[1]?.id);
    // `after` started only once the last attempt had ended.
    const after = dags.node(done, "after");
    expect(after.execution?.status).toBe("COMPLETED");
    expect(Date.parse(after.execution?.startedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(attempts[1]?.endedAt as string),
    );
  });

  it("without a policy the node's first failure fails the run", async () => {
    await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
      i: { name: "not-retrying", definition: "flaky --key=k2 && after" },
    });
    const done = await dags.finished((await dags.launchDag("not-retrying")).id);
    expect(done.status).toBe("FAILED");
    const flaky = dags.node(done, "flaky");
    expect((await attemptsOf(flaky.execution?.id as string)).map((a) => a.status)).toEqual(["FAILED"]);
    expect(dags.node(done, "after").execution).toBeNull();
  });

  it("refuses nodeProperties for a node the DAG does not have, or a task-only property, and saves nothing", async () => {
    const bad = async (nodeProperties: unknown) =>
      api.request(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
        i: { name: "bad-props", definition: "flaky --key=k3 && after", nodeProperties },
      });
    const unknownNode = await bad({ ghost: { priority: 1 } });
    expect(unknownNode.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(unknownNode.errors?.[0]?.message).toMatch(/nodeProperties\.ghost: the DAG has no node ghost/);
    const taskOnly = await bad({ flaky: { maxConcurrent: 2 } });
    expect(taskOnly.errors?.[0]?.message).toMatch(/nodeProperties\.flaky\.maxConcurrent can be set only on the task/);
    const zero = await bad({ flaky: { retry: { maxAttempts: 0 } } });
    expect(zero.errors?.[0]?.message).toMatch(/nodeProperties\.flaky\.retry\.maxAttempts/);
    const { dag } = await api.ok<{ dag: unknown }>(`{ dag(name: "bad-props") { name } }`);
    expect(dag).toBeNull();
  });
});
