import { readFileSync } from "node:fs";
import { buildSchema, getOperationAST, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { checkOperation, MAX_JSON_DEPTH } from "./guard.js";

const schema = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));

const check = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("no operation");
  return checkOperation(schema, document, operation, variables).map((e) => ({
    message: e.message,
    code: e.extensions.code,
    field: e.extensions.field,
  }));
};

const LAUNCH = "mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }";
const UUID = "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";

describe("the argument guard", () => {
  it("lets ordinary input through", () => {
    expect(
      check(LAUNCH, { i: { task: "t", arguments: ["a\tb\r\n", "🚀 ü"], properties: { env: { A: "1" } } } }),
    ).toEqual([]);
    expect(check(`{ execution(id: "${UUID}") { id } }`)).toEqual([]);
    expect(check(`{ executions(first: 5, status: FAILED) { edges { cursor } } }`)).toEqual([]);
  });

  it("refuses NUL and control characters in variables and literals, naming the argument path", () => {
    expect(check(LAUNCH, { i: { task: "t", idempotencyKey: "k\u0000" } })).toEqual([
      {
        message: expect.stringMatching(
          /^launchTask\.input\.idempotencyKey contains a NUL character \(U\+0000\) at index 1/,
        ),
        code: "BAD_USER_INPUT",
        field: "launchTask.input.idempotencyKey",
      },
    ]);
    expect(check(`mutation { launchTask(input: { task: "t", arguments: ["ok", "x\\u001b"] }) { id } }`)[0]?.field).toBe(
      "launchTask.input.arguments[1]",
    );
    expect(check(`mutation { deleteTask(name: "a\\u0000") }`)[0]?.field).toBe("deleteTask.name");
    expect(check(`query($d: String!) { parseDag(definition: $d) { ok } }`, { d: "a &&\u0007 b" })[0]?.field).toBe(
      "parseDag.definition",
    );
  });

  it("walks JSON values and their keys", () => {
    expect(check(LAUNCH, { i: { task: "t", properties: { env: { A: "x\u0000" } } } })[0]?.field).toBe(
      "launchTask.input.properties.env.A",
    );
    expect(check(LAUNCH, { i: { task: "t", properties: { env: { "A\u0000": "x" } } } })[0]?.field).toBe(
      "launchTask.input.properties.env (a key)",
    );
    expect(
      check(`mutation { launchTask(input: { task: "t", properties: { env: { A: "\\u0000" } } }) { id } }`)[0]?.field,
    ).toBe("launchTask.input.properties.env.A");
    let deep: unknown = "x";
    for (let i = 0; i < MAX_JSON_DEPTH + 5; i++) deep = { a: deep };
    expect(check(LAUNCH, { i: { task: "t", properties: deep } })[0]?.message).toMatch(/nests deeper than 32 levels/);
  });

  it("refuses lone surrogates", () => {
    expect(check(LAUNCH, { i: { task: "t", arguments: ["\ud800x"] } })[0]?.message).toMatch(
      /arguments\[0\] contains a lone UTF-16 surrogate \(U\+D800\).*well-formed Unicode/,
    );
    expect(check(LAUNCH, { i: { task: "t", arguments: ["\ud83d\ude80"] } })).toEqual([]);
  });

  it("wants a UUID for every ID argument", () => {
    for (const q of [
      `mutation { cancelDagRun(id: "42") { id } }`,
      `mutation { restartDagRun(id: "../etc") { id } }`,
      `mutation { cancelExecution(id: 42) { id } }`,
      `{ dagRun(id: "x") { id } }`,
      `subscription { executionEvents(executionId: "nope") { seq } }`,
    ]) {
      const [error] = check(q);
      expect(error?.code, q).toBe("BAD_USER_INPUT");
      expect(error?.message, q).toMatch(/must be a UUID, for example [0-9a-f-]{36}/);
    }
    expect(check(`query($id: ID!) { execution(id: $id) { id } }`, { id: "abc" })[0]?.field).toBe("execution.id");
  });

  it("checks only the operation that runs, and leaves wrongly typed variables to execution", () => {
    const two = `query A { execution(id: "bad") { id } } query B { apps { name } }`;
    const document = parse(two);
    expect(checkOperation(schema, document, getOperationAST(document, "B")!, {})).toEqual([]);
    expect(checkOperation(schema, document, getOperationAST(document, "A")!, {})).toHaveLength(1);
    expect(check(LAUNCH, { i: { task: 5 } })).toEqual([]);
  });
});
