import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, launch, statuses } from "./support/flows.js";

const RELEASE_FIELDS = `revision status kind sourceRevision createdBy reason failureReason manifest appVersion { version }`;

interface ReleaseShape {
  revision: number;
  status: string;
  kind: string;
  sourceRevision: number | null;
  createdBy: string;
  reason: string | null;
  failureReason: string | null;
  manifest: { version: string; properties: { env?: Record<string, string> } };
  appVersion: { version: string };
}

describe("upgrade and rollback with release history", () => {
  let env: TestEnv;
  // Each version prints its own version, so a run shows which revision ran.
  const version = (v: string, exit = 0) =>
    env.script(
      `settle-${v}.mjs`,
      `console.log("settle ${v} " + (process.env.MODE ?? "-"));\nprocess.exitCode = ${exit};\n`,
    );
  const ranVersion = async (task: string) => {
    const run = await launch(env.api[0]!, task);
    const events = await allEvents(env.api[0]!, run.id);
    return { run, text: events.find((e) => e.kind === "LOG")?.log?.text, status: statuses(events).at(-1) };
  };

  beforeAll(async () => {
    env = await startEnv();
    const api = env.api[0]!;
    for (const [v, exit] of [
      ["1.0.0", 0],
      ["2.0.0", 0],
      ["3.0.0-broken", 7],
    ] as const) {
      await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
        i: { name: "settle", version: v, uri: version(v, exit), makeDefault: v === "1.0.0" },
      });
    }
  });
  afterAll(() => env?.stop());

  /** Each test defines its own task, so revision numbers do not depend on which tests ran before. */
  const createTask = (name: string) =>
    env.api[0]!.ok(`mutation($n: String!) { createTask(input: { name: $n, app: "settle" }) { name } }`, { n: name });
  const gql = <T>(query: string, variables?: Record<string, unknown>, actor = "alice") =>
    env.api[0]!.request<T>(query, variables, { "x-baton-actor": actor });

  it("upgrades, runs the new version, rolls back, runs the old one again", async () => {
    await createTask("nightly");
    expect((await ranVersion("nightly")).text).toBe("settle 1.0.0 -");
    const up = await gql<{ upgradeTask: ReleaseShape }>(
      `mutation { upgradeTask(input: { task: "nightly", version: "2.0.0", properties: { env: { MODE: "full" } }, reason: "new rounding" }) { ${RELEASE_FIELDS} } }`,
    );
    expect(up.data?.upgradeTask).toMatchObject({
      revision: 2,
      status: "DEPLOYED",
      kind: "UPGRADE",
      createdBy: "alice",
      reason: "new rounding",
    });
    expect((await ranVersion("nightly")).text).toBe("settle 2.0.0 full");

    const back = await gql<{ rollbackTask: ReleaseShape }>(
      `mutation { rollbackTask(input: { task: "nightly" }) { ${RELEASE_FIELDS} } }`,
      {},
      "bob",
    );
    expect(back.data?.rollbackTask).toMatchObject({
      revision: 3,
      status: "DEPLOYED",
      kind: "ROLLBACK",
      sourceRevision: 1,
      createdBy: "bob",
    });
    expect(back.data?.rollbackTask.appVersion.version).toBe("1.0.0");
    const after = await ranVersion("nightly");
    expect(after.text).toBe("settle 1.0.0 -");

    const history = await env.api[0]!.ok<{ task: { currentRelease: { revision: number }; releases: ReleaseShape[] } }>(
      `{ task(name: "nightly") { currentRelease { revision } releases { revision status kind } } }`,
    );
    expect(history.task.currentRelease.revision).toBe(3);
    expect(history.task.releases.map((r) => `${r.revision}:${r.status}:${r.kind}`)).toEqual([
      "3:DEPLOYED:ROLLBACK",
      "2:SUPERSEDED:UPGRADE",
      "1:SUPERSEDED:CREATE",
    ]);
    const [row] = await env.sql<{ releaseRevision: number }>(`SELECT "releaseRevision" FROM executions WHERE id = $1`, [
      after.run.id,
    ]);
    expect(row?.releaseRevision).toBe(3);
  });

  it("shows what changed between two revisions", async () => {
    await createTask("diffed");
    await gql(
      `mutation { upgradeTask(input: { task: "diffed", version: "2.0.0", properties: { env: { MODE: "full" } } }) { revision } }`,
    );
    const diff = await env.api[0]!.ok<{
      releaseDiff: { changes: { path: string; kind: string; from: unknown; to: unknown }[] };
    }>(`{ releaseDiff(task: "diffed", from: 1, to: 2) { changes { path kind from to } } }`);
    const paths = diff.releaseDiff.changes.map((c) => `${c.kind} ${c.path}`);
    expect(paths).toContain("changed version");
    expect(paths).toContain("added properties.env");
    expect(diff.releaseDiff.changes.find((c) => c.path === "version")).toMatchObject({ from: "1.0.0", to: "2.0.0" });
  });

  it("keeps the old revision current when verification fails, and deploys one that passes", async () => {
    await createTask("verified");
    const bad = await gql<{ upgradeTask: ReleaseShape }>(
      `mutation { upgradeTask(input: { task: "verified", version: "3.0.0-broken", verify: { timeoutSeconds: 30 } }) { ${RELEASE_FIELDS} } }`,
    );
    expect(bad.data?.upgradeTask).toMatchObject({ revision: 2, status: "FAILED" });
    expect(bad.data?.upgradeTask.failureReason).toMatch(/ended FAILED with exit code 7/);
    expect((await ranVersion("verified")).text).toBe("settle 1.0.0 -");

    const good = await gql<{ upgradeTask: ReleaseShape }>(
      `mutation { upgradeTask(input: { task: "verified", version: "2.0.0", verify: { timeoutSeconds: 30 } }) { ${RELEASE_FIELDS} } }`,
    );
    expect(good.data?.upgradeTask).toMatchObject({ revision: 3, status: "DEPLOYED" });
    expect((await ranVersion("verified")).text).toBe("settle 2.0.0 -");
  });

  it("refuses an upgrade that changes nothing unless forced", async () => {
    await createTask("unchanged");
    await gql(`mutation { upgradeTask(input: { task: "unchanged", version: "2.0.0" }) { revision } }`);
    const before = await tableCounts(env.sql);
    const same = await gql(`mutation { upgradeTask(input: { task: "unchanged", version: "2.0.0" }) { revision } }`);
    expect(same.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(same.errors?.[0]?.message).toMatch(/force: true/);
    expect(await tableCounts(env.sql)).toEqual(before);
    const forced = await gql<{ upgradeTask: { revision: number } }>(
      `mutation { upgradeTask(input: { task: "unchanged", version: "2.0.0", force: true }) { revision } }`,
    );
    expect(forced.data?.upgradeTask.revision).toBe(3);
  });

  it("turns racing upgrades into consecutive revisions with exactly one DEPLOYED", async () => {
    await createTask("raced");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gql<{ upgradeTask: { revision: number } }>(
          `mutation($i: UpgradeTaskInput!) { upgradeTask(input: $i) { revision } }`,
          { i: { task: "raced", properties: { env: { RACE: String(i) } } } },
        ),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(results.map((r) => r.data?.upgradeTask.revision ?? 0).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7]);
    const rows = await env.sql<{ revision: number; status: string }>(
      `SELECT r.revision, r.status FROM releases r JOIN task_definitions t ON t.id = r."taskId" WHERE t.name = 'raced' ORDER BY r.revision`,
    );
    expect(rows.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows.filter((r) => r.status === "DEPLOYED")).toHaveLength(1);
    expect(rows.at(-1)?.status).toBe("DEPLOYED");
  });

  describe("refused rollbacks", () => {
    // "refused": revision 1 deployed, revision 2 failed its verification.
    beforeAll(async () => {
      await createTask("refused");
      const failed = await gql<{ upgradeTask: ReleaseShape }>(
        `mutation { upgradeTask(input: { task: "refused", version: "3.0.0-broken", verify: { timeoutSeconds: 30 } }) { revision status } }`,
      );
      expect(failed.data?.upgradeTask).toMatchObject({ revision: 2, status: "FAILED" });
    });

    it.each([
      ["a revision that does not exist", `{ task: "refused", revision: 99 }`, "NOT_FOUND", /no revision 99/],
      ["the current revision", `{ task: "refused", revision: 1 }`, "CONFLICT", /already the current/],
      ["a revision that failed verification", `{ task: "refused", revision: 2 }`, "CONFLICT", /never deployed/],
      ["an unknown task", `{ task: "ghost" }`, "NOT_FOUND", /No task named ghost/],
    ])("refuses to roll back to %s and writes nothing", async (_label, input, code, message) => {
      const before = await tableCounts(env.sql);
      const result = await gql(`mutation { rollbackTask(input: ${input}) { revision } }`);
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(await tableCounts(env.sql)).toEqual(before);
    });
  });

  it("records every mutation in the audit trail, secrets masked", async () => {
    const carol = <T>(query: string) => gql<T>(query, {}, "carol");
    const uri = version("1.0.0");
    const steps = [
      `mutation { registerApp(input: { name: "audited-app", version: "1.0.0", uri: "${uri}" }) { version } }`,
      `mutation { createTask(input: { name: "audited", app: "audited-app" }) { name } }`,
      `mutation { upgradeTask(input: { task: "audited", properties: { env: { DB_PASSWORD: "hunter2", API_TOKEN: "t", REGION: "eu" } } }) { revision } }`,
      `mutation { upgradeTask(input: { task: "audited", properties: { env: { REGION: "us" } }, verify: { timeoutSeconds: 30 } }) { revision status } }`,
      `mutation { launchTask(input: { task: "audited" }) { id } }`,
      `mutation { rollbackTask(input: { task: "audited" }) { revision } }`,
    ];
    for (const query of steps) {
      const result = await carol<{ launchTask?: { id: string } }>(query);
      expect(result.errors, query).toBeUndefined();
      // Let the launched run end, so that no later test sees its events still arriving.
      if (result.data?.launchTask) await allEvents(env.api[0]!, result.data.launchTask.id);
    }
    const audit = await env.api[0]!.ok<{
      auditRecords: {
        edges: { node: { actor: string; action: string; target: string; input: Record<string, unknown> } }[];
      };
    }>(`{ auditRecords(filter: { actor: "carol" }, first: 20) { edges { node { actor action target input } } } }`);
    const records = audit.auditRecords.edges.map((e) => e.node);
    expect(records.map((r) => r.action).sort()).toEqual(
      ["createTask", "launchTask", "registerApp", "rollbackTask", "upgradeTask", "upgradeTask", "verifyRelease"].sort(),
    );
    const secrets = records.find(
      (r) => r.action === "upgradeTask" && JSON.stringify(r.input).includes("DB_PASSWORD"),
    ) as { target: string; input: { properties: { env: Record<string, string> } } } | undefined;
    expect(secrets?.target).toBe("audited");
    expect(secrets?.input.properties.env).toEqual({ DB_PASSWORD: "***", API_TOKEN: "***", REGION: "eu" });
    expect(JSON.stringify(records)).not.toContain("hunter2");
  });
});
