import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, waitFor } from "./support/flows.js";

interface ReleaseShape {
  revision: number;
  status: string;
  failureReason: string | null;
}

const UPGRADE = `mutation($i: UpgradeTaskInput!) { upgradeTask(input: $i) { revision status failureReason } }`;
const TASK = `query($n: String!) { task(name: $n) { currentRelease { revision status } releases { revision status failureReason } } }`;

interface TaskShape {
  task: { currentRelease: { revision: number; status: string }; releases: ReleaseShape[] };
}

describe("verification cannot be overtaken or stranded", () => {
  let env: TestEnv;
  let gate = 0;
  /** An instance still alive after the kill test. */
  let live = 0;
  // The verification run waits until its gate file exists, so the test decides when it passes.
  const newGate = () => join(env.dir, `gate-${++gate}`);
  const open = (path: string) => writeFileSync(path, "go\n");
  const pendingRun = (task: string) =>
    waitFor(`the verification run of ${task} to be RUNNING`, async () => {
      const rows = await env.sql<{ status: string }>(
        `SELECT e.status FROM releases r JOIN task_definitions t ON t.id = r."taskId"
         JOIN executions e ON e.id = r."verifyExecutionId"
         WHERE t."liveName" = $1 AND r.status = 'PENDING'`,
        [task],
      );
      return rows[0]?.status === "RUNNING";
    });
  const leaderIndex = async (): Promise<number> =>
    waitFor("a leader", async () => {
      for (const [i, api] of env.api.entries()) {
        const res = await fetch(api.url.replace(/\/graphql$/, "/healthz")).catch(() => undefined);
        if (res && ((await res.json()) as { leader?: boolean }).leader === true) return i + 1;
      }
      return undefined;
    }).then((n) => n - 1);

  beforeAll(async () => {
    env = await startEnv({ controlPlanes: 2, runners: 1 });
    const uri = env.script("gated.sh", '#!/bin/sh\nwhile [ ! -f "$1" ]; do sleep 0.1; done\necho verified\n');
    for (const name of ["overtaken", "stranded", "never-started"]) await defineTask(env.api[0]!, name, uri);
  });
  afterAll(() => env?.stop());

  it("does not deploy a verified revision over a newer one deployed while it ran", async () => {
    const api = env.api[0]!;
    const path = newGate();
    const verifying = api.ok<{ upgradeTask: ReleaseShape }>(UPGRADE, {
      i: { task: "overtaken", force: true, verify: { arguments: [path], timeoutSeconds: 120 } },
    });
    await pendingRun("overtaken");
    const newer = await api.ok<{ upgradeTask: ReleaseShape }>(UPGRADE, { i: { task: "overtaken", force: true } });
    expect(newer.upgradeTask).toMatchObject({ revision: 3, status: "DEPLOYED" });
    open(path);
    const verified = (await verifying).upgradeTask;
    expect(verified).toMatchObject({ revision: 2, status: "FAILED" });
    expect(verified.failureReason).toMatch(
      /completed, but revision 3 was deployed while revision 2 was being verified/,
    );
    const task = (await api.ok<TaskShape>(TASK, { n: "overtaken" })).task;
    expect(task.currentRelease).toEqual({ revision: 3, status: "DEPLOYED" });
    expect(task.releases.map((r) => [r.revision, r.status]).sort()).toEqual([
      [1, "SUPERSEDED"],
      [2, "FAILED"],
      [3, "DEPLOYED"],
    ]);
  });

  it("resolves a verification whose control plane was killed, on the surviving instance", async () => {
    const victim = await leaderIndex();
    const survivor = 1 - victim;
    live = survivor;
    const path = newGate();
    const verifying = env.api[victim]!.request(UPGRADE, {
      i: { task: "stranded", force: true, verify: { arguments: [path], timeoutSeconds: 120 } },
    }).catch(() => undefined);
    await pendingRun("stranded");
    env.controlPlanes[victim]!.process.kill("SIGKILL");
    await verifying;
    open(path);
    const api = env.api[survivor]!;
    await waitFor(
      "the PENDING revision to be decided",
      async () => {
        const t = (await api.ok<TaskShape>(TASK, { n: "stranded" })).task;
        return t.releases.find((r) => r.revision === 2)?.status !== "PENDING";
      },
      60_000,
    );
    // Read again: the task row and its releases are separate reads, so the poll could straddle the decision.
    const task = (await api.ok<TaskShape>(TASK, { n: "stranded" })).task;
    expect(task.releases.find((r) => r.revision === 2)).toMatchObject({ status: "DEPLOYED", failureReason: null });
    expect(task.currentRelease).toEqual({ revision: 2, status: "DEPLOYED" });
  });

  it("fails a PENDING revision whose verification never started", async () => {
    // What a control plane that died between writing the revision and launching its run leaves behind.
    await env.sql(
      `INSERT INTO releases (id, "taskId", revision, status, "appVersionId", manifest, "createdAt", kind)
       SELECT gen_random_uuid(), "taskId", 2, 'PENDING', "appVersionId", manifest, now() - interval '5 minutes', 'UPGRADE'
       FROM releases r JOIN task_definitions t ON t.id = r."taskId" WHERE t."liveName" = 'never-started'`,
    );
    const api = env.api[live]!;
    const release = await waitFor(
      "the PENDING revision to fail",
      async () => {
        const t = (await api.ok<TaskShape>(TASK, { n: "never-started" })).task;
        const r = t.releases.find((x) => x.revision === 2);
        return r?.status !== "PENDING" && r;
      },
      30_000,
    );
    expect(release).toMatchObject({ status: "FAILED" });
    expect(release.failureReason).toMatch(/verification never started/);
    expect((await api.ok<TaskShape>(TASK, { n: "never-started" })).task.currentRelease.revision).toBe(1);
  });
});
