import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, type EventShape, getExecution, launch, statuses } from "./support/flows.js";

// Secrets by reference, end to end: a real runner with BATON_SECRET_DB in its environment and a
// RUNNER_SECRETS_DIR holding a file; the program gets both values, and neither the values nor their
// base64 form appear in the log lines, the events, anything published on NATS, or any table in Postgres.

const DB_VALUE = `db-pass-${randomBytes(8).toString("hex")}`;
const FILE_VALUE = `api-key-${randomBytes(8).toString("hex")}`;
const base64 = (value: string): string => Buffer.from(value).toString("base64");
const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");
/** Everything that must never be stored or published. */
const FORBIDDEN = [DB_VALUE, FILE_VALUE, base64(DB_VALUE), base64(FILE_VALUE)];

// Prints its secrets plainly, base64-encoded and in a step line (its exit message); prints their hashes (safe to show);
// writes them to $OUT so the test can check what the program really got; leaves $MARKER once it ran.
const PROGRAM = `import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
writeFileSync(process.env.MARKER, "ran");
const { DB, KEY } = process.env;
const hash = (v) => createHash("sha256").update(v ?? "").digest("hex");
console.log("db=" + DB + " key=" + KEY);
console.error("basic " + Buffer.from(DB).toString("base64") + " " + Buffer.from(KEY).toString("base64"));
console.log("::baton::" + JSON.stringify({ v: 1, type: "exit-message", message: "used " + KEY }));
console.log("hashes " + hash(DB) + " " + hash(KEY));
writeFileSync(process.env.OUT, JSON.stringify({ DB, KEY }));
`;

