import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    await api.ok(`mutation { createTask(input: { name: "nightly", app: "settle" }) { name } }`);
  });
  afterAll(() => env?.stop());

  const gql = <T>(query: string, variables?: Record<string, unknown>, actor = "alice") =>
    env.api[0]!.request<T>(query, variables, { "x-baton-actor": actor });

  it("upgrades, runs the new version, rolls back, runs the old one again", async () => {
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
    const diff = await env.api[0]!.ok<{
      releaseDiff: { changes: { path: string; kind: string; from: unknown; to: unknown }[] };
    }>(`{ releaseDiff(task: "nightly", from: 1, to: 2) { changes { path kind from to } } }`);
    const paths = diff.releaseDiff.changes.map((c) => `${c.kind} ${c.path}`);
    expect(paths).toContain("changed version");
    expect(paths).toContain("added properties.env");
    expect(diff.releaseDiff.changes.find((c) => c.path === "version")).toMatchObject({ from: "1.0.0", to: "2.0.0" });
  });

  it("keeps the old revision current when verification fails, and deploys one that passes", async () => {
    const bad = await gql<{ upgradeTask: ReleaseShape }>(
      `mutation { upgradeTask(input: { task: "nightly", version: "3.0.0-broken", verify: { timeoutSeconds: 30 } }) { ${RELEASE_FIELDS} } }`,
    );
    expect(bad.data?.upgradeTask).toMatchObject({ revision: 4, status: "FAILED" });
    expect(bad.data?.upgradeTask.failureReason).toMatch(/ended FAILED with exit code 7/);
    expect((await ranVersion("nightly")).text).toBe("settle 1.0.0 -");

    const good = await gql<{ upgradeTask: ReleaseShape }>(
      `mutation { upgradeTask(input: { task: "nightly", version: "2.0.0", verify: { timeoutSeconds: 30 } }) { ${RELEASE_FIELDS} } }`,
    );
    expect(good.data?.upgradeTask).toMatchObject({ revision: 5, status: "DEPLOYED" });
    expect((await ranVersion("nightly")).text).toBe("settle 2.0.0 -");
  });

  it("refuses an upgrade that changes nothing unless forced", async () => {
    const same = await gql(`mutation { upgradeTask(input: { task: "nightly", version: "2.0.0" }) { revision } }`);
    expect(same.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(same.errors?.[0]?.message).toMatch(/force: true/);
    const forced = await gql<{ upgradeTask: { revision: number } }>(
      `mutation { upgradeTask(input: { task: "nightly", version: "2.0.0", force: true }) { revision } }`,
    );
    expect(forced.data?.upgradeTask.revision).toBe(6);
  });

  it("turns racing upgrades into consecutive revisions with exactly one DEPLOYED", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        gql(`mutation($i: UpgradeTaskInput!) { upgradeTask(input: $i) { revision } }`, {
          i: { task: "nightly", properties: { env: { RACE: String(i) } } },
        }),
      ),
    );
    expect(results.every((r) => !r.errors)).toBe(true);
    const rows = await env.sql<{ revision: number; status: string }>(
      `SELECT r.revision, r.status FROM releases r JOIN task_definitions t ON t.id = r."taskId" WHERE t.name = 'nightly' ORDER BY r.revision`,
    );
    expect(rows.map((r) => r.revision)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((r) => r.status === "DEPLOYED")).toHaveLength(1);
    expect(rows.at(-1)?.status).toBe("DEPLOYED");
  });

  it.each([
    ["a revision that does not exist", `{ task: "nightly", revision: 99 }`, "NOT_FOUND", /no revision 99/],
    ["the current revision", `{ task: "nightly", revision: 12 }`, "CONFLICT", /already the current/],
    ["a revision that failed verification", `{ task: "nightly", revision: 4 }`, "CONFLICT", /never deployed/],
    ["an unknown task", `{ task: "ghost" }`, "NOT_FOUND", /No task named ghost/],
  ])("refuses to roll back to %s and writes nothing", async (_label, input, code, message) => {
    const before = await env.sql(`SELECT count(*) AS n FROM releases`);
    const result = await gql(`mutation { rollbackTask(input: ${input}) { revision } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(await env.sql(`SELECT count(*) AS n FROM releases`)).toEqual(before);
  });

  it("records every mutation in the audit trail, secrets masked", async () => {
    await gql(
      `mutation { upgradeTask(input: { task: "nightly", properties: { env: { DB_PASSWORD: "hunter2", API_TOKEN: "t", REGION: "eu" } } }) { revision } }`,
      {},
      "carol",
    );
    const audit = await env.api[0]!.ok<{
      auditRecords: {
        edges: {
          node: {
            actor: string;
            action: string;
            target: string;
            input: { properties: { env: Record<string, string> } };
          };
        }[];
      };
    }>(`{ auditRecords(filter: { actor: "carol" }, first: 5) { edges { node { actor action target input } } } }`);
    const [latest] = audit.auditRecords.edges.map((e) => e.node);
    expect(latest).toMatchObject({ actor: "carol", action: "upgradeTask", target: "nightly" });
    expect(latest?.input.properties.env).toEqual({ DB_PASSWORD: "***", API_TOKEN: "***", REGION: "eu" });
    const actions = await env.sql<{ action: string }>(`SELECT DISTINCT action FROM audit_records ORDER BY action`);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "createTask",
        "launchTask",
        "registerApp",
        "rollbackTask",
        "upgradeTask",
        "verifyRelease",
      ]),
    );
  });
});
