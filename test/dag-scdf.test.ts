import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagClient, job } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask } from "./support/flows.js";

// SCDF definitions pasted unchanged, run for real: positional node arguments
// reach the program, a one-branch split lets a transition's target rejoin the
// flow, and a label jump runs a secondary sequence (and nothing else).
const TASKS = ["slow-load", "report", "check", "fix", "skipped", "load", "cleanup"];

interface LogShape {
  logs: { stream: string; text: string }[];
}

describe("DAG runs from SCDF definitions", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv();
    const uri = env.script("job.mjs", job(env.dir));
    for (const t of TASKS) await defineTask(env.api[0]!, t, uri);
  });
  afterAll(() => env?.stop());

  const dags = () => dagClient(env.api[0]!);
  /** What the program itself received: the job script prints its argv as JSON first thing. */
  const argvOf = async (executionId: string): Promise<string[]> => {
    const data = await env.api[0]!.ok<{ execution: LogShape }>(
      `query($id: ID!) { execution(id: $id) { logs { stream text } } }`,
      { id: executionId },
    );
    const line = data.execution.logs.find((l) => l.stream === "stdout" && l.text.startsWith('{"task"'));
    if (!line) throw new Error(`no argv line in ${JSON.stringify(data.execution.logs)}`);
    return (JSON.parse(line.text) as { argv: string[] }).argv;
  };

  it("passes positional and --name=value node arguments, then the run's, to the program", async () => {
    await dags().createDag("positional", "slow-load 4 'eu west' --mode=full && report 2024-01-31");
    const launched = await dags().launchDag("positional", { arguments: ["--date=2026-11-23"] });
    const run = await dags().finished(launched.id);
    expect(run.status).toBe("COMPLETED");
    const load = dags().node(run, "slow-load");
    const report = dags().node(run, "report");
    expect(load.node.arguments).toEqual(["4", "eu west", "--mode=full"]);
    expect(load.execution?.arguments).toEqual(["4", "eu west", "--mode=full", "--date=2026-11-23"]);
    expect(await argvOf(load.execution!.id)).toEqual(["4", "eu west", "--mode=full", "--date=2026-11-23"]);
    expect(await argvOf(report.execution!.id)).toEqual(["2024-01-31", "--date=2026-11-23"]);
  });

  it("rejoins a one-branch split's transition target to the flow", async () => {
    await dags().createDag("one-branch", "<load --exit=3 'FAILED'->cleanup> && report");
    const run = await dags().finished((await dags().launchDag("one-branch")).id);
    expect(dags().summary(run)).toEqual(["load:FAILED", "cleanup:COMPLETED", "report:COMPLETED"]);
    expect(run.status).toBe("COMPLETED");
  });

  it("jumps to a secondary sequence on a new line and runs only what the jump reaches", async () => {
    await dags().createDag("jump", "check --msg=BROKEN 'BROKEN'->:recover && skipped\nrecover: fix && report");
    const run = await dags().finished((await dags().launchDag("jump")).id);
    expect(dags().summary(run)).toEqual(["check:COMPLETED", "skipped:-", "recover:COMPLETED", "report:COMPLETED"]);
    expect(dags().node(run, "check").exitStatus).toBe("BROKEN");
    expect(dags().node(run, "recover").node.task).toBe("fix");
    expect(run.status).toBe("COMPLETED");
    expect(dags().node(run, "skipped").execution).toBeNull();
    expect(dags().node(run, "skipped").attempts).toEqual([]);
  });
});
