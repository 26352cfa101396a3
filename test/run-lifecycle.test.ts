import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses, waitFor } from "./support/flows.js";
import { isAlive } from "./support/processes.js";

// A task that reports two steps with Spring Batch counters, prints numbered
// lines on both streams, echoes its argv and env, and exits with the code it is given.
const JOB = `
const mark = (o) => console.log("::baton::" + JSON.stringify({ v: 1, ...o }));
console.log(JSON.stringify({ argv: process.argv.slice(2), region: process.env.REGION, task: process.env.BATON_TASK }));
mark({ type: "step", step: "read-passes", status: "STARTED" });
for (let i = 0; i < 300; i++) (i % 3 === 0 ? console.error : console.log)("line " + i);
mark({ type: "step", step: "read-passes", status: "COMPLETED", read: 300, write: 290, commit: 3, skip: 10, filter: 0 });
mark({ type: "step", step: "expire", status: "STARTED", read: 5 });
mark({ type: "exit-message", message: "EXPIRED_SOME" });
process.exitCode = Number(process.argv.at(-1)) || 0;
`;

// One step, "count", that reads argv[2] items and writes one fewer.
const STATS_JOB = `const n = Number(process.argv[2]);
const mark = (o) => console.log("::baton::" + JSON.stringify({ v: 1, type: "step", step: "count", ...o }));
mark({ status: "STARTED" });
mark({ status: "COMPLETED", read: n, write: n - 1 });
`;