describe("secrets by reference", () => {
  let env: TestEnv;
  let secretsDir: string;
  let nc: NatsConnection;
  /** Every message published under this installation's prefix while the tests ran. */
  const published: string[] = [];

  beforeAll(async () => {
    secretsDir = mkdtempSync(join(tmpdir(), "baton-secrets-dir-"));
    writeFileSync(join(secretsDir, "api-key"), `${FILE_VALUE}\n`);
    env = await startEnv({ runnerEnv: { BATON_SECRET_DB: DB_VALUE, RUNNER_SECRETS_DIR: secretsDir } });
    nc = await connect({ servers: env.natsUrl });
    nc.subscribe(`${env.prefix}.>`, {
      callback: (_err, msg) => {
        published.push(`${msg.subject} ${msg.string()}`);
      },
    });
    await nc.flush();
    const uri = env.script("print-secrets.mjs", PROGRAM);
    mkdirSync(join(env.dir, "out"));
    await defineTask(env.api[0]!, "uses-secrets", uri, {
      properties: { secrets: { DB: "env:BATON_SECRET_DB" } },
    });
    await defineTask(env.api[0]!, "reads-path", uri, { properties: { secrets: { DB: "env:PATH" } } });
    writeFileSync(join(env.dir, "outside.txt"), "not a secret of the runner\n");
    await defineTask(env.api[0]!, "reads-outside", uri, {
      properties: { secrets: { DB: "env:BATON_SECRET_DB", KEY: `file:${join(env.dir, "outside.txt")}` } },
    });
  });
  afterAll(async () => {
    await nc?.close();
    await env?.stop();
    rmSync(secretsDir, { recursive: true, force: true });
  });

  /** Launches `task` with $OUT and $MARKER set; returns the run, its events and those paths. */
  async function run(task: string, properties: Record<string, unknown> = {}) {
    const id = randomBytes(4).toString("hex");
    const out = join(env.dir, "out", `${id}.json`);
    const marker = join(env.dir, "out", `${id}.ran`);
    const started = await launch(env.api[0]!, task, {
      properties: { ...properties, env: { OUT: out, MARKER: marker } },
    });
    const events = await allEvents(env.api[0]!, started.id);
    return { id: started.id, events, out, marker };
  }

  const logs = (events: EventShape[]) => events.flatMap((e) => (e.log ? [`${e.log.stream}:${e.log.text}`] : []));

  it("gives the program the values and stores, publishes and shows only ***", async () => {
    // The task references the runner's variable; this launch adds a file under RUNNER_SECRETS_DIR.
    const { id, events, out } = await run("uses-secrets", {
      secrets: { KEY: `file:${join(secretsDir, "api-key")}` },
    });
    expect(statuses(events).at(-1)).toBe("COMPLETED");
    // What the program really got (one trailing newline of the file is not part of the secret).
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({ DB: DB_VALUE, KEY: FILE_VALUE });

    const lines = logs(events);
    expect(lines).toContain("stdout:db=*** key=***");
    expect(lines).toContain("stderr:basic *** ***");
    expect(lines).toContain(`stdout:hashes ${sha256(DB_VALUE)} ${sha256(FILE_VALUE)}`);
    const stored = await env.api[0]!.ok<{ execution: { logs: { text: string }[] } }>(
      `query($id: ID!) { execution(id: $id) { logs { text } } }`,
      { id },
    );
    expect(stored.execution.logs.map((l) => l.text)).toContain("db=*** key=***");
    expect((await getExecution(env.api[0]!, id)).exitMessage).toBe("used ***");

    // GraphQL shows the references, never a value.
    const release = await env.api[0]!.ok<{ task: { currentRelease: { manifest: { properties: unknown } } } }>(
      `{ task(name: "uses-secrets") { currentRelease { manifest } } }`,
    );
    expect(release.task.currentRelease.manifest.properties).toEqual({ secrets: { DB: "env:BATON_SECRET_DB" } });

    const everything = JSON.stringify(events);
    for (const value of FORBIDDEN) expect(everything, "events").not.toContain(value);
    // The hash the program printed is in the stored log and went over NATS.
    await expectNowhere(FORBIDDEN, sha256(DB_VALUE));
  });

  it("fails a run whose reference the runner refuses, naming it and the rule, without starting the program", async () => {
    const cases: Array<[string, RegExp]> = [
      [
        "reads-path",
        /^secret DB \(env:PATH\): refused; env: references may read only the runner's variables whose names start with BATON_SECRET_/,
      ],
      [
        "reads-outside",
        /^secret KEY \(file:.*outside\.txt\): refused; the file is not under the runner's RUNNER_SECRETS_DIR \(.*\) once links and "\.\." are resolved$/,
      ],
    ];
    for (const [task, message] of cases) {
      const { id, events, marker } = await run(task);
      expect(statuses(events).at(-1), task).toBe("FAILED");
      expect(statuses(events), task).not.toContain("RUNNING");
      const execution = await getExecution(env.api[0]!, id);
      expect(execution.errorMessage, task).toMatch(message);
      expect(execution.startedAt, task).toBeNull();
      expect(existsSync(marker), `${task} must not have started its program`).toBe(false);
      for (const value of FORBIDDEN) expect(execution.errorMessage).not.toContain(value);
    }
    await expectNowhere(FORBIDDEN, "secret DB (env:PATH): refused");
  });

  it("refuses a value where a reference belongs, with an example, and stores nothing of it", async () => {
    const typo = `typed-in-${randomBytes(6).toString("hex")}`;
    const result = await env.api[0]!.request(`mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`, {
      i: { task: "uses-secrets", properties: { secrets: { KEY: typo } } },
    });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error?.message).toMatch(
      /properties\.secrets\.KEY: secrets values are references, never the secret itself: "env:BATON_SECRET_DB_PASSWORD"/,
    );
    expect(error?.message).not.toContain(typo);
    expect(await tablesHolding(typo)).toEqual([]);
  });

  /** The tables of Postgres (any schema, every row as text) that hold `value` somewhere. */
  async function tablesHolding(value: string): Promise<string[]> {
    const tables = await env.sql<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["executions", "execution_events", "audit_records"]),
    );
    const holding: string[] = [];
    for (const { schema, name } of tables) {
      const found = await env.sql<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}"."${name}" t WHERE strpos(t::text, $1) > 0`,
        [value],
      );
      if (Number(found[0]?.n) > 0) holding.push(`${schema}.${name}`);
    }
    return holding;
  }

  /**
   * No table of Postgres and no message published on NATS holds any of
   * `values`; `present`, which the run did store and publish, is found by the
   * same scans (so they do look).
   */
  async function expectNowhere(values: string[], present: string): Promise<void> {
    expect(await tablesHolding(present)).not.toEqual([]);
    await nc.flush();
    expect(published.join("\n")).toContain(present);
    for (const value of values) {
      expect(await tablesHolding(value), "tables holding a secret value").toEqual([]);
      expect(published.join("\n"), "NATS").not.toContain(value);
    }
  }
});
