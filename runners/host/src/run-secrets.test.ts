import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Driver, decode, type RunCommand, type RunEvent, type RunSpec, runEvent } from "@baton/proto";
import { createLocalProcessDriver } from "@baton/runner-local-process";
import { afterAll, describe, expect, it } from "vitest";
import { Execution } from "./run.js";

// Secrets through the host's Execution with the real local-process driver: resolved before the
// program starts, masked in every event, and a reference the runner refuses fails the run unstarted.

const root = mkdtempSync(join(tmpdir(), "baton-run-secrets-"));
const secretsDir = join(root, "secrets");
mkdirSync(secretsDir);
writeFileSync(join(secretsDir, "api-key"), "file-secret-value\n");
const ENV_VALUE = "env-secret-value";
const runnerEnv = { BATON_SECRET_DB: ENV_VALUE, RUNNER_SECRETS_DIR: secretsDir, PATH: process.env.PATH };

// Prints its secret variables plainly and base64-encoded, and leaves a marker that it ran.
const program = join(root, "print.mjs");
writeFileSync(
  program,
  `import { writeFileSync } from "node:fs";
writeFileSync(process.env.MARKER, "ran");
console.log("db=" + process.env.DB + " key=" + process.env.KEY);
console.error(Buffer.from(process.env.DB).toString("base64"));
console.log("::baton::" + JSON.stringify({ v: 1, type: "step", step: "s", status: "COMPLETED", message: process.env.KEY }));
writeFileSync(process.env.OUT, JSON.stringify({ db: process.env.DB, key: process.env.KEY }));
`,
);

const driver = createLocalProcessDriver({ env: runnerEnv });
afterAll(async () => {
  await driver.close?.();
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
async function run(secrets: Record<string, string>, using: Driver = driver) {
  const id = `sec-${process.pid}-${++n}`;
  const marker = join(root, `${id}.ran`);
  const out = join(root, `${id}.json`);
  const spec: RunSpec = {
    uri: `file://${program}`,
    arguments: [],
    env: { MARKER: marker, OUT: out },
    graceMs: 1000,
    secrets,
  };
  const command: RunCommand = { v: 1, executionId: id, task: "t", revision: 1, platform: "local", pool: "p", spec };
  const events: RunEvent[] = [];
  const execution = new Execution(command, {
    driver: using,
    runnerId: "r",
    subject: `secrets.${id}`,
    publish: async (_subject, data) => {
      events.push(decode(runEvent, data));
    },
    log: () => {},
    secretEnv: runnerEnv,
  });
  await execution.done;
  return { events, marker, out };
}

describe("secrets in a run", () => {
  it("gives the program its values and publishes none of them", async () => {
    const { events, out } = await run({ DB: "env:BATON_SECRET_DB", KEY: `file:${secretsDir}/api-key` });
    expect(events.at(-1)).toMatchObject({ type: "exited", reason: "exit", exitCode: 0 });
    expect(JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(out, "utf8")))).toEqual({
      db: ENV_VALUE,
      key: "file-secret-value",
    });
    const published = JSON.stringify(events);
    for (const secret of [ENV_VALUE, "file-secret-value", Buffer.from(ENV_VALUE).toString("base64")]) {
      expect(published).not.toContain(secret);
    }
    const lines = events.flatMap((e) => (e.type === "log" ? e.lines.map((l) => `${l.stream}:${l.text}`) : []));
    expect(lines).toContain("stdout:db=*** key=***");
    expect(lines).toContain("stderr:***");
    expect(events.find((e) => e.type === "report")).toMatchObject({ record: { message: "***" } });
  });

  it("fails a run whose reference the runner refuses, before its program starts", async () => {
    for (const [ref, rule] of [
      ["env:PATH", /env: references may read only the runner's variables whose names start with BATON_SECRET_/],
      [`file:${root}/print.mjs`, /not under the runner's RUNNER_SECRETS_DIR/],
    ] as const) {
      const { events, marker } = await run({ DB: "env:BATON_SECRET_DB", X: ref });
      expect(events.map((e) => e.type)).toEqual(["exited"]);
      const exited = events[0] as Extract<RunEvent, { type: "exited" }>;
      expect(exited).toMatchObject({ reason: "error", exitCode: null });
      expect(exited.message).toMatch(new RegExp(`^secret X \\(${ref.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\): `));
      expect(exited.message).toMatch(rule);
      expect(existsSync(marker)).toBe(false);
    }
  });

  it("masks the output of a run adopted after a restart, and a platform's exit message", async () => {
    const value = ENV_VALUE;
    const adopting: Driver = {
      kind: "local",
      start: () => Promise.reject(new Error("not used")),
      cancel: async () => {},
      async recover(_run, _handle, io) {
        io.stdout(Buffer.from(`still printing ${value}\n`));
        return {
          handle: { pid: 1 },
          exited: Promise.resolve({ exitCode: 1, signal: null, message: `died: ${value}` }),
        };
      },
    };
    const spec: RunSpec = {
      uri: "file:///x",
      arguments: [],
      env: {},
      graceMs: 0,
      secrets: { DB: "env:BATON_SECRET_DB" },
    };
    const command: RunCommand = {
      v: 1,
      executionId: "adopted",
      task: "t",
      revision: 1,
      platform: "local",
      pool: "p",
      spec,
    };
    const events: RunEvent[] = [];
    const execution = new Execution(command, {
      driver: adopting,
      recovered: {
        command,
        handle: { pid: 1 },
        startedAt: new Date().toISOString(),
        rseq: 2,
        stdoutLines: 0,
        stderrLines: 0,
        cancelGraceMs: null,
      },
      runnerId: "r",
      subject: "secrets.adopted",
      publish: async (_subject, data) => {
        events.push(decode(runEvent, data));
      },
      log: () => {},
      secretEnv: runnerEnv,
    });
    await execution.done;
    expect(JSON.stringify(events)).not.toContain(value);
    expect(events.at(-1)).toMatchObject({ type: "exited", message: "died: ***" });
  });
});
