import { createHmac } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type Child, startNodeChild, waitForLine } from "@baton/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagClient } from "./support/dags.js";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses, waitFor } from "./support/flows.js";
import { graphqlClient } from "./support/graphql.js";

/**
 * BATON_ALLOWED_PROGRAMS end to end: registration refuses programs no pool
 * allows (registerApp and both importers), a launch refuses a program its
 * pool does not allow, and when the list narrows (a control plane restarted
 * with a smaller one) every way a run starts refuses what it no longer
 * allows: FORBIDDEN and nothing written for a caller, a truthful record (a
 * FAILED fire, a REJECTED trigger event, a FAILED DAG run) for the rest.
 */

const require = createRequire(import.meta.url);
const controlPlaneMain = join(dirname(require.resolve("@baton/control-plane/package.json")), "dist", "main.js");

const REGISTER = `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`;
const LAUNCH = `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id status } }`;

describe("which programs may run (BATON_ALLOWED_PROGRAMS)", () => {
  let env: TestEnv;
  let root: string;
  const file = (path: string): string => `file://${root}/${path}`;
  const wide = (): string => `*=file:${root}/batch/;etl=file:${root}/etl/`;
  const narrow = (): string => `*=file:${root}/batch/keep/;etl=file:${root}/etl/`;
  const api = () => env.api[0]!;
  const counts = () => tableCounts(env.sql);
  const refusal = async (query: string, variables: Record<string, unknown>) => {
    const result = await api().request(query, variables);
    expect(result.data ?? null).toBeNull();
    const error = result.errors?.[0];
    return { code: error?.extensions?.code, message: error?.message ?? "" };
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "baton-allowed-"));
    for (const d of ["batch/keep", "etl"]) mkdirSync(join(root, d), { recursive: true });
    const program = (path: string, source: string) => writeFileSync(join(root, path), source, { mode: 0o755 });
    program("batch/ok.mjs", "console.log('ran ok')\n");
    program("batch/fail.mjs", "process.exitCode = 3;\n");
    program("batch/keep/kept.mjs", "console.log('kept')\n");
    program("etl/load.mjs", "console.log('loaded')\n");
    program(
      "outside.mjs",
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(root, "outside-ran"))}, "");\n`,
    );
    symlinkSync(join(root, "outside.mjs"), join(root, "etl", "sneaky.mjs"));
    env = await startEnv({ controlPlaneEnv: { BATON_ALLOWED_PROGRAMS: wide() } });
  });
  afterAll(async () => {
    await env?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("refuses to register a program no pool allows, by every way in, and stores nothing", async () => {
    const before = await counts();
    const outside = env.script("outside.mjs", "console.log('should never run')\n");
    for (const uri of [
      outside,
      "file:///bin/sh",
      file("batch-evil/x.mjs"),
      file("batch/../outside.mjs"),
      "docker:ubuntu:22.04",
    ]) {
      const refused = await refusal(REGISTER, { i: { name: "evil", version: "1.0.0", uri } });
      expect(refused.code).toBe("FORBIDDEN");
      expect(refused.message).toContain(`Program ${uri} is not allowed in any pool`);
      expect(refused.message).toContain(`BATON_ALLOWED_PROGRAMS allows ${wide().replace(";", "; ")}`);
    }

    const registry = await refusal(
      `mutation($i: ImportAppRegistryInput!) { importAppRegistry(input: $i) { skipped } }`,
      {
        i: {
          properties: [
            `task.good=${file("batch/ok.mjs")}`,
            "task.good.version=1.0.0",
            `task.evil=${outside}`,
            "task.evil.version=1.0.0",
          ].join("\n"),
        },
      },
    );
    expect(registry.code).toBe("FORBIDDEN");
    expect(registry.message).toContain(`line 3: Program ${outside} is not allowed in any pool`);

    const document = [
      "apiVersion: baton/v1",
      "apps:",
      "  - name: good",
      `    versions: [{ version: "1.0.0", uri: "${file("batch/ok.mjs")}" }]`,
      "  - name: evil",
      `    versions: [{ version: "1.0.0", uri: "${outside}" }]`,
    ].join("\n");
    const imported = await refusal(
      `mutation($i: ImportDefinitionsInput!) { importDefinitions(input: $i) { tasksCreated } }`,
      {
        i: { yaml: document },
      },
    );
    expect(imported.code).toBe("FORBIDDEN");
    expect(imported.message).toContain(`app evil: Program ${outside} is not allowed in any pool`);

    // A document whose schedule would start a program its pool does not allow is refused whole.
    const scheduled = [
      "apiVersion: baton/v1",
      "apps:",
      "  - name: loader-app",
      `    versions: [{ version: "1.0.0", uri: "${file("etl/load.mjs")}" }]`,
      "tasks:",
      "  - { name: loader-doc, app: loader-app }",
      "schedules:",
      '  - { name: loader-nightly, task: loader-doc, cron: "0 3 * * *" }',
    ].join("\n");
    const schedule = await refusal(
      `mutation($i: ImportDefinitionsInput!) { importDefinitions(input: $i) { tasksCreated } }`,
      {
        i: { yaml: scheduled },
      },
    );
    expect(schedule.code).toBe("BAD_USER_INPUT");
    expect(schedule.message).toContain(
      `schedule loader-nightly: program ${file("etl/load.mjs")} may not run in pool default`,
    );

    expect(await counts()).toEqual(before);
  });

  it("registers and runs an allowed program; one allowed only in pool etl is refused elsewhere", async () => {
    await defineTask(api(), "nightly", file("batch/ok.mjs"));
    const run = await launch(api(), "nightly");
    const events = await allEvents(api(), run.id);
    expect(statuses(events).at(-1)).toBe("COMPLETED");
    expect(events.some((e) => e.log?.text === "ran ok")).toBe(true);

    await defineTask(api(), "loader", file("etl/load.mjs"));
    const before = await counts();
    const refused = await refusal(LAUNCH, { i: { task: "loader" } });
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe(
      `program ${file("etl/load.mjs")} may not run in pool default; allowed there: file:${root}/batch/ (every pool). ` +
        "Run it in a pool that allows it, or set BATON_ALLOWED_PROGRAMS to allow it there.",
    );
    expect(await counts()).toEqual(before);

    // In pool etl it runs, on a runner of that pool with a list of its own.
    await env.startRunner({ RUNNER_POOL: "etl", RUNNER_ALLOWED_PROGRAMS: `file:${root}/etl/` });
    const loaded = await launch(api(), "loader", { properties: { pool: "etl" } });
    expect(statuses(await allEvents(api(), loaded.id)).at(-1)).toBe("COMPLETED");
  });

  it("a runner with RUNNER_ALLOWED_PROGRAMS resolves symlinks: a link out of its root never starts", async () => {
    // The control plane compares the path as written (under etl/); the runner finds it leads outside.
    await defineTask(api(), "sneaky", file("etl/sneaky.mjs"), { properties: { pool: "etl" } });
    const sneaky = await launch(api(), "sneaky");
    expect(statuses(await allEvents(api(), sneaky.id)).at(-1)).toBe("FAILED");
    const ended = await getExecution(api(), sneaky.id);
    expect(ended.startedAt).toBeNull();
    expect(ended.errorMessage).toBe(
      `RUNNER_ALLOWED_PROGRAMS does not allow ${file("etl/sneaky.mjs")} on this runner ` +
        `(it resolves to ${realpathSync(root)}/outside.mjs); allowed: file:${root}/etl/. The program was not started.`,
    );
    expect(existsSync(join(root, "outside-ran"))).toBe(false);
  });

  it("after a restart with a narrower list, every way a run starts refuses what it no longer allows", async () => {
    // Made while the wide list holds: a failed run to restart, a schedule, a DAG and a webhook trigger of nightly.
    await defineTask(api(), "flaky", file("batch/fail.mjs"));
    const failed = await launch(api(), "flaky");
    expect(statuses(await allEvents(api(), failed.id)).at(-1)).toBe("FAILED");
    await api().ok(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
      i: { name: "nightly-at-3", task: "nightly", cron: "0 3 * * *" },
    });
    await dagClient(api()).createDag("flow", "nightly");
    const hook = await api().ok<{ createTrigger: { secret: string } }>(
      `mutation($i: CreateTriggerInput!) { createTrigger(input: $i) { secret } }`,
      { i: { name: "nightly-hook", task: "nightly" } },
    );

    const restarted = await restartControlPlane(narrow());
    expect(restarted.startLine).toContain(
      `programs may run only as BATON_ALLOWED_PROGRAMS allows: ${narrow().replace(";", "; ")}`,
    );

    // What a caller waits for: FORBIDDEN, and not a row written (no execution, no release, no audit).
    const before = await counts();
    const expected = `program ${file("batch/ok.mjs")} may not run in pool default; allowed there: file:${root}/batch/keep/ (every pool).`;
    const launched = await refusal(LAUNCH, { i: { task: "nightly" } });
    expect(launched).toEqual({
      code: "FORBIDDEN",
      message: `${expected} Run it in a pool that allows it, or set BATON_ALLOWED_PROGRAMS to allow it there.`,
    });
    const restart = await refusal(`mutation($id: ID!) { restartExecution(id: $id) { id } }`, { id: failed.id });
    expect(restart.code).toBe("FORBIDDEN");
    expect(restart.message).toContain(`program ${file("batch/fail.mjs")} may not run in pool default`);
    const verify = await refusal(`mutation($i: UpgradeTaskInput!) { upgradeTask(input: $i) { revision status } }`, {
      i: { task: "nightly", force: true, verify: { timeoutSeconds: 30 } },
    });
    expect(verify.code).toBe("FORBIDDEN");
    expect(verify.message).toContain(expected);
    const schedule = await refusal(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
      i: { name: "nightly-again", task: "nightly", cron: "0 4 * * *" },
    });
    expect(schedule.code).toBe("FORBIDDEN");
    expect(schedule.message).toContain(expected);
    const again = await refusal(REGISTER, { i: { name: "nightly-app", version: "2.0.0", uri: file("batch/ok.mjs") } });
    expect(again.code).toBe("FORBIDDEN");
    expect(await counts()).toEqual(before);

    // What starts runs by itself records the refusal and starts nothing.
    const yesterday3 = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1, 3),
    );
    const backfill = await api().ok<{
      backfillSchedule: { fires: { outcome: string; reason: string | null; executionId: string | null }[] };
    }>(
      `mutation($i: BackfillScheduleInput!) { backfillSchedule(input: $i) { fires { outcome reason executionId } } }`,
      { i: { name: "nightly-at-3", from: yesterday3.toISOString(), to: yesterday3.toISOString() } },
    );
    expect(backfill.backfillSchedule.fires).toEqual([
      { outcome: "FAILED", reason: `task nightly: ${launched.message}`, executionId: null },
    ]);

    const dagRun = await dagClient(api()).launchDag("flow");
    const ended = await api().ok<{
      dagRun: { status: string; errorMessage: string | null; nodes: { execution: unknown }[] };
    }>(`query($id: ID!) { dagRun(id: $id) { status errorMessage nodes { execution { id } } } }`, { id: dagRun.id });
    expect(ended.dagRun.status).toBe("FAILED");
    expect(ended.dagRun.errorMessage).toBe(`node nightly: ${launched.message}`);
    expect(ended.dagRun.nodes.every((n) => n.execution === null)).toBe(true);

    const body = JSON.stringify({ requestId: "r-1" });
    const res = await fetch(`${api().url.replace(/\/graphql$/, "")}/hooks/nightly-hook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-baton-signature-256": `sha256=${createHmac("sha256", hook.createTrigger.secret).update(body).digest("hex")}`,
        "x-baton-delivery": "delivery-1",
      },
      body,
    });
    const answer = (await res.json()) as { outcome?: string; reason?: string | null; executionId?: string | null };
    expect(answer).toMatchObject({
      outcome: "REJECTED",
      reason: `task nightly: ${launched.message}`,
      executionId: null,
    });

    // Not one execution came of any of it.
    expect((await counts()).executions).toBe(before.executions);

    // What the narrower list still allows runs.
    await defineTask(api(), "kept", file("batch/keep/kept.mjs"));
    const kept = await launch(api(), "kept");
    expect(statuses(await allEvents(api(), kept.id)).at(-1)).toBe("COMPLETED");
  });

  /** Stops the control plane and starts another on the same database and NATS prefix with this list. */
  async function restartControlPlane(list: string): Promise<{ startLine: string }> {
    const old = env.controlPlanes[0]!;
    await old.stop(5000);
    await env.api[0]!.close();
    const logFile = join(env.dir, "control-plane-2.log");
    const child: Child = startNodeChild(
      "cp-narrow",
      controlPlaneMain,
      {
        ...process.env,
        DATABASE_URL: env.databaseUrl,
        NATS_URL: env.natsUrl,
        BATON_NATS_PREFIX: env.prefix,
        PORT: "0",
        BATON_INSTANCE_ID: `cp-narrow-${env.prefix}`,
        BATON_RUNNER_LOST_AFTER_MS: "2500",
        BATON_DB_POOL: "5",
        BATON_ALLOWED_PROGRAMS: list,
      },
      logFile,
    );
    let stderr = "";
    child.process.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    env.controlPlanes[0] = child;
    const ready = await waitForLine(child, /ready: (http\S+)/, 30_000);
    env.api[0] = graphqlClient((ready.split("ready: ")[1] ?? "").trim());
    const startLine = await waitFor("the allowlist start line", async () =>
      stderr.split("\n").find((l) => l.includes("BATON_ALLOWED_PROGRAMS")),
    );
    return { startLine };
  }
});
