import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations, migrationsDir, readMigrations } from "@baton/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dagClient } from "./support/dags.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus, waitFor } from "./support/flows.js";
import { type ScratchDatabase, scratchDatabase } from "./support/scratch.js";

// `npm run backup` / `npm run restore` as a user runs them (the CLI from dist/, a child process):
// real definitions and runs made through the API, backed up, restored into an empty database,
// every table compared row by row with the source, and a control plane started on the copy.

const repoRoot = join(import.meta.dirname, "..");
const CLI = join(repoRoot, "prisma", "dist", "src", "backup-cli.js");
const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST", "EXPIRED"];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI; backup reads DATABASE_URL, restore gets --database-url (both ways are used). */
function runCli(args: string[], databaseUrl: string): Promise<CliResult> {
  const restore = args[0] === "restore";
  const childEnv = { ...process.env, INIT_CWD: env.dir, DATABASE_URL: restore ? "" : databaseUrl };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args, ...(restore ? ["--database-url", databaseUrl] : [])],
      { cwd: env.dir, env: childEnv },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Every row of `table` as Postgres's text (record text, which tells SQL NULL from JSON null) and JSON, by key. */
const tableRows = (url: string, table: string, key: string, json = "row_to_json(t)::text") =>
  query<{ rec: string; json: string }>(url, `SELECT t::text AS rec, ${json} AS json FROM "${table}" t ORDER BY ${key}`);

const KEYS: Record<string, string> = {
  step_executions: `"executionId", name`,
  execution_events: `"executionId", seq`,
  execution_log_chunks: `"executionId", "lastSeq"`,
  pools: "name",
};
const keyOf = (table: string) => KEYS[table] ?? "id";

/** The header of a backup file (gzip of JSON lines). */
async function headerOf(file: string): Promise<{ tables: { name: string; rows: number }[]; history: boolean }> {
  const { gunzipSync } = await import("node:zlib");
  return JSON.parse(gunzipSync(readFileSync(file)).toString("utf8").split("\n")[0] as string);
}

