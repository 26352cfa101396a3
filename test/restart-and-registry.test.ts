import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses, waitFor } from "./support/flows.js";

// Two steps; the second fails on its first attempt after checkpointing, and
// on a restart skips what BATON_RESUME says is done and resumes from the checkpoint.
const JOB = `
const mark = (o) => console.log("::baton::" + JSON.stringify({ v: 1, ...o }));
const resume = process.env.BATON_RESUME ? JSON.parse(process.env.BATON_RESUME) : null;
console.log("resume " + JSON.stringify(resume));
if (!resume?.completedSteps.includes("load")) {
  mark({ type: "step", step: "load", status: "STARTED" });
  mark({ type: "step", step: "load", status: "COMPLETED", read: 10, write: 10 });
}
const from = resume?.checkpoints.export?.offset ?? 0;
mark({ type: "step", step: "export", status: "STARTED", read: from });
if (!resume) {
  mark({ type: "checkpoint", step: "export", state: { offset: 500 } });
  process.exit(1);
}
mark({ type: "step", step: "export", status: "COMPLETED", read: 1000, write: 1000 });
`;

describe("restart and the app registry", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv();
    await defineTask(env.api[0]!, "export", env.script("export.mjs", JOB), { arguments: ["--month", "11"] });
  });
  afterAll(() => env?.stop());

  it("restarts a failed execution from its checkpoint, skipping completed steps", async () => {
    const api = env.api[0]!;
    const first = await launch(api, "export", { arguments: ["x"] });
    expect(statuses(await allEvents(api, first.id)).at(-1)).toBe("FAILED");
    const restarted = await api.ok<{
      restartExecution: { id: string; arguments: string[]; restartOf: { id: string } };
    }>(`mutation($id: ID!) { restartExecution(id: $id) { id arguments restartOf { id } } }`, { id: first.id });
    const second = restarted.restartExecution;
    expect(second.id).not.toBe(first.id);
    expect(second.restartOf.id).toBe(first.id);
    expect(second.arguments).toEqual(["--month", "11", "x"]);
    const events = await allEvents(api, second.id);
    expect(statuses(events).at(-1)).toBe("COMPLETED");
    const resumeLine = events.find((e) => e.log?.text.startsWith("resume "))?.log?.text ?? "";
    expect(JSON.parse(resumeLine.slice("resume ".length))).toEqual({
      restartOf: first.id,
      completedSteps: ["load"],
      checkpoints: { export: { offset: 500 } },
    });
    const steps = (await getExecution(api, second.id)).steps;
    expect(steps.map((s) => `${s.name}:${s.status}`)).toEqual(["export:COMPLETED"]);
  });

  it("a restart of a restart still skips what the first run completed", async () => {
    const api = env.api[0]!;
    // load completes on attempt 1; export fails on attempts 1 and 2, then passes.
    const counter = `${env.dir}/attempts`;
    const uri = env.script(
      "twice.mjs",
      `import { existsSync, readFileSync, writeFileSync } from "node:fs";
const attempt = (existsSync(${JSON.stringify(counter)}) ? Number(readFileSync(${JSON.stringify(counter)}, "utf8")) : 0) + 1;
writeFileSync(${JSON.stringify(counter)}, String(attempt));
const mark = (o) => console.log("::baton::" + JSON.stringify({ v: 1, ...o }));
const resume = process.env.BATON_RESUME ? JSON.parse(process.env.BATON_RESUME) : { completedSteps: [], checkpoints: {} };
if (!resume.completedSteps.includes("load")) {
  console.log("load ran");
  mark({ type: "step", step: "load", status: "COMPLETED", read: 5 });
}
mark({ type: "step", step: "export", status: "STARTED" });
mark({ type: "checkpoint", step: "export", state: { attempt } });
process.exitCode = attempt < 3 ? 1 : 0;
`,
    );
    await defineTask(api, "twice", uri);
    const first = await launch(api, "twice");
    await allEvents(api, first.id);
    let previous = first.id;
    const logs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const next = await api.ok<{ restartExecution: { id: string } }>(
        `mutation($id: ID!) { restartExecution(id: $id) { id } }`,
        {
          id: previous,
        },
      );
      const events = await allEvents(api, next.restartExecution.id);
      logs.push(...events.filter((e) => e.kind === "LOG").map((e) => e.log!.text));
      previous = next.restartExecution.id;
    }
    expect((await getExecution(api, previous)).status).toBe("COMPLETED");
    expect(logs).not.toContain("load ran");
    const [row] = await env.sql<{ spec: { env: { BATON_RESUME: string } } }>(
      `SELECT spec FROM executions WHERE id = $1`,
      [previous],
    );
    const resume = JSON.parse(row!.spec.env.BATON_RESUME);
    expect(resume.completedSteps).toEqual(["load"]);
    expect(resume.checkpoints.export).toEqual({ attempt: 2 });
  });

  it("refuses to restart a completed or running execution, and writes nothing", async () => {
    const api = env.api[0]!;
    const release = join(env.dir, "release-held");
    await defineTask(
      api,
      "held",
      env.script(
        "held.mjs",
        `import { existsSync } from "node:fs";
console.log("holding");
while (!existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 20));
`,
      ),
    );
    const done = await launch(api, "held", { arguments: ["done"] });
    const running = await launch(api, "held", { arguments: ["running"] });
    // Both are RUNNING and have printed their only line before the release: nothing else is written meanwhile.
    await waitFor("both runs to be RUNNING and to have printed", async () => {
      const rows = await env.sql<{ id: string }>(
        `SELECT e.id FROM executions e JOIN execution_event_log ev ON ev."executionId" = e.id AND ev.kind = 'LOG'
          WHERE e.id = ANY($1) AND e.status = 'RUNNING'`,
        [[done.id, running.id]],
      );
      return rows.length === 2;
    });
    const refused = async (id: string, status: string) => {
      const before = await tableCounts(env.sql);
      const result = await api.request(`mutation($id: ID!) { restartExecution(id: $id) { id } }`, { id });
      expect(result.errors?.[0]?.extensions?.code).toBe("CONFLICT");
      expect(result.errors?.[0]?.message).toContain(status);
      expect(await tableCounts(env.sql)).toEqual(before);
    };
    await refused(running.id, "RUNNING");
    writeFileSync(release, "");
    expect(statuses(await allEvents(api, done.id)).at(-1)).toBe("COMPLETED");
    expect(statuses(await allEvents(api, running.id)).at(-1)).toBe("COMPLETED");
    await refused(done.id, "COMPLETED");
  });

  it("unregisters an app version only when no task's current release uses it", async () => {
    const api = env.api[0]!;
    const uri = env.script("v2.mjs", "console.log('v2')\n");
    await api.ok(
      `mutation { registerApp(input: { name: "export-app", version: "2.0.0", uri: "${uri}" }) { version } }`,
    );
    const inUse = await api.request(
      `mutation { unregisterAppVersion(input: { name: "export-app", version: "1.0.0" }) }`,
    );
    expect(inUse.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(inUse.errors?.[0]?.message).toMatch(/task\(s\) export/);
    const unused = await api.ok<{ unregisterAppVersion: boolean }>(
      `mutation { unregisterAppVersion(input: { name: "export-app", version: "2.0.0" }) }`,
    );
    expect(unused.unregisterAppVersion).toBe(true);
    const app = await api.ok<{ app: { versions: { version: string }[]; defaultVersion: { version: string } } }>(
      `{ app(name: "export-app") { versions { version } defaultVersion { version } } }`,
    );
    expect(app.app.versions.map((v) => v.version)).toEqual(["1.0.0"]);
    expect(app.app.defaultVersion.version).toBe("1.0.0");
    const again = await api.request(
      `mutation { unregisterAppVersion(input: { name: "export-app", version: "2.0.0" }) }`,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("switches an app's default version, and refuses an unknown one", async () => {
    const api = env.api[0]!;
    for (const v of ["1.0.0", "3.0.0"]) {
      const uri = env.script(`switch-${v}.mjs`, `console.log("${v}")\n`);
      await api.ok(
        `mutation { registerApp(input: { name: "switch-app", version: "${v}", uri: "${uri}" }) { version } }`,
      );
    }
    const before = await api.ok<{ app: { defaultVersion: { version: string } } }>(
      `{ app(name: "switch-app") { defaultVersion { version } } }`,
    );
    expect(before.app.defaultVersion.version).toBe("1.0.0");
    const set = await api.ok<{ setDefaultAppVersion: { defaultVersion: { version: string } } }>(
      `mutation { setDefaultAppVersion(input: { name: "switch-app", version: "3.0.0" }) { defaultVersion { version } } }`,
    );
    expect(set.setDefaultAppVersion.defaultVersion.version).toBe("3.0.0");
    const bad = await api.request(
      `mutation { setDefaultAppVersion(input: { name: "switch-app", version: "9" }) { name } }`,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const after = await api.ok<{ app: { defaultVersion: { version: string } } }>(
      `{ app(name: "switch-app") { defaultVersion { version } } }`,
    );
    expect(after.app.defaultVersion.version).toBe("3.0.0");
  });

  it("lists the runners that send heartbeats", async () => {
    const data = await env.api[0]!.ok<{ runners: { id: string; platform: string; capacity: number }[] }>(
      `{ runners { id platform capacity } }`,
    );
    expect(data.runners).toEqual([expect.objectContaining({ platform: "local", capacity: 4 })]);
  });

  it("deleting a task keeps its executions readable", async () => {
    const api = env.api[0]!;
    await defineTask(api, "short-lived", env.script("s.mjs", "console.log(1)\n"));
    const run = await launch(api, "short-lived");
    await allEvents(api, run.id);
    await api.ok(`mutation { deleteTask(name: "short-lived") }`);
    const after = await api.ok<{ task: null; execution: { task: { name: string; deletedAt: string | null } } }>(
      `query($id: ID!) { task(name: "short-lived") { name } execution(id: $id) { task { name deletedAt } } }`,
      { id: run.id },
    );
    expect(after.task).toBeNull();
    expect(after.execution.task.name).toBe("short-lived");
    expect(after.execution.task.deletedAt).not.toBeNull();
    // The name is free again for a new task; the old one's history stays apart.
    const again = await api.ok<{ createTask: { name: string } }>(
      `mutation { createTask(input: { name: "short-lived", app: "short-lived-app" }) { name } }`,
    );
    expect(again.createTask.name).toBe("short-lived");
  });
});
