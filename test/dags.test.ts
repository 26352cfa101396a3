import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask } from "./support/flows.js";

// DAG definitions: create, parse, validate, version, delete. No runs here
// (see dag-runs.test.ts and dag-control.test.ts), so no runner is started.

interface NodeShape {
  id: string;
  label: string;
  task: string;
  arguments: string[];
}
interface EdgeShape {
  from: string;
  to: string;
  on: string | null;
}
interface DagShape {
  name: string;
  version: number;
  definition: string;
  maxParallel: number | null;
  nodes: NodeShape[];
  edges: EdgeShape[];
  versions: { version: number; definition: string; createdBy: string; createdAt: string }[];
  createdAt: string;
}
interface ErrorShape {
  line: number;
  column: number;
  message: string;
  expected?: string[] | null;
}
interface ParseShape {
  ok: boolean;
  nodes: NodeShape[];
  edges: EdgeShape[];
  errors: ErrorShape[];
}

const DAG_FIELDS = `name version definition maxParallel createdAt
  nodes { id label task arguments } edges { from to on }
  versions { version definition createdAt createdBy }`;
const CREATE = `mutation($i: CreateDagInput!) { createDag(input: $i) { ${DAG_FIELDS} } }`;
const UPDATE = `mutation($i: UpdateDagInput!) { updateDag(input: $i) { ${DAG_FIELDS} } }`;
const PARSE = `query($d: String!) { parseDag(definition: $d) { ok nodes { id label task arguments } edges { from to on } errors { line column message expected } } }`;

const TASKS = ["settle", "report", "notify", "extract", "load-a", "load_b", "t"];

/** `n0: t && n1: t && ... `: labels let one task appear many times. */
const chain = (n: number, task = "t") => Array.from({ length: n }, (_, i) => `n${i}: ${task}`).join(" && ");

