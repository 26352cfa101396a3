import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, getExecution, launch, statuses } from "./support/flows.js";

const TABLES = [
  "apps",
  "app_versions",
  "task_definitions",
  "releases",
  "executions",
  "step_executions",
  "execution_events",
];

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

  const snapshot = async () => {
    const counts: Record<string, number> = {};
    for (const t of TABLES) counts[t] = Number((await env.sql<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))[0]!.n);
    return counts;
  };

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
    ["not an execution id", `mutation { cancelExecution(id: "42") { id } }`, {}, "NOT_FOUND", /No execution 42/],
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

  it("answers a browser's CORS preflight so the console can call the API", async () => {
    const res = await fetch(env.api[0]!.url, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:3000", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toContain("x-baton-actor");
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