const sign = (secret: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

const STEP_SCRIPT = `
const step = (o) => console.log("::baton::" + JSON.stringify({ v: 1, type: "step", ...o }));
console.log("args " + process.argv.slice(2).join(" "));
step({ step: "load", status: "STARTED" });
step({ step: "load", status: "COMPLETED", read: 10, write: 9, commit: 1 });
`;

/** What the API says about the definitions (and runs): the same on the original and the restored database. */
const DEFINITIONS_QUERY = `{
  apps { name createdAt defaultVersion { version } versions { version uri createdAt } }
  tasks {
    name createdAt deletedAt app { name }
    currentRelease { revision status kind manifest appVersion { version uri } }
    releases { revision status kind sourceRevision createdBy reason failureReason manifest createdAt appVersion { version } }
  }
  dags { name version definition maxParallel createdAt versions { version definition createdAt } }
  schedules { name task dag cron timezone arguments properties enabled overlap misfire startAt endAt nextFireAt createdAt updatedAt
    fires(first: 10) { scheduledTime kind outcome executionId firedAt } }
  triggers { name task dag subject arguments properties dedupKey enabled createdAt updatedAt webhookPath
    events(first: 10) { source messageId outcome executionId payload receivedAt } }
  pools { name maxConcurrent }
}`;
const RUNS_QUERY = `{
  executions(first: 50) { edges { node { id status arguments exitCode releaseRevision queuedAt startedAt endedAt task { name }
    steps { name status readCount writeCount commitCount } } } }
}`;

let env: TestEnv;
let restoredEnv: TestEnv | undefined;
const scratch: ScratchDatabase[] = [];
let secret = "";

function newDatabase(suffix: string): ScratchDatabase {
  const db = scratchDatabase(inject("pgAdminUrl"), `baton_bk_${suffix}_${process.pid}`);
  scratch.push(db);
  return db;
}

beforeAll(async () => {
  env = await startEnv();
  const api = env.api[0];
  if (!api) throw new Error("no control plane");
  const uri = env.script("load.mjs", STEP_SCRIPT);
  // An app with two versions; a task with two releases and a rollback (three revisions).
  await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
    i: { name: "bk-app", version: "1.0.0", uri },
  });
  await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
    i: { name: "bk-app", version: "2.0.0", uri, makeDefault: true },
  });
  await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
    i: {
      name: "bk-task",
      app: "bk-app",
      version: "1.0.0",
      arguments: ["--day=1"],
      properties: { env: { REGION: "eu" } },
    },
  });
  await api.ok(
    `mutation { upgradeTask(input: { task: "bk-task", version: "2.0.0", reason: "new rounding" }) { revision } }`,
  );
  await api.ok(`mutation { rollbackTask(input: { task: "bk-task", reason: "rounding was wrong" }) { revision } }`);
  await defineTask(api, "bk-other", uri);
  // A DAG, run once; a schedule with a backfilled fire; a trigger called once through its webhook.
  const dags = dagClient(api);
  await dags.createDag("bk-dag", "bk-task && bk-other");
  expect((await dags.finished((await dags.launchDag("bk-dag")).id)).status).toBe("COMPLETED");
  await api.ok(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
    i: {
      name: "bk-nightly",
      task: "bk-task",
      cron: "0 3 * * *",
      timezone: "Europe/Paris",
      arguments: ["--nightly"],
      properties: { env: { MODE: "full" } },
      misfire: "SKIP",
    },
  });
  await api.ok(
    `mutation { backfillSchedule(input: { name: "bk-nightly", from: "2026-01-01T00:00:00Z", to: "2026-01-01T12:00:00Z" }) { __typename } }`,
  );
  const created = await api.ok<{ createTrigger: { secret: string } }>(
    `mutation($i: CreateTriggerInput!) { createTrigger(input: $i) { secret } }`,
    { i: { name: "bk-hook", task: "bk-other", arguments: ["--req={{ .requestId }}"], dedupKey: "{{ .requestId }}" } },
  );
  secret = created.createTrigger.secret;
  const body = JSON.stringify({ requestId: "r-1" });
  const hook = await fetch(`${api.url.replace(/\/graphql$/, "")}/hooks/bk-hook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-baton-signature-256": sign(secret, body),
      "x-baton-delivery": "d-1",
    },
    body,
  });
  expect(hook.status).toBe(200);
  await api.ok(`mutation { setPoolLimit(pool: "default", maxConcurrent: 4) { name } }`);
  const run = await launch(api, "bk-task", { arguments: ["--day=2"] });
  await untilStatus(api, run.id, ["COMPLETED"]);
  // Nothing may change in the source once it is backed up: every run ended.
  await waitFor(
    "every run to end",
    async () => {
      const rows = await env.sql<{ n: string }>(
        `SELECT count(*) AS n FROM executions WHERE NOT (status = ANY($1::text[]))`,
        [TERMINAL],
      );
      return rows[0]?.n === "0";
    },
    60_000,
  );
  // Values the API does not write but the columns allow: JSON null (not SQL NULL) in a jsonb
  // column, and a release naming its verification run (history: cleared without it).
  await env.sql(`UPDATE executions SET handle = 'null'::jsonb WHERE id = $1`, [run.id]);
  await env.sql(`UPDATE releases SET "verifyExecutionId" = $1 WHERE revision = 2`, [run.id]);
}, 180_000);

afterAll(async () => {
  await restoredEnv?.stop();
  await env?.stop();
  for (const db of scratch) await db.drop().catch(() => undefined);
});

describe("backup and restore", () => {
  it("--with-history --with-audit: restores every table row for row, and a control plane on the copy answers as the original", async () => {
    const file = join(env.dir, "full.jsonl.gz");
    const made = await runCli(["backup", "--with-history", "--with-audit", "--out", "full.jsonl.gz"], env.databaseUrl);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Backed up definitions, history, audit of postgresql:\/\/postgres:\*\*\*@/);
    const header = await headerOf(file);
    const counts = Object.fromEntries(header.tables.map((t) => [t.name, t.rows]));
    expect(counts).toMatchObject({ apps: 2, app_versions: 3, task_definitions: 2, releases: 4, dags: 1, schedules: 1 });
    expect(counts.executions).toBeGreaterThanOrEqual(5);
    for (const t of [
      "execution_events",
      "step_executions",
      "dag_runs",
      "dag_node_runs",
      "schedule_fires",
      "trigger_events",
      "audit_records",
      "pools",
      "triggers",
    ]) {
      expect(counts[t], t).toBeGreaterThan(0);
    }

    const target = newDatabase("full");
    await target.create();
    const restored = await runCli(["restore", "--in", file], target.url);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/execution_events\s+\d+/);

    for (const { name, rows } of header.tables) {
      const [source, copy] = await Promise.all([
        tableRows(env.databaseUrl, name, keyOf(name)),
        tableRows(target.url, name, keyOf(name)),
      ]);
      expect(copy.length, name).toBe(rows);
      expect(copy, name).toEqual(source);
    }
    const handle = await query<{ j: string }>(
      target.url,
      `SELECT jsonb_typeof(handle) AS j FROM executions WHERE handle IS NOT NULL`,
    );
    expect(handle.map((h) => h.j)).toContain("null");
    // Runners are live state: never restored.
    expect(await query(target.url, "SELECT 1 FROM runners")).toEqual([]);
    const migrations = await query<{ n: string }>(
      target.url,
      `SELECT migration_name AS n FROM "_prisma_migrations" ORDER BY 1`,
    );
    expect(migrations.map((m) => m.n)).toEqual(
      (
        await query<{ n: string }>(env.databaseUrl, `SELECT migration_name AS n FROM "_prisma_migrations" ORDER BY 1`)
      ).map((m) => m.n),
    );

    // A control plane on the copy (no runner: nothing runs) answers the same.
    restoredEnv = await startEnv({ databaseUrl: target.url, runners: 0 });
    const original = env.api[0];
    const copyApi = restoredEnv.api[0];
    if (!original || !copyApi) throw new Error("no control plane");
    const [a, b] = await Promise.all([original.ok(DEFINITIONS_QUERY), copyApi.ok(DEFINITIONS_QUERY)]);
    expect(b).toEqual(a);
    expect((a as { tasks: unknown[] }).tasks).toHaveLength(2);
    const [ra, rb] = await Promise.all([original.ok(RUNS_QUERY), copyApi.ok(RUNS_QUERY)]);
    expect(rb).toEqual(ra);
    // The trigger's secret came along: a signed webhook call is accepted by the copy.
    const body = JSON.stringify({ requestId: "r-2" });
    const hook = await fetch(`${copyApi.url.replace(/\/graphql$/, "")}/hooks/bk-hook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-baton-signature-256": sign(secret, body),
        "x-baton-delivery": "d-2",
      },
      body,
    });
    expect(hook.status).toBe(200);
  }, 120_000);

  it("without history: definitions only, pointing only at restored rows; all or nothing; refuses non-empty databases and files that are not backups", async () => {
    const file = join(env.dir, "defs.jsonl.gz");
    const made = await runCli(["backup", "--out", file], env.databaseUrl);
    expect(made.code).toBe(0);
    const header = await headerOf(file);
    expect(header.history).toBe(false);
    expect(header.tables.map((t) => t.name)).toEqual([
      "apps",
      "app_versions",
      "task_definitions",
      "releases",
      "pools",
      "dags",
      "dag_versions",
      "schedules",
      "triggers",
      "api_tokens",
    ]);

    const target = newDatabase("defs");
    await target.create();
    // A truncated file: refused with a sentence, and nothing restored.
    const truncated = join(env.dir, "truncated.jsonl.gz");
    const whole = readFileSync(file);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const broken = await runCli(["restore", "--in", truncated], target.url);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/truncated\.jsonl\.gz (is damaged or incomplete|ends inside table)/);
    for (const { name } of header.tables) {
      const rows = await query<{ n: number }>(
        target.url,
        `SELECT CASE WHEN to_regclass('public.${name}') IS NULL THEN 0 ELSE (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM public.${name}', false, true, '')))[1]::text::int END AS n`,
      );
      expect(rows[0]?.n, name).toBe(0);
    }

    // The same database takes the whole file afterwards.
    const restored = await runCli(["restore", "--in", file], target.url);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    for (const { name, rows } of header.tables) {
      // A release's verification run is history: its id is cleared, so nothing points at a missing run.
      const json =
        name === "releases" ? `(to_jsonb(t) || '{"verifyExecutionId": null}')::text` : "row_to_json(t)::text";
      const [source, copy] = await Promise.all([
        tableRows(env.databaseUrl, name, keyOf(name), json),
        tableRows(target.url, name, keyOf(name), json),
      ]);
      expect(copy.length, name).toBe(rows);
      expect(
        copy.map((r) => r.json),
        name,
      ).toEqual(source.map((r) => r.json));
      if (name !== "releases") expect(copy, name).toEqual(source);
    }
    const dangling = await query(
      target.url,
      `SELECT 'release' AS what FROM releases r LEFT JOIN app_versions v ON v.id = r."appVersionId" WHERE v.id IS NULL
       UNION ALL SELECT 'verify' FROM releases WHERE "verifyExecutionId" IS NOT NULL
       UNION ALL SELECT 'current' FROM task_definitions t LEFT JOIN releases r ON r."taskId" = t.id AND r.revision = t."currentRevision" WHERE r.id IS NULL
       UNION ALL SELECT 'default' FROM apps a LEFT JOIN app_versions v ON v.id = a."defaultVersionId" WHERE a."defaultVersionId" IS NOT NULL AND v.id IS NULL
       UNION ALL SELECT 'schedule' FROM schedules s LEFT JOIN task_definitions t ON t."liveName" = s."taskName" WHERE s."taskName" IS NOT NULL AND t.id IS NULL
       UNION ALL SELECT 'trigger' FROM triggers g LEFT JOIN task_definitions t ON t."liveName" = g."taskName" WHERE g."taskName" IS NOT NULL AND t.id IS NULL`,
    );
    expect(dangling).toEqual([]);
    for (const t of [
      "executions",
      "execution_events",
      "dag_runs",
      "schedule_fires",
      "trigger_events",
      "audit_records",
      "runners",
    ]) {
      expect(await query(target.url, `SELECT 1 FROM "${t}"`), t).toEqual([]);
    }

    // Again into the now non-empty database: refused, nothing changed.
    const again = await runCli(["restore", "--in", file], target.url);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds Baton data \(\d+ rows? in apps.*restore only into an empty database/);
    expect((await query(target.url, "SELECT 1 FROM apps")).length).toBe(header.tables[0]?.rows);

    // Not a backup, a missing file: one sentence each, exit code 2.
    const notBackup = join(env.dir, "notes.txt");
    writeFileSync(notBackup, "hello\n");
    const fresh = newDatabase("none");
    await fresh.create();
    for (const [args, message] of [
      [["restore", "--in", notBackup], /notes\.txt is not a Baton backup \(its first line is not JSON\)/],
      [["restore", "--in", join(env.dir, "missing.gz")], /missing\.gz does not exist/],
      [["restore"], /--in FILE/],
    ] as const) {
      const r = await runCli([...args], fresh.url);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(await query(fresh.url, "SELECT to_regclass('public.apps') AS t")).toEqual([{ t: null }]);
  }, 120_000);

  it("a backup made before this build's newest migration loads into that schema, then is migrated forward", async () => {
    const all = await readMigrations();
    const older = all.slice(0, -1).map((m) => m.name);
    const dir = mkdtempSync(join(tmpdir(), "baton-older-"));
    for (const name of older) cpSync(join(migrationsDir, name), join(dir, name), { recursive: true });
    const source = newDatabase("older");
    await source.create();
    await applyMigrations(source.url, dir);
    rmSync(dir, { recursive: true, force: true });
    await query(source.url, `INSERT INTO apps (id, name) VALUES ('7b5c3f1e-0000-4000-8000-000000000001', 'old-app')`);
    const file = join(env.dir, "older.jsonl.gz");
    expect((await runCli(["backup", "--out", file], source.url)).code).toBe(0);
    expect((await headerOf(file)).tables[0]).toEqual({ name: "apps", rows: 1 });

    const target = newDatabase("newer");
    await target.create();
    const restored = await runCli(["restore", "--in", file], target.url);
    expect(restored.stderr).toBe("");
    expect(restored.stdout).toContain(`then applied newer migrations: ${all.at(-1)?.name}`);
    const migrations = await query<{ n: string }>(
      target.url,
      `SELECT migration_name AS n FROM "_prisma_migrations" ORDER BY 1`,
    );
    expect(migrations.map((m) => m.n)).toEqual(all.map((m) => m.name));
    expect(await query(target.url, "SELECT name FROM apps")).toEqual([{ name: "old-app" }]);
  }, 60_000);
});
