import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DagRunShape, dagClient, job, RUN_FIELDS, TERMINAL } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, waitFor } from "./support/flows.js";

// Controlling DAG runs: restart after a fix, cancel, and version pinning.
describe("DAG runs: restart, cancel, version pinning", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv();
    const api = env.api[0]!;
    const uri = env.script("job.mjs", job(env.dir));
    for (const t of ["a", "b", "after"]) await defineTask(api, t, uri);
    await defineTask(api, "flaky", env.script("flaky-1.mjs", "console.log('flaky 1');\nprocess.exitCode = 4;\n"));
    await defineTask(api, "sleeper", env.script("sleeper.sh", "#!/bin/sh\nsleep 30\n"));
    // A later run that completes: proof that the control plane has moved past a cancelled run.
    await dagClient(api).createDag("probe", "a");
  });
  afterAll(() => env?.stop());

  const dags = () => dagClient(env.api[0]!);
  const createDag = (name: string, definition: string) => dags().createDag(name, definition);
  const launchDag = (name: string) => dags().launchDag(name);
  const getRun = (id: string) => dags().getRun(id);
  const finished = (id: string, timeoutMs = 30_000) => dags().finished(id, timeoutMs);
  const node = (run: DagRunShape, id: string) => dags().node(run, id);
  const summary = (run: DagRunShape) => dags().summary(run);
  const running = (runId: string, nodeId: string) => dags().running(runId, nodeId);
  const staysUnrun = (runId: string, nodeId: string) => dags().staysUnrun(runId, nodeId, "probe");

  it("restarts a failed run after a fix: same run, attempt 2, only the failed node and what follows rerun", async () => {
    const api = env.api[0]!;
    await createDag("fixable", "ok: a && flaky && last: b");
    const launched = await launchDag("fixable");
    const failed = await finished(launched.id);
    expect(failed.status).toBe("FAILED");
    expect(summary(failed)).toEqual(["ok:COMPLETED", "flaky:FAILED", "last:-"]);
    const okExecution = node(failed, "ok").execution!.id;
    const firstFlaky = node(failed, "flaky").execution!.id;

    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "flaky-app", version: "2.0.0", uri: env.script("flaky-2.mjs", "console.log('flaky 2');\n") },
    });
    await api.ok(`mutation { upgradeTask(input: { task: "flaky", version: "2.0.0" }) { revision } }`);

    const restarted = await api.ok<{ restartDagRun: DagRunShape }>(
      `mutation($id: ID!) { restartDagRun(id: $id) { ${RUN_FIELDS} } }`,
      { id: launched.id },
    );
    expect(restarted.restartDagRun.id).toBe(launched.id);
    expect(restarted.restartDagRun.attempt).toBe(2);
    expect(TERMINAL).not.toContain(restarted.restartDagRun.status);

    const run = await finished(launched.id);
    expect(run.status).toBe("COMPLETED");
    expect(run.attempt).toBe(2);
    expect(summary(run)).toEqual(["ok:COMPLETED", "flaky:COMPLETED", "last:COMPLETED"]);
    // ok is not rerun.
    expect(node(run, "ok").attempts).toHaveLength(1);
    expect(node(run, "ok").execution!.id).toBe(okExecution);
    // flaky: the failed attempt is kept beside the new one.
    const flaky = node(run, "flaky");
    expect(flaky.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, "FAILED"],
      [2, "COMPLETED"],
    ]);
    expect(flaky.attempts[0]!.execution.id).toBe(firstFlaky);
    expect(flaky.execution!.id).toBe(flaky.attempts[1]!.execution.id);
    expect(flaky.execution!.id).not.toBe(firstFlaky);
    const last = node(run, "last");
    expect(last.attempts).toHaveLength(1);
    expect(last.attempts[0]!.status).toBe("COMPLETED");
    // The rerun ran the upgraded release of flaky.
    const [rel] = await env.sql<{ releaseRevision: number }>(`SELECT "releaseRevision" FROM executions WHERE id = $1`, [
      flaky.execution!.id,
    ]);
    expect(rel?.releaseRevision).toBe(2);
  });

  it("cancelDagRun cancels the running node and starts nothing downstream", async () => {
    await createDag("cancel-run", "long: sleeper && after");
    const launched = await launchDag("cancel-run");
    const exec = await running(launched.id, "long");
    const cancelled = await env.api[0]!.ok<{ cancelDagRun: DagRunShape }>(
      `mutation($id: ID!) { cancelDagRun(id: $id) { ${RUN_FIELDS} } }`,
      { id: launched.id },
    );
    expect(cancelled.cancelDagRun.id).toBe(launched.id);
    const run = await finished(launched.id);
    expect(run.status).toBe("CANCELLED");
    expect(run.endedAt).not.toBeNull();
    const long = node(run, "long");
    expect(long.execution!.id).toBe(exec);
    await waitFor("the node's execution to be CANCELLED", async () => {
      const e = await env.api[0]!.ok<{ execution: { status: string } }>(
        `query($id: ID!) { execution(id: $id) { status } }`,
        {
          id: exec,
        },
      );
      return TERMINAL.includes(e.execution.status) ? e : undefined;
    }).then((e) => expect(e.execution.status).toBe("CANCELLED"));
    expect(node(await getRun(launched.id), "long").status).toBe("CANCELLED");
    await staysUnrun(launched.id, "after");
    expect((await getRun(launched.id)).status).toBe("CANCELLED");
  });

  it("cancelExecution on a node's execution cancels the whole run", async () => {
    await createDag("cancel-node", "long: sleeper && after");
    const launched = await launchDag("cancel-node");
    const exec = await running(launched.id, "long");
    const cancelled = await env.api[0]!.ok<{ cancelExecution: { status: string } }>(
      `mutation($id: ID!) { cancelExecution(id: $id) { status } }`,
      { id: exec },
    );
    expect(cancelled.cancelExecution.status).toBe("CANCELLED");
    const run = await finished(launched.id);
    expect(run.status).toBe("CANCELLED");
    expect(node(run, "long").status).toBe("CANCELLED");
    await staysUnrun(launched.id, "after");
  });

  it("pins a run to the version it started with; the next run uses the new version", async () => {
    const api = env.api[0]!;
    await createDag("pinned", "gate: a --await=go-pinned && b");
    const first = await launchDag("pinned");
    expect(first.version).toBe(1);
    await running(first.id, "gate");
    const updated = await api.ok<{ updateDag: { version: number } }>(
      `mutation { updateDag(input: { name: "pinned", definition: "gate: a --await=go-pinned && after" }) { version } }`,
    );
    expect(updated.updateDag.version).toBe(2);
    env.script("go-pinned", "");

    const old = await finished(first.id);
    expect(old.status).toBe("COMPLETED");
    expect(old.version).toBe(1);
    expect(summary(old)).toEqual(["gate:COMPLETED", "b:COMPLETED"]);
    expect(old.dag).toEqual({ name: "pinned", version: 2 });

    const second = await launchDag("pinned");
    expect(second.version).toBe(2);
    const next = await finished(second.id);
    expect(next.status).toBe("COMPLETED");
    expect(next.version).toBe(2);
    expect(summary(next)).toEqual(["gate:COMPLETED", "after:COMPLETED"]);
  });
});
