import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";

interface Summary {
  appVersionsRegistered: number;
  tasksCreated: number;
  tasksUpgraded: number;
  tasksUnchanged: number;
  skipped: string[];
}
const SUMMARY = "appVersionsRegistered tasksCreated tasksUpgraded tasksUnchanged skipped";

describe("bulk import and export of definitions", () => {
  let env: TestEnv;
  let jobUri: string;
  beforeAll(async () => {
    env = await startEnv({ runners: 0 });
    jobUri = env.script("report.mjs", "console.log('report')\n");
  });
  afterAll(() => env?.stop());

  const counts = () => tableCounts(env.sql);
  const importRegistry = (properties: string) =>
    env.api[0]!.request<{ importAppRegistry: Summary }>(
      `mutation($i: ImportAppRegistryInput!) { importAppRegistry(input: $i) { ${SUMMARY} } }`,
      { i: { properties } },
    );
  const importYaml = (yaml: string) =>
    env.api[0]!.request<{ importDefinitions: Summary }>(
      `mutation($i: ImportDefinitionsInput!) { importDefinitions(input: $i) { ${SUMMARY} } }`,
      { i: { yaml } },
    );

  it("brings over an SCDF app registry file, idempotently", async () => {
    const file = [
      "# exported from Spring Cloud Data Flow",
      "task.timestamp=docker:springcloudtask/timestamp-task:2.1.1",
      "task.timestamp.metadata=maven://io.spring:timestamp-task:jar:metadata:2.1.1",
      "source.http=docker:springcloudstream/http-source-rabbit:3.2.1",
      `task.report=${jobUri}`,
      "task.report.version=1.4.0",
    ].join("\n");
    const first = await importRegistry(file);
    expect(first.errors).toBeUndefined();
    expect(first.data?.importAppRegistry).toMatchObject({ appVersionsRegistered: 2 });
    expect(first.data?.importAppRegistry.skipped.join()).toMatch(/line 4/);
    const again = await importRegistry(file);
    expect(again.data?.importAppRegistry.appVersionsRegistered).toBe(0);
    const apps = await env.api[0]!.ok<{
      report: { versions: { version: string; uri: string }[] };
      timestamp: { versions: { version: string; uri: string }[] };
      http: { name: string } | null;
    }>(
      `{ report: app(name: "report") { versions { version uri } } timestamp: app(name: "timestamp") { versions { version uri } }
         http: app(name: "http") { name } }`,
    );
    expect(apps.report.versions).toEqual([{ version: "1.4.0", uri: jobUri }]);
    expect(apps.timestamp.versions).toEqual([{ version: "2.1.1", uri: "docker:springcloudtask/timestamp-task:2.1.1" }]);
    expect(apps.http).toBeNull();
  });

  it("refuses a registry file with a bad line, naming it, and writes nothing", async () => {
    const before = await counts();
    const result = await importRegistry(`task.ok=docker:ok/ok:1.0\ntask.settle=maven://com.acme:settle:2.0.0\n`);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/line 2/);
    expect(await counts()).toEqual(before);
  });

  it("exports everything as YAML that imports back unchanged, and applies changes as new revisions", async () => {
    const api = env.api[0]!;
    await api.ok(
      `mutation($uri: String!) { registerApp(input: { name: "monthly", version: "1.0.0", uri: $uri }) { version } }`,
      {
        uri: jobUri,
      },
    );
    await api.ok(
      `mutation { createTask(input: { name: "monthly-report", app: "monthly", properties: { env: { FORMAT: "xlsx" } } }) { name } }`,
    );
    const exported = (await api.ok<{ exportDefinitions: string }>(`{ exportDefinitions }`)).exportDefinitions;
    expect(exported).toContain("apiVersion: baton/v1");
    expect(exported).toContain("monthly-report");
    const same = await importYaml(exported);
    expect(same.data?.importDefinitions).toMatchObject({
      appVersionsRegistered: 0,
      tasksCreated: 0,
      tasksUpgraded: 0,
      tasksUnchanged: 1,
    });
    expect((await api.ok<{ exportDefinitions: string }>(`{ exportDefinitions }`)).exportDefinitions).toBe(exported);

    const changed = exported.replace("FORMAT: xlsx", "FORMAT: csv");
    expect(changed).not.toBe(exported);
    const applied = await importYaml(changed);
    expect(applied.data?.importDefinitions).toMatchObject({ tasksUpgraded: 1 });
    const task = await api.ok<{
      task: { currentRelease: { revision: number; manifest: { properties: { env: { FORMAT: string } } } } };
    }>(`{ task(name: "monthly-report") { currentRelease { revision manifest } } }`);
    expect(task.task.currentRelease.revision).toBe(2);
    expect(task.task.currentRelease.manifest.properties.env.FORMAT).toBe("csv");
  });

  it("refuses a malformed document as a whole, naming the line", async () => {
    const before = await counts();
    const yaml = [
      "apiVersion: baton/v1",
      "apps:",
      "  - name: fresh",
      "    versions:",
      '      - { version: "1.0.0", uri: "file:///opt/fresh.mjs" }',
      "  - name: broken",
      "    versions:",
      '      - { version: "1.0.0", uri: "relative/path.mjs" }',
      "tasks: []",
    ].join("\n");
    const result = await importYaml(yaml);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors?.[0]?.message).toMatch(/line 8/);
    expect(await counts()).toEqual(before);
  });

  it("rolls back the whole import when one entry conflicts with the registry", async () => {
    await env.api[0]!.ok(
      `mutation { registerApp(input: { name: "settled", version: "1.4.0", uri: "file:///opt/settled.mjs" }) { version } }`,
    );
    const before = await counts();
    const yaml = [
      "apiVersion: baton/v1",
      "apps:",
      "  - name: newcomer",
      '    versions: [{ version: "1.0.0", uri: "file:///opt/newcomer.mjs" }]',
      "  - name: settled",
      '    versions: [{ version: "1.4.0", uri: "file:///somewhere/else.mjs" }]',
    ].join("\n");
    const result = await importYaml(yaml);
    expect(result.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await counts()).toEqual(before);
    const apps = await env.api[0]!.ok<{ app: null }>(`{ app(name: "newcomer") { name } }`);
    expect(apps.app).toBeNull();
  });
});