describe("DAG definitions: create, parse, version, delete", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv({ runners: 0 });
    const uri = env.script("noop.mjs", "console.log('noop')\n");
    for (const t of TASKS) await defineTask(env.api[0]!, t, uri);
  });
  afterAll(() => env?.stop());

  const counts = () => tableCounts(env.sql);
  const gql = <T>(query: string, variables?: Record<string, unknown>, actor = "alice") =>
    env.api[0]!.request<T>(query, variables, { "x-baton-actor": actor });
  const create = (name: string, definition: string, maxParallel?: number) =>
    gql<{ createDag: DagShape }>(CREATE, { i: { name, definition, ...(maxParallel ? { maxParallel } : {}) } });
  const getDag = async (name: string) =>
    (
      await env.api[0]!.ok<{ dag: DagShape | null }>(`query($n: String!) { dag(name: $n) { ${DAG_FIELDS} } }`, {
        n: name,
      })
    ).dag;
  const parse = async (definition: string) =>
    (await env.api[0]!.ok<{ parseDag: ParseShape }>(PARSE, { d: definition })).parseDag;

  it("creates a DAG whose graph, definition and version 1 are read back by dag(name) and dags", async () => {
    const definition = "extract --mode=full && <load-a || load_b> && report 'FAILED' -> notify && settle";
    const created = await create("nightly", definition, 2);
    expect(created.errors).toBeUndefined();
    const dag = created.data!.createDag;
    expect(dag).toMatchObject({ name: "nightly", version: 1, definition, maxParallel: 2 });
    expect(dag.nodes).toEqual([
      { id: "extract", label: "extract", task: "extract", arguments: ["--mode=full"] },
      { id: "load-a", label: "load-a", task: "load-a", arguments: [] },
      { id: "load_b", label: "load_b", task: "load_b", arguments: [] },
      { id: "report", label: "report", task: "report", arguments: [] },
      { id: "notify", label: "notify", task: "notify", arguments: [] },
      { id: "settle", label: "settle", task: "settle", arguments: [] },
    ]);
    // `&&` after a node with transitions is stored as on: "*".
    expect(dag.edges).toEqual([
      { from: "extract", to: "load-a", on: null },
      { from: "extract", to: "load_b", on: null },
      { from: "load-a", to: "report", on: null },
      { from: "load_b", to: "report", on: null },
      { from: "report", to: "notify", on: "FAILED" },
      { from: "report", to: "settle", on: "*" },
    ]);
    expect(dag.versions.map((v) => [v.version, v.definition, v.createdBy])).toEqual([[1, definition, "alice"]]);

    const read = await getDag("nightly");
    expect(read).toEqual(dag);
    const list = await env.api[0]!.ok<{ dags: { name: string; version: number }[] }>(`{ dags { name version } }`);
    expect(list.dags).toContainEqual({ name: "nightly", version: 1 });
    expect(await getDag("no-such-dag")).toBeNull();
  });

  it("gives labelled nodes their label as id and keeps the task name apart", async () => {
    const created = await create(
      "labelled",
      "first: settle --date=2024-01-31 && again: settle 'FAILED' -> page: notify",
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createDag.nodes).toEqual([
      { id: "first", label: "first", task: "settle", arguments: ["--date=2024-01-31"] },
      { id: "again", label: "again", task: "settle", arguments: [] },
      { id: "page", label: "page", task: "notify", arguments: [] },
    ]);
    expect(created.data!.createDag.edges).toEqual([
      { from: "first", to: "again", on: null },
      { from: "again", to: "page", on: "FAILED" },
    ]);
    expect(created.data!.createDag.maxParallel).toBeNull();
  });

  it("parseDag returns the graph of a valid definition and saves nothing", async () => {
    const before = await counts();
    const result = await parse("settle 'NO_DATA' -> $END 'CORRUPT' -> $FAIL && report");
    expect(result).toEqual({
      ok: true,
      nodes: [
        { id: "settle", label: "settle", task: "settle", arguments: [] },
        { id: "report", label: "report", task: "report", arguments: [] },
      ],
      edges: [
        { from: "settle", to: "$END", on: "NO_DATA" },
        { from: "settle", to: "$FAIL", on: "CORRUPT" },
        { from: "settle", to: "report", on: "*" },
      ],
      errors: [],
    });
    expect(await counts()).toEqual(before);
  });

  it("parseDag reports a syntax error with its line, column and what was expected", async () => {
    const before = await counts();
    const result = await parse("settle &&\n  && report");
    expect(result.ok).toBe(false);
    expect(result.nodes).toEqual([]);
    expect(result.edges).toEqual([]);
    expect(result.errors).toEqual([
      {
        line: 2,
        column: 3,
        message: "expected a task name or '<' but found '&&'",
        expected: ["a task name", "'<'"],
      },
    ]);
    const empty = await parse("   ");
    expect(empty.ok).toBe(false);
    expect(empty.errors).toHaveLength(1);
    expect(empty.errors[0]).toMatchObject({ line: 1, column: 1 });
    expect(empty.errors[0]!.message).toMatch(/the definition is empty/);
    expect(await counts()).toEqual(before);
  });

  it.each([
    [
      "a syntax error",
      "settle &&\n  && report",
      /line 2, column 3/,
      [{ line: 2, column: 3, message: expect.stringMatching(/expected a task name or '<' but found '&&'/) }],
    ],
    [
      "an unknown task",
      "settle && ghost",
      /unknown task 'ghost'/,
      [{ line: 1, column: 11, message: expect.stringMatching(/unknown task 'ghost'/) }],
    ],
    [
      "a label used twice",
      "x: settle && x: report",
      /label 'x' is used twice/,
      [{ line: 1, column: 14, message: expect.stringMatching(/label 'x' is used twice/) }],
    ],
    [
      // The only way to write a cycle is to name a task again; without a label that is refused.
      "a task used twice without labels (the only way to try a cycle)",
      "settle && report && settle",
      /task 'settle' is used twice/,
      [{ line: 1, column: 21, message: expect.stringMatching(/task 'settle' is used twice/) }],
    ],
    [
      "an empty definition",
      "",
      /the definition is empty/,
      [{ line: 1, column: 1, message: expect.stringMatching(/the definition is empty/) }],
    ],
    [
      "a blank definition",
      " \n\t ",
      /the definition is empty/,
      [{ line: 1, column: 1, message: expect.stringMatching(/the definition is empty/) }],
    ],
  ])(
    "createDag refuses %s with BAD_USER_INPUT and positioned errors, writing nothing",
    async (_label, definition, message, errors) => {
      const before = await counts();
      const result = await create("refused", definition);
      expect(result.data?.createDag ?? null).toBeNull();
      const error = result.errors?.[0];
      expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(error?.message).toMatch(message);
      expect(error?.extensions?.errors).toEqual(errors.map((e) => expect.objectContaining(e)));
      expect(await counts()).toEqual(before);
      expect(await getDag("refused")).toBeNull();
    },
  );

  it("names the line and column of a syntax error in the message", async () => {
    const result = await create("refused", "settle && report\n&& notify 'FAILED' x");
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error?.message).toMatch(/line 2, column 20/);
    expect(error?.extensions?.errors).toEqual([expect.objectContaining({ line: 2, column: 20 })]);
  });

  it("refuses a second DAG with the same name (CONFLICT) and writes nothing", async () => {
    await create("twice", "settle");
    const before = await counts();
    const again = await create("twice", "report");
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(await counts()).toEqual(before);
    const dag = await getDag("twice");
    expect(dag).toMatchObject({ version: 1, definition: "settle" });
  });

  it("refuses to update a DAG that does not exist (NOT_FOUND) and writes nothing", async () => {
    const before = await counts();
    const result = await gql(UPDATE, { i: { name: "ghost-dag", definition: "settle" } });
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await counts()).toEqual(before);
  });

  it("makes version n+1 on every update and keeps each version's definition", async () => {
    const v1 = "settle && report";
    const v2 = "settle && <report || notify>";
    const v3 = "settle 'FAILED' -> notify";
    expect((await create("evolving", v1)).errors).toBeUndefined();
    const second = await gql<{ updateDag: DagShape }>(UPDATE, { i: { name: "evolving", definition: v2 } }, "bob");
    expect(second.errors).toBeUndefined();
    expect(second.data!.updateDag).toMatchObject({ name: "evolving", version: 2, definition: v2 });
    expect(second.data!.updateDag.nodes.map((n) => n.id)).toEqual(["settle", "report", "notify"]);
    const third = await gql<{ updateDag: DagShape }>(
      UPDATE,
      { i: { name: "evolving", definition: v3, maxParallel: 3 } },
      "carol",
    );
    expect(third.errors).toBeUndefined();
    expect(third.data!.updateDag).toMatchObject({ version: 3, definition: v3, maxParallel: 3 });
    expect(third.data!.updateDag.edges).toEqual([{ from: "settle", to: "notify", on: "FAILED" }]);

    const dag = (await getDag("evolving"))!;
    expect(dag.version).toBe(3);
    expect(dag.definition).toBe(v3);
    const versions = [...dag.versions].sort((a, b) => a.version - b.version);
    expect(versions.map((v) => [v.version, v.definition, v.createdBy])).toEqual([
      [1, v1, "alice"],
      [2, v2, "bob"],
      [3, v3, "carol"],
    ]);
    const rows = await env.sql<{ version: number }>(
      `SELECT v.version FROM dag_versions v JOIN dags d ON d.id = v."dagId" WHERE d.name = 'evolving' ORDER BY v.version`,
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it("refuses an invalid update, keeping the current version and writing nothing", async () => {
    await create("stable", "settle && report");
    const before = await counts();
    for (const definition of ["settle &&", "settle && ghost", "x: settle && x: report", ""]) {
      const result = await gql(UPDATE, { i: { name: "stable", definition } });
      expect(result.errors?.[0]?.extensions?.code, definition).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.extensions?.errors, definition).toEqual([
        expect.objectContaining({ line: expect.any(Number), column: expect.any(Number), message: expect.any(String) }),
      ]);
    }
    expect(await counts()).toEqual(before);
    const dag = (await getDag("stable"))!;
    expect(dag.version).toBe(1);
    expect(dag.versions.map((v) => v.version)).toEqual([1]);
  });

  it("deletes a DAG: dag(name) is null, dags no longer lists it, and the name can be used again", async () => {
    await create("short-lived", "settle");
    const deleted = await env.api[0]!.ok<{ deleteDag: boolean }>(`mutation { deleteDag(name: "short-lived") }`);
    expect(deleted.deleteDag).toBe(true);
    expect(await getDag("short-lived")).toBeNull();
    const list = await env.api[0]!.ok<{ dags: { name: string }[] }>(`{ dags { name } }`);
    expect(list.dags.map((d) => d.name)).not.toContain("short-lived");
    const again = await create("short-lived", "report");
    expect(again.errors).toBeUndefined();
    expect(again.data!.createDag).toMatchObject({ version: 1, definition: "report" });
  });

  it("accepts a definition of 10,000 nodes and returns all of them", async () => {
    const definition = chain(10_000);
    const parsed = await env.api[0]!.ok<{ parseDag: { ok: boolean; nodes: { id: string }[]; edges: EdgeShape[] } }>(
      `query($d: String!) { parseDag(definition: $d) { ok nodes { id } edges { from to on } } }`,
      { d: definition },
    );
    expect(parsed.parseDag.ok).toBe(true);
    expect(parsed.parseDag.nodes).toHaveLength(10_000);
    expect(parsed.parseDag.edges).toHaveLength(9_999);

    const created = await env.api[0]!.request<{ createDag: { version: number } }>(
      `mutation($i: CreateDagInput!) { createDag(input: $i) { version } }`,
      { i: { name: "huge", definition } },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createDag.version).toBe(1);
    const read = await env.api[0]!.ok<{ dag: { nodes: { id: string; task: string }[]; edges: EdgeShape[] } }>(
      `{ dag(name: "huge") { nodes { id task } edges { from to on } } }`,
    );
    expect(read.dag.nodes).toHaveLength(10_000);
    expect(read.dag.nodes.map((n) => n.id)).toEqual(Array.from({ length: 10_000 }, (_, i) => `n${i}`));
    expect(read.dag.nodes.every((n) => n.task === "t")).toBe(true);
    expect(read.dag.edges).toHaveLength(9_999);
    expect(read.dag.edges[0]).toEqual({ from: "n0", to: "n1", on: null });
    expect(read.dag.edges.at(-1)).toEqual({ from: "n9998", to: "n9999", on: null });
  });
});
