import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus } from "./support/flows.js";
import { whileFile } from "./support/gate.js";

// relaunchExecution: a new run of an ended execution's task with the same arguments and the properties it
// was launched with (kept apart from the task's), either changed by the input. The program prints what it
// got, so each check is of what the relaunched process really received.

let env: TestEnv;
let gate: string;

interface Seen {
  args: string[];
  region?: string;
  mode?: string;
  pw?: string;
}

const RUN = `id status arguments launchProperties origin { kind actor relaunchOf }`;

async function seen(id: string): Promise<Seen> {
  await untilStatus(env.api[0]!, id, ["COMPLETED"]);
  const { execution } = await env.api[0]!.ok<{ execution: { logs: { text: string }[] } }>(
    `query($id: ID!) { execution(id: $id) { logs { text } } }`,
    { id },
  );
  const line = execution.logs.find((l) => l.text.startsWith("{"));
  return JSON.parse(line!.text) as Seen;
}

async function relaunch(input: Record<string, unknown>) {
  return env.api[0]!.request<{ relaunchExecution: { id: string; launchProperties: unknown; origin: unknown } }>(
    `mutation($i: RelaunchExecutionInput!) { relaunchExecution(input: $i) { ${RUN} } }`,
    { i: input },
  );
}

const count = async () => (await env.sql<{ n: number }>(`SELECT count(*)::int AS n FROM executions`))[0]!.n;

beforeAll(async () => {
  env = await startEnv({ runners: 1 });
  gate = join(env.dir, "relaunch.hold");
  const program = env.script(
    "relaunch.mjs",
    `${whileFile(gate)}
console.log(JSON.stringify({ args: process.argv.slice(2), region: process.env.REGION, mode: process.env.MODE, pw: process.env.DB_PASSWORD }));
`,
  );
  await defineTask(env.api[0]!, "relaunched", program, { properties: { env: { REGION: "task", MODE: "task" } } });
});
afterAll(() => env?.stop());

describe("relaunchExecution", () => {
  it("runs again with the same arguments and launch properties, masked where the API shows them", async () => {
    const first = await launch(env.api[0]!, "relaunched", {
      arguments: ["two words", "x"],
      properties: { env: { REGION: "launch", DB_PASSWORD: "hunter2" } },
    });
    expect(await seen(first.id)).toEqual({ args: ["two words", "x"], region: "launch", mode: "task", pw: "hunter2" });

    const again = await relaunch({ id: first.id });
    expect(again.errors).toBeUndefined();
    const run = again.data!.relaunchExecution;
    expect(run.origin).toEqual({ kind: "MANUAL", actor: expect.any(String), relaunchOf: first.id });
    expect(run.launchProperties).toEqual({ env: { REGION: "launch", DB_PASSWORD: "***" } });
    expect(await seen(run.id)).toEqual({ args: ["two words", "x"], region: "launch", mode: "task", pw: "hunter2" });

    // Changes: other arguments, one variable laid over the launch's; the password stays.
    const changed = await relaunch({ id: run.id, arguments: ["y"], properties: { env: { REGION: "changed" } } });
    expect(changed.errors).toBeUndefined();
    expect(await seen(changed.data!.relaunchExecution.id)).toEqual({
      args: ["y"],
      region: "changed",
      mode: "task",
      pw: "hunter2",
    });
    const audit = await env.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_records WHERE action = 'relaunchExecution' AND input::text NOT LIKE '%hunter2%'`,
    );
    expect(audit[0]!.n).toBe(2);
    // The password is never stored in the audit trail or shown by the API.
    const leaked = await env.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_records WHERE input::text LIKE '%hunter2%'`,
    );
    expect(leaked[0]!.n).toBe(0);
  });

  it("keeps no launch properties for a run launched without any", async () => {
    const plain = await launch(env.api[0]!, "relaunched", { arguments: ["plain"] });
    await seen(plain.id);
    const again = await relaunch({ id: plain.id });
    expect(again.data!.relaunchExecution.launchProperties).toBeNull();
    expect(await seen(again.data!.relaunchExecution.id)).toEqual({ args: ["plain"], region: "task", mode: "task" });
  });

  it("refuses with a typed error and a sentence, writing nothing, a run still going, an unknown id and bad input", async () => {
    const api = env.api[0]!;
    const expectRefused = async (cases: [Record<string, unknown>, string, RegExp][]) => {
      const before = await count();
      for (const [input, code, message] of cases) {
        const res = await relaunch(input);
        expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe(code);
        expect(res.errors?.[0]?.message).toMatch(message);
      }
      expect(await count()).toBe(before);
    };
    writeFileSync(gate, "hold");
    const held = await launch(api, "relaunched", { arguments: ["held"] });
    await untilStatus(api, held.id, ["RUNNING"]);
    await expectRefused([
      [{ id: held.id }, "CONFLICT", /is RUNNING; relaunch it once it has ended, or cancel it first/],
      [{ id: "00000000-0000-4000-8000-000000000000" }, "NOT_FOUND", /No execution 00000000/],
    ]);
    rmSync(gate);
    await untilStatus(api, held.id, ["COMPLETED"]);
    await expectRefused([
      [{ id: held.id, properties: { bogus: 1 } }, "BAD_USER_INPUT", /^properties: .*Known properties/],
      [{ id: held.id, properties: { env: { PATH: "/tmp" } } }, "BAD_USER_INPUT", /a launch may not set PATH/],
      [{ id: held.id, properties: { maxConcurrent: 3 } }, "BAD_USER_INPUT", /only on the task itself/],
    ]);
  });
});
