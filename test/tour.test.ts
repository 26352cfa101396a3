import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";

// README's "A five-minute tour", run as written: every command of its sh
// blocks, in order, through bash and curl, against a control plane and a
// runner of its own. Only what a reader must fill in is filled in: the API
// URL (the one `npm start` would print), the ids the earlier answers gave,
// and /tmp/jobs (a temp folder here). So the tour cannot rot unnoticed.
const run = promisify(execFile);
const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..");
const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The tour's commands: one per line, a heredoc kept whole; comments and answers left out. */
function tourCommands(): string[] {
  const start = readme.indexOf("## A five-minute tour");
  const end = readme.indexOf("### App URIs and how they run");
  const tour = readme.slice(start, end);
  const blocks = [...tour.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const commands: string[] = [];
  for (const block of blocks) {
    const lines = block.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (!line.trim() || line.trimStart().startsWith("#")) continue;
      if (line.includes("<<'EOF'")) {
        const close = lines.indexOf("EOF", i);
        commands.push(lines.slice(i, close + 1).join("\n"));
        i = close;
      } else commands.push(line);
    }
  }
  return commands;
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe("README: the five-minute tour", () => {
  let env: TestEnv;
  let work: string;
  const commands = tourCommands();
  const answers = new Map<string, Answer>();

  beforeAll(async () => {
    env = await startEnv();
    work = mkdtempSync(join(tmpdir(), "baton-tour-"));
    symlinkSync(join(repoRoot, "examples"), join(work, "examples"));
    symlinkSync(join(repoRoot, "scripts"), join(work, "scripts"));
  });
  afterAll(async () => {
    await env?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("has the commands this test knows how to fill in", () => {
    expect(commands.find((c) => c.startsWith("API="))).toBeDefined();
    expect(commands.find((c) => c.startsWith("gql() {"))).toContain('"$API"');
    expect(commands.filter((c) => c.startsWith("gql ")).length).toBeGreaterThan(20);
    // The tour's names are its own: the seed's (examples/seed.mjs) are not used.
    const seed = readFileSync(join(repoRoot, "examples", "seed.mjs"), "utf8");
    for (const name of ["expire-passes", "gym-nightly"]) {
      expect(seed).toContain(`"${name}"`);
      expect(commands.join("\n")).not.toContain(`\\"${name}\\"`);
    }
  });

  it("runs every command against a real control plane, with the answers the README describes", async () => {
    const api = env.api[0]!.url;
    const jobs = join(work, "jobs");
    const ids: Record<string, string> = {};
    const fill = (command: string) =>
      command
        .replaceAll("/tmp/jobs", jobs)
        .replace(/^API=\S+/, `API=${api}`)
        .replaceAll("<id from step 3>", ids.execution ?? "<missing>")
        .replaceAll("<id>", ids.execution ?? "<missing>")
        .replaceAll("<run id>", ids.dagRun ?? "<missing>");
    const preamble = commands.filter((c) => c.startsWith("API=") || c.startsWith("gql() {")).map(fill);
    for (const command of commands) {
      if (command.startsWith("API=") || command.startsWith("gql() {")) continue;
      const script = [...preamble, fill(command)].join("\n");
      const { stdout } = await run("bash", ["-c", script], { cwd: work, timeout: 120_000 });
      if (command.startsWith("node scripts/watch.mjs")) {
        expect(stdout).toContain("STATUS COMPLETED (exited with code 0)");
        expect(stdout).toContain("stdout: expiring passes as of 2026-11-23 in eu");
        continue;
      }
      if (command.startsWith("SECRET=")) {
        // The signed webhook: a run started.
        expect(JSON.parse(stdout), stdout).toMatchObject({ outcome: "STARTED", replayed: false });
        continue;
      }
      if (!command.startsWith("gql")) continue;
      if (command.includes("> baton.yaml")) {
        expect(readFileSync(join(work, "baton.yaml"), "utf8")).toContain("expire-trial-passes");
        continue;
      }
      const answer = JSON.parse(stdout) as Answer;
      answers.set(command, answer);
      const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
      expect(codes, `${command}\n${stdout}`).not.toContain("INTERNAL_SERVER_ERROR");
      const data = answer.data ?? {};
      if (command.includes("idempotencyKey")) {
        expect(data.launchTask, `${stdout}\nafter: ${JSON.stringify([...answers.values()])}`).toBeDefined();
        ids.execution = (data.launchTask as { id: string }).id;
      }
      if (command.includes("launchDag(")) {
        expect(data.launchDag, stdout).toBeDefined();
        ids.dagRun = (data.launchDag as { id: string }).id;
      }
    }
    const find = (part: string) => {
      const entry = [...answers.entries()].find(([c]) => c.includes(part));
      expect(entry, part).toBeDefined();
      return entry?.[1] as Answer;
    };
    // Everything documented to work did, with no error.
    for (const part of [
      "registerApp(",
      "createTask(",
      "execution(id:",
      "stepStatistics(",
      "releaseDiff(",
      "rollbackTask(",
      "auditRecords(",
      "importAppRegistry(",
      "importDefinitions(",
      "createDag(",
      "launchDag(",
      "dagRun(id:",
      "createSchedule(",
      "backfillSchedule(",
      "createTrigger(",
      "trigger(name:",
    ])
      expect(find(part).errors, part).toBeUndefined();
    expect(find("execution(id:").data?.execution).toMatchObject({ status: "COMPLETED", exitCode: 0 });
    expect(find("importAppRegistry(").data?.importAppRegistry).toEqual({
      appVersionsRegistered: 2,
      skipped: ["line 14: source.http is a stream app (source); Baton runs tasks only."],
    });
    // The upgrade's properties replace the task's: the README repeats timeoutSeconds to keep it.
    const verified = find("verify: {").data?.upgradeTask as { status: string };
    expect(verified.status).toBe("DEPLOYED");
    // parseDag: the valid definition answers a graph, the invalid one says where and why.
    const valid = find('parseDag(definition: \\"expire-trial-passes && <recheck').data?.parseDag;
    expect(valid).toMatchObject({ ok: true, errors: [] });
    const invalid = find('parseDag(definition: \\"expire-trial-passes && <report || export>').data?.parseDag as {
      ok: boolean;
      errors: { line: number; column: number; message: string }[];
    };
    expect(invalid).toEqual({
      ok: false,
      nodes: [],
      errors: [
        { line: 1, column: 25, message: "unknown task 'report': create the task first, or check the spelling" },
        { line: 1, column: 35, message: "unknown task 'export': create the task first, or check the spelling" },
      ],
    });
    // Schedules: two nights backfilled; the cron check says where and why.
    expect(find("backfillSchedule(").data?.backfillSchedule).toEqual({ fireTimes: 2, created: 2, alreadyFired: 0 });
    const cron = find('previewCron(cron: \\"61').data?.previewCron as { valid: boolean; error: string };
    expect(cron.valid).toBe(false);
    expect(cron.error).toContain("61 is out of range 0-59");
    const trigger = find("trigger(name:").data?.trigger as { events: { outcome: string; source: string }[] };
    const events = trigger.events;
    expect(events).toEqual([expect.objectContaining({ outcome: "STARTED", source: "HTTP" })]);
    // Bad input: a typed error with a sentence.
    const bad = find("properties: { timeout: 5 }");
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toContain('Unrecognized key: "timeout"');
  });

  it("refuses an empty registry import, or one with only stream apps, with a typed error", async () => {
    const api = env.api[0]!;
    for (const properties of [
      "",
      "# nothing here\n",
      "source.http=docker:springcloudstream/http-source-rabbit:5.0.0\n",
    ]) {
      const answer = await api.request(
        "mutation($i: ImportAppRegistryInput!) { importAppRegistry(input: $i) { appVersionsRegistered } }",
        { i: { properties } },
      );
      expect(answer.errors?.[0]?.extensions?.code, properties).toBe("BAD_USER_INPUT");
      expect(answer.errors?.[0]?.message).toContain("The registry file has no task.<name>=<uri> lines");
    }
  });
  it("says, and does, that an upgrade's properties replace the task's: what is not repeated is removed", async () => {
    const api = env.api[0]!;
    const uri = env.script("props.mjs", "console.log('props')\n");
    await api.ok(`mutation { registerApp(input: { name: "props-app", version: "1.0.0", uri: "${uri}" }) { version } }`);
    await api.ok(
      `mutation { createTask(input: { name: "props-task", app: "props-app",
        properties: { env: { REGION: "eu", TIER: "gold" }, timeoutSeconds: 600 } }) { name } }`,
    );
    const upgraded = await api.ok<{ upgradeTask: { revision: number; manifest: { properties: unknown } } }>(
      `mutation { upgradeTask(input: { task: "props-task", properties: { env: { REGION: "us" } } }) { revision manifest } }`,
    );
    expect(upgraded.upgradeTask.manifest.properties).toEqual({ env: { REGION: "us" } });
    const diff = await api.ok<{ releaseDiff: { changes: { path: string; kind: string }[] } }>(
      `{ releaseDiff(task: "props-task", from: 1, to: ${upgraded.upgradeTask.revision}) { changes { path kind } } }`,
    );
    expect(diff.releaseDiff.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "properties.timeoutSeconds", kind: expect.stringMatching(/^removed$/i) }),
        expect.objectContaining({ path: "properties.env.TIER", kind: expect.stringMatching(/^removed$/i) }),
      ]),
    );
    // ...and the API says so where a client looks: the input field's description.
    const schema = await api.ok<{ __type: { inputFields: { name: string; description: string }[] } }>(
      `{ __type(name: "UpgradeTaskInput") { inputFields { name description } } }`,
    );
    const field = schema.__type.inputFields.find((f) => f.name === "properties");
    expect(field?.description).toContain("nothing is merged");
    expect(field?.description).toContain("is removed");
  });
});
