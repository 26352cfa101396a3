import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";

interface Summary {
  appVersionsRegistered: number;
  tasksCreated: number;
  tasksUpgraded: number;
  tasksUpdated: number;
  tasksUnchanged: number;
  dagsCreated: number;
  dagsUpdated: number;
  dagsUnchanged: number;
  schedulesCreated: number;
  schedulesUpdated: number;
  schedulesUnchanged: number;
  triggersCreated: number;
  triggersUpdated: number;
  triggersUnchanged: number;
  skipped: string[];
  notes: string[];
}
const SUMMARY = `appVersionsRegistered tasksCreated tasksUpgraded tasksUpdated tasksUnchanged dagsCreated dagsUpdated dagsUnchanged
  schedulesCreated schedulesUpdated schedulesUnchanged triggersCreated triggersUpdated triggersUnchanged skipped notes`;

const importMutation = `mutation($i: ImportDefinitionsInput!) { importDefinitions(input: $i) { ${SUMMARY} } }`;
const exportOf = async (env: TestEnv) =>
  (await env.api[0]!.ok<{ exportDefinitions: string }>(`{ exportDefinitions }`)).exportDefinitions;
/** Every table's row count but the audit log's (an import is audited even when it changes nothing). */
const definitionCounts = async (env: TestEnv) => {
  const { audit_records: _audit, ...rest } = await tableCounts(env.sql);
  return rest;
};

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
  const importYaml = (yaml: string, into: TestEnv = env) =>
    into.api[0]!.request<{ importDefinitions: Summary }>(importMutation, { i: { yaml } });

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

  describe("DAGs, schedules and triggers", () => {
    let fresh: TestEnv;
    let exported: string;
    let secret: string;
    beforeAll(async () => {
      const api = env.api[0]!;
      await api.ok(
        `mutation($uri: String!) { registerApp(input: { name: "etl", version: "1.0.0", uri: $uri }) { version } }`,
        {
          uri: jobUri,
        },
      );
      await api.ok(`mutation { createTask(input: { name: "extract", app: "etl" }) { name } }`);
      await api.ok(`mutation { createTask(input: { name: "load", app: "etl", arguments: ["--mode=full"] }) { name } }`);
      await api.ok(
        `mutation($d: String!) { createDag(input: { name: "warehouse", definition: $d, maxParallel: 2 }) { name } }`,
        { d: "extract 'FAILED'->load\n  && load-2: load\n" },
      );
      await api.ok(
        `mutation { createSchedule(input: { name: "warehouse-nightly", dag: "warehouse", cron: "30 2 * * *",
           timezone: "Europe/Berlin", overlap: "QUEUE", misfire: "SKIP", startAt: "2026-01-01T00:00:00Z" }) { name } }`,
      );
      await api.ok(
        `mutation { createSchedule(input: { name: "extract-hourly", task: "extract", cron: "@hourly", arguments: ["--since=1h"],
           properties: { env: { REGION: "eu" }, timeoutSeconds: 600 }, enabled: false }) { name } }`,
      );
      const created = await api.ok<{ createTrigger: { secret: string } }>(
        `mutation { createTrigger(input: { name: "on-order", task: "extract", subject: "${env.prefix}x.orders.created",
           arguments: ["--order={{ .order.id }}"], properties: { env: { ORDER: "{{ .order.id }}" } },
           dedupKey: "{{ .order.id }}", dedupWindowSeconds: 600 }) { secret } }`,
      );
      secret = created.createTrigger.secret;
      await api.ok(`mutation { createTrigger(input: { name: "warehouse-hook", dag: "warehouse" }) { name } }`);
      exported = await exportOf(env);
      // Two JetStream streams on one NATS may not capture the same subject: the fresh Baton takes it over.
      await api.ok(`mutation { deleteTrigger(name: "on-order") }`);
      fresh = await startEnv({ runners: 0 });
    });
    afterAll(() => fresh?.stop());

    it("exports them, with the DAG's DSL as written and no trigger secret", () => {
      expect(exported).toContain(
        [
          "  - name: warehouse",
          "    definition: |",
          "      extract 'FAILED'->load",
          "        && load-2: load",
          "    maxParallel: 2",
        ].join("\n"),
      );
      expect(exported).toContain(
        [
          "  - name: warehouse-nightly",
          "    dag: warehouse",
          "    cron: 30 2 * * *",
          "    timezone: Europe/Berlin",
          "    overlap: QUEUE",
          "    misfire: SKIP",
          "    enabled: true",
          "    startAt: 2026-01-01T00:00:00.000Z",
        ].join("\n"),
      );
      expect(exported).toContain('  - name: extract-hourly\n    task: extract\n    cron: "@hourly"');
      expect(exported).toContain('    dedupKey: "{{ .order.id }}"\n    dedupWindowSeconds: 600\n    enabled: true');
      expect(exported).toContain("  - name: warehouse-hook\n    dag: warehouse\n    enabled: true");
      expect(secret.length).toBeGreaterThan(10);
      expect(exported).not.toContain(secret);
      expect(exported).not.toMatch(/secret/i);
    });

    it("imports them into a fresh Baton, which exports the same document", async () => {
      const first = await importYaml(exported, fresh);
      expect(first.errors).toBeUndefined();
      expect(first.data?.importDefinitions).toMatchObject({
        tasksCreated: 3,
        dagsCreated: 1,
        dagsUpdated: 0,
        schedulesCreated: 2,
        triggersCreated: 2,
      });
      const notes = first.data?.importDefinitions.notes.join("\n") ?? "";
      expect(notes).toContain('rotateTriggerSecret(name: "on-order")');
      expect(notes).toContain('rotateTriggerSecret(name: "warehouse-hook")');
      expect(await exportOf(fresh)).toBe(exported);
      // The imported trigger has a secret of its own, which rotateTriggerSecret reveals.
      const rotated = await fresh.api[0]!.ok<{ rotateTriggerSecret: { secret: string } }>(
        `mutation { rotateTriggerSecret(name: "on-order") { secret } }`,
      );
      expect(rotated.rotateTriggerSecret.secret).not.toBe(secret);
      const schedule = await fresh.api[0]!.ok<{ schedule: { nextFireAt: string | null; enabled: boolean } }>(
        `{ schedule(name: "extract-hourly") { nextFireAt enabled } }`,
      );
      expect(schedule.schedule.enabled).toBe(false);
      expect(schedule.schedule.nextFireAt).not.toBeNull();
    });

    it("changes nothing when the same document is imported again", async () => {
      const before = await definitionCounts(fresh);
      const rows = () =>
        fresh.sql<{ name: string; secret: string | null; updated: string }>(
          `SELECT name, secret, "updatedAt"::text AS updated FROM triggers
           UNION ALL SELECT name, NULL, "updatedAt"::text FROM schedules ORDER BY 1`,
        );
      const stored = await rows();
      const again = await importYaml(exported, fresh);
      expect(again.errors).toBeUndefined();
      expect(again.data?.importDefinitions).toEqual({
        appVersionsRegistered: 0,
        tasksCreated: 0,
        tasksUpgraded: 0,
        tasksUpdated: 0,
        tasksUnchanged: 3,
        dagsCreated: 0,
        dagsUpdated: 0,
        dagsUnchanged: 1,
        schedulesCreated: 0,
        schedulesUpdated: 0,
        schedulesUnchanged: 2,
        triggersCreated: 0,
        triggersUpdated: 0,
        triggersUnchanged: 2,
        skipped: [],
        notes: [],
      });
      expect(await definitionCounts(fresh)).toEqual(before);
      expect(await rows()).toEqual(stored);
      expect(await exportOf(fresh)).toBe(exported);
    });

    it("applies a changed document: a new DAG version, an updated schedule and trigger, the secret kept", async () => {
      const secretOf = async () =>
        (await fresh.sql<{ secret: string }>(`SELECT secret FROM triggers WHERE name = 'on-order'`))[0]?.secret;
      const kept = await secretOf();
      const changed = exported
        .replace("        && load-2: load\n", "        && load-2: load && extract-2: extract\n")
        .replace("cron: 30 2 * * *", "cron: 45 3 * * *")
        .replace("    dedupWindowSeconds: 600\n    enabled: true", "    dedupWindowSeconds: 600\n    enabled: false");
      expect(changed).not.toBe(exported);
      const applied = await importYaml(changed, fresh);
      expect(applied.errors).toBeUndefined();
      expect(applied.data?.importDefinitions).toMatchObject({
        dagsUpdated: 1,
        dagsUnchanged: 0,
        schedulesUpdated: 1,
        schedulesUnchanged: 1,
        triggersUpdated: 1,
        triggersUnchanged: 1,
      });
      const dag = await fresh.api[0]!.ok<{ dag: { version: number; versions: { version: number }[] } }>(
        `{ dag(name: "warehouse") { version versions { version } } }`,
      );
      expect(dag.dag.version).toBe(2);
      expect(dag.dag.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(await secretOf()).toBe(kept);
      expect(await exportOf(fresh)).toBe(changed);
    });

    it("refuses a bad cron with its line, and writes nothing of the document", async () => {
      const before = await tableCounts(fresh.sql);
      const lines = [
        "apiVersion: baton/v1",
        "apps:",
        `  - { name: newcomer, versions: [{ version: 1.0.0, uri: "${jobUri}" }] }`,
        "tasks:",
        "  - { name: newcomer-task, app: newcomer }",
        "dags:",
        "  - { name: newcomer-dag, definition: newcomer-task }",
        "schedules:",
        '  - { name: newcomer-nightly, task: newcomer-task, cron: "0 25 * * *" }',
      ];
      const result = await importYaml(lines.join("\n"), fresh);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(
        /line 9, column \d+: schedule newcomer-nightly: Invalid cron "0 25 \* \* \*"/,
      );
      expect(result.errors?.[0]?.message).toContain("nothing was imported");
      expect(await tableCounts(fresh.sql)).toEqual(before);
    });

    it("refuses a schedule and a DAG naming tasks that do not exist, after the rest was checked in the same transaction", async () => {
      const before = await tableCounts(fresh.sql);
      const lines = [
        "apiVersion: baton/v1",
        "apps:",
        `  - { name: second, versions: [{ version: 1.0.0, uri: "${jobUri}" }] }`,
        "tasks:",
        "  - { name: second-task, app: second }",
        "dags:",
        "  - name: second-dag",
        "    definition: |",
        "      second-task",
        "        && ghost-task",
        "schedules:",
        '  - { name: second-nightly, task: second-task, cron: "@daily" }',
        '  - { name: ghost-nightly, task: ghost-task, cron: "@daily" }',
        "triggers:",
        "  - { name: ghost-hook, dag: ghost-dag }",
      ];
      const result = await importYaml(lines.join("\n"), fresh);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const message = result.errors?.[0]?.message ?? "";
      expect(message).toMatch(/line 10, column 12: DAG second-dag: .*ghost-task/);
      expect(message).toContain(
        "line 13: schedule ghost-nightly: task ghost-task does not exist and is not in this document; add it under tasks, or create it first.",
      );
      expect(message).toContain(
        "line 15: trigger ghost-hook: DAG ghost-dag does not exist and is not in this document; add it under dags, or create it first.",
      );
      expect(await tableCounts(fresh.sql)).toEqual(before);
      const app = await fresh.api[0]!.ok<{ app: null }>(`{ app(name: "second") { name } }`);
      expect(app.app).toBeNull();
    });

    it("refuses the whole import when NATS will not capture a trigger's subject, and writes nothing", async () => {
      // Two JetStream streams on one NATS may not capture one subject: found out before the commit.
      const subject = `${env.prefix}y.taken`;
      await env.api[0]!.ok(
        `mutation { createTrigger(input: { name: "taken", task: "extract", subject: "${subject}" }) { name } }`,
      );
      const yaml = [
        "apiVersion: baton/v1",
        "apps:",
        `  - { name: third, versions: [{ version: 1.0.0, uri: "${jobUri}" }] }`,
        "tasks:",
        "  - { name: third-task, app: third }",
        "triggers:",
        `  - { name: third-hook, task: third-task, subject: ${subject} }`,
      ].join("\n");
      const before = await tableCounts(fresh.sql);
      const refused = await importYaml(yaml, fresh);
      expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
      expect(refused.errors?.[0]?.message).toMatch(/^A subject is already captured by another JetStream stream/);
      expect(await tableCounts(fresh.sql)).toEqual(before);
      const state = () =>
        fresh.api[0]!.ok<{ task: { name: string } | null; trigger: { subject: string } | null }>(
          `{ task(name: "third-task") { name } trigger(name: "third-hook") { subject } }`,
        );
      expect(await state()).toEqual({ task: null, trigger: null });
      await env.api[0]!.ok(`mutation { deleteTrigger(name: "taken") }`);
      const finished = await importYaml(yaml, fresh);
      expect(finished.errors).toBeUndefined();
      expect(finished.data?.importDefinitions).toMatchObject({ tasksCreated: 1, triggersCreated: 1 });
      expect(await state()).toEqual({ task: { name: "third-task" }, trigger: { subject } });
    });
  });

  describe("a DAG's maxConcurrent and nodeProperties", () => {
    let source: TestEnv;
    let target: TestEnv;
    const nodeProperties = { a: { retry: { maxAttempts: 2 }, priority: 3 } };
    beforeAll(async () => {
      [source, target] = await Promise.all([startEnv({ runners: 0 }), startEnv({ runners: 0 })]);
      const api = source.api[0]!;
      const uri = source.script("crunch.mjs", "console.log('crunch')\n");
      await api.ok(
        `mutation($uri: String!) { registerApp(input: { name: "crunch", version: "1.0.0", uri: $uri }) { version } }`,
        { uri },
      );
      await api.ok(`mutation { createTask(input: { name: "crunch", app: "crunch" }) { name } }`);
      await api.ok(`mutation { createTask(input: { name: "publish", app: "crunch" }) { name } }`);
      await api.ok(
        `mutation($d: String!, $p: JSON) { createDag(input: { name: "throttled", definition: $d, maxConcurrent: 3,
           nodeProperties: $p }) { name } }`,
        { d: "a: crunch\n  && publish\n", p: nodeProperties },
      );
    });
    afterAll(() => Promise.all([source?.stop(), target?.stop()]));

    const dagOf = (into: TestEnv) =>
      into.api[0]!.ok<{
        dag: { version: number; maxConcurrent: number | null; nodes: { id: string; properties: unknown }[] };
      }>(`{ dag(name: "throttled") { version maxConcurrent nodes { id properties } } }`);

    it("exports them, imports them into a fresh Baton unchanged, and a second import changes nothing", async () => {
      const exported = await exportOf(source);
      expect(exported).toContain(
        [
          "  - name: throttled",
          "    definition: |",
          "      a: crunch",
          "        && publish",
          "    maxConcurrent: 3",
          "    nodeProperties:",
          "      a: { priority: 3, retry: { maxAttempts: 2 } }",
        ].join("\n"),
      );
      const first = await importYaml(exported, target);
      expect(first.errors).toBeUndefined();
      expect(first.data?.importDefinitions).toMatchObject({ tasksCreated: 2, dagsCreated: 1, dagsUpdated: 0 });
      expect(await exportOf(target)).toBe(exported);
      const imported = await dagOf(target);
      expect(imported.dag).toMatchObject({ version: 1, maxConcurrent: 3 });
      expect(imported.dag.nodes.map((n) => [n.id, n.properties ?? null])).toEqual([
        ["a", nodeProperties.a],
        ["publish", null],
      ]);

      const before = await definitionCounts(target);
      const again = await importYaml(exported, target);
      expect(again.errors).toBeUndefined();
      expect(again.data?.importDefinitions).toMatchObject({ dagsCreated: 0, dagsUpdated: 0, dagsUnchanged: 1 });
      expect(await definitionCounts(target)).toEqual(before);
      expect((await dagOf(target)).dag.version).toBe(1);
      expect(await exportOf(target)).toBe(exported);
    });

    it("updates the row for a changed maxConcurrent, adds a version for changed nodeProperties, refuses an unknown node", async () => {
      const exported = await exportOf(target);
      const limits = exported.replace("    maxConcurrent: 3\n", "    maxConcurrent: 4\n");
      expect((await importYaml(limits, target)).data?.importDefinitions).toMatchObject({ dagsUpdated: 1 });
      expect((await dagOf(target)).dag).toMatchObject({ version: 1, maxConcurrent: 4 });

      const props = limits.replace("      a: { priority: 3,", "      a: { priority: 5,");
      expect((await importYaml(props, target)).data?.importDefinitions).toMatchObject({ dagsUpdated: 1 });
      const changed = await dagOf(target);
      expect(changed.dag.version).toBe(2);
      expect(changed.dag.nodes[0]?.properties).toEqual({ priority: 5, retry: { maxAttempts: 2 } });
      expect(await exportOf(target)).toBe(props);

      const before = await tableCounts(target.sql);
      const ghost = props.replace("      a: { priority: 5,", "      ghost: { priority: 5,");
      const line = ghost.split("\n").indexOf("  - name: throttled") + 1;
      const refused = await importYaml(ghost, target);
      expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(refused.errors?.[0]?.message).toContain(
        `line ${line}: DAG throttled: nodeProperties.ghost: the DAG has no node ghost; its nodes are a, publish.`,
      );
      expect(await tableCounts(target.sql)).toEqual(before);
    });
  });

  it("carries a task's retention: exported after setTaskRetention, set and cleared by an import without a new revision", async () => {
    const api = env.api[0]!;
    const yaml = (retention: string) => `apiVersion: baton/v1
apps:
  - { name: kept-app, versions: [{ version: 1.0.0, uri: "${jobUri}" }] }
tasks:
  - { name: kept, app: kept-app${retention} }
`;
    const created = await importYaml(yaml(", retention: { days: 30, logDays: 7 }"));
    expect(created.errors).toBeUndefined();
    expect(created.data?.importDefinitions).toMatchObject({ tasksCreated: 1 });
    const retention = async () =>
      (
        await api.ok<{ task: { retention: { days: number | null; runs: number | null; logDays: number | null } } }>(
          `{ task(name: "kept") { retention { days runs logDays } } }`,
        )
      ).task.retention;
    expect(await retention()).toEqual({ days: 30, runs: null, logDays: 7 });

    await api.ok(`mutation { setTaskRetention(task: "kept", retention: { days: 30, runs: 50, logDays: 7 }) { name } }`);
    expect(await exportOf(env)).toMatch(
      /- \{ name: kept, app: kept-app, version: 1\.0\.0, retention: \{ days: 30, logDays: 7, runs: 50 \} \}|retention: \{ days: 30, logDays: 7, runs: 50 \}/,
    );

    const revisions = async () =>
      (
        await env.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM releases r JOIN task_definitions t ON t.id = r."taskId" WHERE t."liveName" = 'kept'`,
        )
      )[0]!.n;
    const before = await revisions();
    const cleared = await importYaml(yaml(""));
    expect(cleared.data?.importDefinitions).toMatchObject({ tasksUpdated: 1, tasksUpgraded: 0 });
    expect(await retention()).toEqual({ days: null, runs: null, logDays: null });
    expect(await revisions()).toBe(before);
    const again = await importYaml(yaml(""));
    expect(again.data?.importDefinitions).toMatchObject({ tasksUpdated: 0 });

    const bad = await importYaml(yaml(", retention: { runs: 2.5 }"));
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toMatch(/line 5.*retention.runs must be a whole number/s);
    expect(await retention()).toEqual({ days: null, runs: null, logDays: null });
  });
});
