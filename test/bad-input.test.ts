import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses } from "./support/flows.js";

describe("bad input gets a typed error and changes nothing", () => {
  let env: TestEnv;
  let okUri: string;
  beforeAll(async () => {
    env = await startEnv({ runners: 1 });
    okUri = env.script("ok.mjs", "console.log('ok')\n");
    await defineTask(env.api[0]!, "good", okUri);
    const gone = env.script("gone.mjs", "console.log('soon gone')\n");
    await defineTask(env.api[0]!, "vanishing", gone);
    await import("node:fs").then((fs) => fs.rmSync(new URL(gone)));
    await defineTask(env.api[0]!, "deleted", okUri);
    await env.api[0]!.ok(`mutation { deleteTask(name: "deleted") }`);
  });
  afterAll(() => env?.stop());

  // Every table of the public schema, audit and DAG tables included.
  const snapshot = () => tableCounts(env.sql);

  const cases: [string, string, Record<string, unknown>, string, RegExp][] = [
    [
      "unknown task",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "nope" } },
      "NOT_FOUND",
      /No task named nope/,
    ],
    [
      "unknown app",
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`,
      { i: { name: "t1", app: "ghost" } },
      "NOT_FOUND",
      /registerApp/,
    ],
    [
      "unknown version",
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`,
      { i: { name: "t2", app: "good-app", version: "9.9" } },
      "NOT_FOUND",
      /no version 9.9/,
    ],
    [
      "empty name",
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`,
      { i: { name: "", version: "1", uri: "file:///x.mjs" } },
      "BAD_USER_INPUT",
      /must not be empty/,
    ],
    [
      "300-character name",
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`,
      { i: { name: "a".repeat(300), version: "1", uri: "file:///x.mjs" } },
      "BAD_USER_INPUT",
      /at most 63/,
    ],
    [
      "relative URI",
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`,
      { i: { name: "rel", version: "1", uri: "jobs/x.mjs" } },
      "BAD_USER_INPUT",
      /file:\/\/\/absolute/,
    ],
    [
      "http URI",
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`,
      { i: { name: "web", version: "1", uri: "https://example.com/x.jar" } },
      "BAD_USER_INPUT",
      /unsupported scheme/,
    ],
    [
      "file missing at launch",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "vanishing" } },
      "BAD_USER_INPUT",
      /does not exist/,
    ],
    [
      "1 MB of arguments",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "good", arguments: Array(64).fill("x".repeat(16 * 1024)) } },
      "BAD_USER_INPUT",
      /limit is 262144/,
    ],
    [
      "properties not an object",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "good", properties: "{env: broken" } },
      "BAD_USER_INPUT",
      /must be a JSON object/,
    ],
    [
      "unknown property",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "good", properties: { timeout: 5 } } },
      "BAD_USER_INPUT",
      /Known properties/,
    ],
    [
      "wrong property type",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "good", properties: { env: { A: 1 } } } },
      "BAD_USER_INPUT",
      /properties\.env\.A/,
    ],
    [
      "deleted task",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "deleted" } },
      "NOT_FOUND",
      /No task named deleted/,
    ],
    [
      "duplicate task",
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`,
      { i: { name: "good", app: "good-app" } },
      "CONFLICT",
      /already exists/,
    ],
    [
      "same version, other URI",
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`,
      { i: { name: "good-app", version: "1.0.0", uri: "file:///other.mjs" } },
      "CONFLICT",
      /already registered/,
    ],
    ["not an execution id", `mutation { cancelExecution(id: "42") { id } }`, {}, "BAD_USER_INPUT", /must be a UUID/],
    [
      "not a DAG run id (cancel)",
      `mutation { cancelDagRun(id: "42") { id } }`,
      {},
      "BAD_USER_INPUT",
      /id must be a UUID/,
    ],
    [
      "not a DAG run id (restart)",
      `mutation($id: ID!) { restartDagRun(id: $id) { id } }`,
      { id: "not-a-uuid" },
      "BAD_USER_INPUT",
      /restartDagRun\.id must be a UUID, for example/,
    ],
    [
      "NUL in a name",
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`,
      { i: { name: "a\u0000b", version: "1", uri: "file:///x.mjs" } },
      "BAD_USER_INPUT",
      /registerApp\.input\.name contains a NUL character/,
    ],
    [
      "NUL in an idempotency key",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "good", idempotencyKey: "k\u0000" } },
      "BAD_USER_INPUT",
      /launchTask\.input\.idempotencyKey contains a NUL/,
    ],
    [
      "NUL in a reason",
      `mutation($i: UpgradeTaskInput!) { upgradeTask(input: $i) { revision } }`,
      { i: { task: "good", force: true, reason: "because\u0000" } },
      "BAD_USER_INPUT",
      /upgradeTask\.input\.reason contains a NUL/,
    ],
    [
      "NUL in an environment value",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "good", properties: { env: { REGION: "e\u0000u" } } } },
      "BAD_USER_INPUT",
      /launchTask\.input\.properties\.env\.REGION contains a NUL/,
    ],
    [
      "NUL in DSL arguments",
      `mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`,
      { i: { name: "nul-dag", definition: "good --day=\u0000" } },
      "BAD_USER_INPUT",
      /createDag\.input\.definition contains a NUL/,
    ],
    [
      "NUL in YAML text (literal)",
      `mutation { importDefinitions(input: { yaml: "apiVersion: baton/v1\\u0000" }) { tasksCreated } }`,
      {},
      "BAD_USER_INPUT",
      /importDefinitions\.input\.yaml contains a NUL/,
    ],
    [
      "a lone surrogate in an argument",
      `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`,
      { i: { task: "good", arguments: ["ok", "\ud800"] } },
      "BAD_USER_INPUT",
      /launchTask\.input\.arguments\[1\] contains a lone UTF-16 surrogate/,
    ],
    [
      "an escape sequence in a launch argument",
      `mutation { launchTask(input: { task: "good", arguments: ["\\u001b[2J"] }) { id } }`,
      {},
      "BAD_USER_INPUT",
      /control character U\+001B/,
    ],
    [
      "a subscription over HTTP POST",
      `subscription { executionEvents(executionId: "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3") { seq } }`,
      {},
      "BAD_REQUEST",
      /graphql-ws/,
    ],
    ["bad cursor", `{ executions(after: "garbage") { edges { cursor } } }`, {}, "BAD_USER_INPUT", /endCursor/],
    [
      "time range backwards",
      `{ executions(since: "2026-11-23T10:00:00Z", until: "2026-11-23T09:00:00Z") { edges { cursor } } }`,
      {},
      "BAD_USER_INPUT",
      /since must be before until/,
    ],
    ["missing required field", `mutation { launchTask(input: {}) { id } }`, {}, "GRAPHQL_VALIDATION_FAILED", /task/],
  ];

  it.each(cases)("%s", async (_label, query, variables, code, message) => {
    const before = await snapshot();
    const result = await env.api[0]!.request(query, variables);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it("ingests binary garbage and a 10 MB line without breaking", async () => {
    const uri = env.script(
      "noisy.mjs",
      `process.stdout.write(Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x41, 0xc3, 0x28, 0x0a]));
process.stdout.write("x".repeat(10 * 1024 * 1024) + "\\n");
console.log("after the long line");\n`,
    );
    await defineTask(env.api[0]!, "noisy", uri);
    const run = await launch(env.api[0]!, "noisy");
    const events = await allEvents(env.api[0]!, run.id, 60_000);
    expect(statuses(events).at(-1)).toBe("COMPLETED");
    const texts = events.filter((e) => e.kind === "LOG").map((e) => e.log!.text);
    expect(texts.some((t) => t.startsWith("xxxx") && t.length < 100 * 1024)).toBe(true);
    expect(texts).toContain("after the long line");
    expect(texts.join("")).not.toContain("\u0000");
    expect((await getExecution(env.api[0]!, run.id)).exitCode).toBe(0);
  });
});