describe("a task run from launch to exit", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv();
    await defineTask(env.api[0]!, "expire-passes", env.script("job.mjs", JOB), {
      properties: { env: { REGION: "eu" } },
      arguments: ["--date", "2026-11-23"],
    });
    // Every test uses tasks of its own, defined here, so none depends on another having run first.
    const sleeper = env.script("sleeper.sh", `#!/bin/sh\nsleep 300 &\necho "grandchild $!"\nwait\n`);
    await defineTask(env.api[0]!, "sleeper", sleeper);
    await defineTask(env.api[0]!, "timed-sleeper", sleeper);
    const stats = env.script("stats.mjs", STATS_JOB);
    await defineTask(env.api[0]!, "stats-job", stats);
    await defineTask(env.api[0]!, "timed-job", stats);
  });
  afterAll(() => env?.stop());

  it("streams every event in order with no gap, then execution(id) shows the same from Postgres", async () => {
    const api = env.api[0]!;
    const tricky = "; rm -rf / $(id) 'quoted' \"dq\"";
    const started = await launch(api, "expire-passes", { arguments: [tricky, "0"] });
    expect(started.releaseRevision).toBe(1);
    expect(["QUEUED", "DISPATCHED"]).toContain(started.status);

    const events = await allEvents(api, started.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    // DISPATCHED may be skipped when the runner reports RUNNING before dispatch is recorded; nothing else may.
    expect([
      ["QUEUED", "DISPATCHED", "RUNNING", "COMPLETED"],
      ["QUEUED", "RUNNING", "COMPLETED"],
    ]).toContainEqual(statuses(events));

    const logs = events.filter((e) => e.kind === "LOG").map((e) => e.log!);
    const argvLine = JSON.parse(logs[0]!.text);
    expect(argvLine).toEqual({ argv: ["--date", "2026-11-23", tricky, "0"], region: "eu", task: "expire-passes" });
    const stdout = logs
      .filter((l) => l.stream === "stdout" && l.text.startsWith("line "))
      .map((l) => Number(l.text.slice(5)));
    const stderr = logs.filter((l) => l.stream === "stderr").map((l) => Number(l.text.slice(5)));
    expect(stdout).toEqual([...Array(300).keys()].filter((i) => i % 3 !== 0));
    expect(stderr).toEqual([...Array(300).keys()].filter((i) => i % 3 === 0));
    expect(logs.every((l) => !l.text.startsWith("::baton::"))).toBe(true);

    const steps = events
      .filter((e) => e.kind === "STEP")
      .map((e) => `${e.step!.name}:${e.step!.status}:${e.step!.readCount}`);
    expect(steps).toEqual([
      "read-passes:STARTED:0",
      "read-passes:COMPLETED:300",
      "expire:STARTED:5",
      "expire:COMPLETED:5",
    ]);

    const stored = await getExecution(api, started.id);
    expect(stored).toMatchObject({ status: "COMPLETED", exitCode: 0, exitMessage: "EXPIRED_SOME", releaseRevision: 1 });
    expect(stored.arguments).toEqual(["--date", "2026-11-23", tricky, "0"]);
    expect(stored.steps).toEqual([
      expect.objectContaining({
        name: "read-passes",
        status: "COMPLETED",
        readCount: 300,
        writeCount: 290,
        commitCount: 3,
      }),
      expect.objectContaining({ name: "expire", status: "COMPLETED", readCount: 5 }),
    ]);
    const logQuery = await api.ok<{ execution: { logs: { seq: number; text: string }[] } }>(
      `query($id: ID!) { execution(id: $id) { logs(tail: 2) { seq text } } }`,
      { id: started.id },
    );
    // Two pipes have no order between them, so compare with what the stream delivered,
    // and check on its own that these are the two last lines by seq, in seq order.
    expect(logQuery.execution.logs).toEqual(logs.slice(-2).map((l) => ({ seq: l.seq, text: l.text })));
    const lastSeqs = logs
      .map((l) => l.seq)
      .sort((x, y) => x - y)
      .slice(-2);
    expect(logQuery.execution.logs.map((l) => l.seq)).toEqual(lastSeqs);
  });

  it("records a non-zero exit as FAILED with its code and marks unfinished steps FAILED", async () => {
    const run = await launch(env.api[0]!, "expire-passes", { arguments: ["3"] });
    const events = await allEvents(env.api[0]!, run.id);
    expect(statuses(events).at(-1)).toBe("FAILED");
    const stored = await getExecution(env.api[0]!, run.id);
    expect(stored.exitCode).toBe(3);
    expect(stored.steps.find((s) => s.name === "expire")?.status).toBe("FAILED");
  });

  it("returns the first execution for a repeated idempotency key", async () => {
    const a = await launch(env.api[0]!, "expire-passes", { idempotencyKey: "settle-2026-11-23" });
    const b = await launch(env.api[0]!, "expire-passes", { idempotencyKey: "settle-2026-11-23" });
    expect(b.id).toBe(a.id);
    const rows = await env.sql<{ n: string }>(`SELECT count(*) AS n FROM executions WHERE "idempotencyKey" = $1`, [
      "settle-2026-11-23",
    ]);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("cancels a running task and its whole process group, recording CANCELLED", async () => {
    const api = env.api[0]!;
    const run = await launch(api, "sleeper");
    const pid = await waitFor("the grandchild's pid", async () => {
      const rows = await env.sql<{ payload: { text: string } }>(
        `SELECT payload FROM execution_event_log WHERE "executionId" = $1 AND kind = 'LOG'`,
        [run.id],
      );
      const line = rows.find((r) => r.payload.text.startsWith("grandchild "));
      return line ? Number(line.payload.text.split(" ")[1]) : undefined;
    });
    expect(isAlive(pid)).toBe(true);
    const cancelled = await api.ok<{ cancelExecution: { status: string } }>(
      `mutation($id: ID!) { cancelExecution(id: $id) { status } }`,
      { id: run.id },
    );
    expect(cancelled.cancelExecution.status).toBe("CANCELLED");
    await waitFor("the grandchild to die", async () => !isAlive(pid), 5000);
  });

  it("computes per-step statistics over the task's executions", async () => {
    const api = env.api[0]!;
    for (const n of ["10", "20", "30"]) await allEvents(api, (await launch(api, "stats-job", { arguments: [n] })).id);
    const data = await api.ok<{
      stepStatistics: {
        step: string;
        runs: number;
        read: { min: number; max: number; mean: number; stddev: number };
        write: { mean: number };
        duration: { min: number; max: number; mean: number };
      }[];
    }>(
      `{ stepStatistics(task: "stats-job") { step runs read { min max mean stddev } write { mean } duration { min max mean } } }`,
    );
    expect(data.stepStatistics).toHaveLength(1);
    const [count] = data.stepStatistics;
    expect(count).toMatchObject({
      step: "count",
      runs: 3,
      read: { min: 10, max: 30, mean: 20, stddev: 10 },
      write: { mean: 19 },
    });
    // Each run's step duration is its COMPLETED time minus its STARTED time, as stored.
    const durations = await env.sql<{ ms: number }>(
      `SELECT extract(epoch FROM s."endedAt" - s."startedAt") * 1000 AS ms
         FROM step_executions s JOIN executions e ON e.id = s."executionId" JOIN task_definitions t ON t.id = e."taskId"
        WHERE t.name = 'stats-job' AND s.name = 'count'`,
    );
    expect(durations).toHaveLength(3);
    const stored = durations.map((d) => Number(d.ms));
    expect(count!.duration.min).toBeCloseTo(Math.min(...stored), 0);
    expect(count!.duration.max).toBeCloseTo(Math.max(...stored), 0);
    const bad = await api.request(`{ stepStatistics(task: "stats-job", last: 0) { step } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("filters executions by the time they were queued", async () => {
    const api = env.api[0]!;
    const before = new Date().toISOString();
    const run = await launch(api, "timed-job", { arguments: ["1"] });
    await allEvents(api, run.id);
    const after = new Date(Date.now() + 1000).toISOString();
    const list = async (since: string, until: string) =>
      (
        await api.ok<{ executions: { edges: { node: { id: string } }[] } }>(
          `query($since: DateTime, $until: DateTime) { executions(task: "timed-job", since: $since, until: $until) { edges { node { id } } } }`,
          { since, until },
        )
      ).executions.edges.map((e) => e.node.id);
    expect(await list(before, after)).toEqual([run.id]);
    expect(await list(after, new Date(Date.now() + 60_000).toISOString())).toEqual([]);
  });

  it("kills a task that runs past timeoutSeconds and records TIMED_OUT", async () => {
    const run = await launch(env.api[0]!, "timed-sleeper", { properties: { timeoutSeconds: 1, graceSeconds: 0 } });
    const events = await allEvents(env.api[0]!, run.id);
    expect(statuses(events).at(-1)).toBe("TIMED_OUT");
  });
});
