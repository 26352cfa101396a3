import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, launch } from "./support/flows.js";

// Every mutation of schema.graphql, every argument and input field (found
// from the schema, so a new mutation is covered without editing this file),
// sent values of the wrong type, huge and empty strings, control characters,
// lone surrogates, extreme numbers, deep JSON, odd names, URIs and ids, next
// to valid values for the other fields, over variables and as literals.
// Every answer is data or a typed error; a refused call writes nothing (row
// counts of every table); the server keeps answering.

const schema = buildSchema(readFileSync(new URL("../services/control-plane/schema.graphql", import.meta.url), "utf8"));
const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});

/** Codes an answer may carry: the caller's mistakes, never the server's. */
const TYPED = new Set([
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
  "BAD_REQUEST",
]);

type Fuzz = [label: string, value: unknown];

const KB100 = "x".repeat(100 * 1024);
const nest = (levels: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = wrap(v);
  return v;
};

const WRONG_TYPES: Fuzz[] = [
  ["wrong type: int", 42],
  ["wrong type: float", 1.5],
  ["wrong type: bool", true],
  ["wrong type: object", { a: 1 }],
  ["null", null],
];

const STRINGS: Fuzz[] = [
  ["empty", ""],
  ["blank", "   "],
  ["100 KB", KB100],
  ["NUL", "a\u0000b"],
  ["only NUL", "\u0000"],
  ["BEL", "ring\u0007"],
  ["ESC sequence", "\u001b[2Jclear"],
  ["vertical tab", "a\u000bb"],
  ["DEL", "a\u007f"],
  ["newlines", "a\nb\r\nc"],
  ["lone high surrogate", "a\ud800"],
  ["lone low surrogate", "\udc00a"],
  ["slash", "a/b"],
  ["dot-dot", ".."],
  ["path traversal", "../../etc/passwd"],
  ["emoji", "🚀"],
  ["emoji in a name", "task-🚀"],
  ["CJK", "任务"],
  ["right-to-left override", "\u202etxt.exe"],
  ["zero-width space", "a\u200bb"],
  ["63 chars", "a".repeat(63)],
  ["64 chars", "a".repeat(64)],
  ["absolute path, no scheme", "/bin/sh"],
  ["relative file URI", "file://relative/x.mjs"],
  ["bad percent escape", "file:///tmp/%zz.mjs"],
  ["broken http URI", "http://[::1"],
  ["empty docker URI", "docker:"],
  ["javascript URI", "javascript:alert(1)"],
  ["cron out of range", "61 * * * *"],
  ["cron shorthand", "@every 0s"],
  ["cron seven fields", "* * * * * * *"],
  ["2^53 + 1 as text", "9007199254740993"],
  ["NaN as text", "NaN"],
  ["-1 as text", "-1"],
  ["1e308 as text", "1e308"],
  ["SQL", "' OR 1=1; --"],
  ["lookup template", "$" + "{jndi:ldap://x}"],
  ["YAML alias bomb", "a: &a [*a, *a, *a]\nb: &b [*a, *a, *a]"],
  ["DSL", "<a || b> && c 'FAILED'->$END"],
  ["registry lines", "task.x=file:///x.mjs\ntask.x.version=1"],
  ...WRONG_TYPES,
];

const INTS: Fuzz[] = [
  ["2^53", 2 ** 53],
  ["-1", -1],
  ["0", 0],
  ["2^31-1", 2147483647],
  ["-2^31", -2147483648],
  ["1e308", 1e308],
  ["NaN as text", "NaN"],
  ["digits as text", "1"],
  ["fraction", 1.5],
  ["bool", true],
  ["null", null],
];

const BOOLEANS: Fuzz[] = [
  ["text", "true"],
  ["int", 1],
  ["null", null],
];

const jsonValues = (): Fuzz[] => {
  const manyKeys: Record<string, string> = {};
  for (let i = 0; i < 10_000; i++) manyKeys[`K${i}`] = "v";
  return [
    ["deep array", nest(2000, 1, (v) => [v])],
    ["deep object", nest(2000, "x", (v) => ({ a: v }))],
    ["deep env", { env: nest(100, "x", (v) => ({ A: v })) }],
    ["text", "{env: broken"],
    ["number", 42],
    ["array", []],
    ["NUL in a value", { env: { A: "\u0000" } }],
    ["NUL in a key", { env: { "A\u0000": "x" } }],
    ["lone surrogate", { env: { A: "\ud800" } }],
    ["PATH", { env: { PATH: "/tmp/evil" } }],
    ["LD_PRELOAD", { env: { LD_PRELOAD: "/tmp/evil.so" } }],
    ["NODE_OPTIONS", { env: { NODE_OPTIONS: "--require /tmp/evil.js" } }],
    ["allowLaunchEnv", { allowLaunchEnv: ["PATH"], env: { PATH: "/x" } }],
    ["timeout 2^53", { timeoutSeconds: 2 ** 53 }],
    ["timeout -1", { timeoutSeconds: -1 }],
    ["timeout 1e308", { timeoutSeconds: 1e308 }],
    ["memory 1e308", { memory: 1e308 }],
    ["memory text", { memory: "1e308Gi" }],
    ["cpu NaN", { cpu: "NaN" }],
    ["unknown property", { timeout: 5 }],
    ["__proto__", JSON.parse('{"__proto__": {"env": {"A": "1"}}}')],
    ["100 KB value", { env: { A: KB100 } }],
    ["10,000 env keys", { env: manyKeys }],
    ["10 KB key", { env: { ["K".repeat(10_000)]: "v" } }],
    ["platform", { platform: "mainframe" }],
    ["pool", { pool: "../x" }],
    ["env emoji key", { env: { "🚀": "x" } }],
    ["null", null],
  ];
};

const idValues = (existing: string): Fuzz[] => [
  ["42", "42"],
  ["empty", ""],
  ["not a UUID", "not-a-uuid"],
  ["UUID + NUL", `${existing}\u0000`],
  ["zero UUID", "00000000-0000-0000-0000-000000000000"],
  ["unknown UUID", randomUUID()],
  ["int", 42],
  ["braced UUID", `{${existing}}`],
  ["path traversal", "../../etc/passwd"],
  ["lone surrogate", "\ud800"],
  ["100 KB", KB100],
  ["existing, upper case", existing.toUpperCase()],
  ["existing", existing],
  ["null", null],
];

const listValues = (items: Fuzz[]): Fuzz[] => [
  ["one item, not a list", "a"],
  ["empty list", []],
  ["null item", [null]],
  ["10,000 items", Array(10_000).fill("a")],
  ["nested list", [["a"]]],
  ["valid then NUL", ["ok", "a\u0000"]],
  ...items.filter(([, v]) => v !== null).map(([label, v]): Fuzz => [`[${label}]`, [v]]),
];

interface Seeds {
  executionId: string;
  dagRunId: string;
  uri: string;
  yaml: string;
}

/** A valid value for a field, from its name (and type), so the other fields of a call are valid. */
function baseline(name: string, type: GraphQLInputType, where: string, seeds: Seeds): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [baseline(name, t.ofType, where, seeds)];
  if (isInputObjectType(t)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(t.getFields())) {
      if (isNonNullType(field.type) || OPTIONAL_BASELINES.has(field.name)) {
        value[field.name] = baseline(field.name, field.type, `${t.name}.${field.name}`, seeds);
      }
    }
    return value;
  }
  const byName: Record<string, unknown> = {
    task: "fuzz-task",
    app: "fuzz-app",
    version: "1.0.0",
    uri: seeds.uri,
    definition: "fuzz-task",
    yaml: seeds.yaml,
    reason: "fuzz",
    idempotencyKey: "fuzz-key",
    revision: 1,
    maxParallel: 2,
    timeoutSeconds: 5,
    arguments: "a",
  };
  if (name === "name") {
    if (where.startsWith("RegisterApp") || where.startsWith("SetDefault") || where.startsWith("Unregister"))
      return "fuzz-app";
    if (/Dag/.test(where)) return "fuzz-dag";
    return "fuzz-task";
  }
  if (name === "properties") return isScalarType(t) && t.name === "String" ? `task.fuzz-app=${seeds.uri}` : {};
  if (name in byName) return byName[name];
  const named = getNamedType(t);
  if (isEnumType(named)) return named.getValues()[0]?.value;
  switch (named.name) {
    case "ID":
      return /Dag/i.test(where) ? seeds.dagRunId : seeds.executionId;
    case "Int":
    case "Float":
      return 1;
    case "Boolean":
      return false;
    case "JSON":
      return {};
    case "DateTime":
      return new Date().toISOString();
    default:
      return "fuzz";
  }
}
/** Optional fields the baseline fills in: a fixed idempotency key makes repeated valid launches replay. */
const OPTIONAL_BASELINES = new Set(["idempotencyKey"]);

/** The values to try for one leaf field. */
function fuzzValues(type: GraphQLInputType, where: string, seeds: Seeds): Fuzz[] {
  const t = getNullableType(type);
  if (isListType(t)) return listValues(fuzzValues(t.ofType, where, seeds));
  const named = getNamedType(t);
  if (isEnumType(named)) return [["unknown value", "NOPE"], ["lower case", "x"], ...WRONG_TYPES];
  switch (named.name) {
    case "ID":
      return idValues(/Dag/i.test(where) ? seeds.dagRunId : seeds.executionId);
    case "Int":
    case "Float":
      return INTS;
    case "Boolean":
      return BOOLEANS;
    case "JSON":
      return jsonValues();
    case "DateTime":
      return [["garbage", "yesterday"], ["month 13", "2026-13-01T00:00:00Z"], ["1e308", 1e308], ...WRONG_TYPES];
    default:
      return STRINGS;
  }
}

interface Case {
  mutation: string;
  path: string;
  label: string;
  /** Values of every argument, the fuzzed one included (undefined = omitted). */
  args: Record<string, unknown>;
  literal: boolean;
}

const setAt = (root: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> => {
  const copy = structuredClone(root);
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1) as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
};

/** Every leaf (and every input object) under an argument, with the path to it. */
function leaves(type: GraphQLInputType, path: string[], where: string): [string[], GraphQLInputType, string][] {
  const t = getNullableType(type);
  const inner = isListType(t) ? getNullableType(t.ofType) : t;
  if (!isInputObjectType(inner)) return [[path, type, where]];
  const own: [string[], GraphQLInputType, string][] = [[path, type, `${inner.name}`]];
  for (const field of Object.values(inner.getFields())) {
    if (isListType(t)) continue; // lists of input objects: fuzzed whole
    own.push(...leaves(field.type, [...path, field.name], `${inner.name}.${field.name}`));
  }
  return own;
}

function casesFor(field: GraphQLField<unknown, unknown>, seeds: Seeds): Case[] {
  const base: Record<string, unknown> = {};
  for (const arg of field.args) {
    if (isNonNullType(arg.type)) base[arg.name] = baseline(arg.name, arg.type, `${field.name}`, seeds);
  }
  const cases: Case[] = [];
  for (const arg of field.args) {
    for (const [path, type, where] of leaves(arg.type, [arg.name], field.name)) {
      const t = getNullableType(type);
      const values: Fuzz[] = isInputObjectType(t)
        ? [
            ["text instead of an object", "x"],
            ["empty object", {}],
            ["unknown field", { ...(baseline(arg.name, t, `${t.name}`, seeds) as Record<string, unknown>), nope: 1 }],
            ["list instead of an object", [1]],
            ["null", null],
          ]
        : fuzzValues(type, `${field.name}.${where}`, seeds);
      // Inside an optional input object the others need its baseline too (e.g. verify's timeoutSeconds).
      let start = base;
      for (let i = 1; i < path.length; i++) {
        const parent = path.slice(0, i);
        const parentType = inputTypeAt(arg, parent.slice(1));
        if (parentType && getValue(start, parent) === undefined) {
          start = setAt(start, parent, baseline(parent.at(-1) as string, parentType, `${field.name}`, seeds));
        }
      }
      const scalar = getNamedType(type);
      const literalToo = !isInputObjectType(t) && !isListType(t) && ["String", "Int", "ID"].includes(scalar.name);
      // As literals too: what the parser turns into characters (escapes), and values of the wrong type.
      const asLiteral = (value: unknown) =>
        typeof value === "string" ? findOdd(value) : value !== null && typeof value !== "object";
      for (const [label, value] of values) {
        const args = setAt(start, path, value);
        const p = `${field.name}.${path.join(".")}`;
        cases.push({ mutation: field.name, path: p, label, args, literal: false });
        if (literalToo && asLiteral(value)) {
          cases.push({ mutation: field.name, path: p, label: `${label} (literal)`, args, literal: true });
        }
      }
    }
  }
  return cases;
}

/** Control characters, surrogates and other text a literal must spell with an escape. */
const findOdd = (value: string): boolean =>
  [...value].some((ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x20 || c === 0x7f || (c >= 0xd800 && c <= 0xdfff) || c === 0x200b || c === 0x202e;
  });

const getValue = (root: Record<string, unknown>, path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), root);

function inputTypeAt(arg: GraphQLArgument, path: string[]): GraphQLInputType | undefined {
  let type: GraphQLInputType = arg.type;
  for (const key of path) {
    const t = getNullableType(type);
    if (!isInputObjectType(t)) return undefined;
    const field = t.getFields()[key];
    if (!field) return undefined;
    type = field.type;
  }
  return type;
}

/** A JS value as a GraphQL literal, or undefined when it has none (odd keys, NaN). */
function literal(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const items = value.map(literal);
    return items.includes(undefined) ? undefined : `[${items.join(", ")}]`;
  }
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const l = literal(v);
      if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(k) || l === undefined) return undefined;
      parts.push(`${k}: ${l}`);
    }
    return `{${parts.join(", ")}}`;
  }
  return undefined;
}

function selection(field: GraphQLField<unknown, unknown>): string {
  return isObjectType(getNamedType(field.type)) ? " { __typename }" : "";
}

/** The request body of a case: every argument as a variable, or every argument inline. */
function body(field: GraphQLField<unknown, unknown>, c: Case): string | undefined {
  const present = field.args.filter((a) => c.args[a.name] !== undefined);
  if (c.literal) {
    const inline = present.map((a) => [a.name, literal(c.args[a.name])] as const);
    if (inline.some(([, l]) => l === undefined)) return undefined;
    const list = inline.length ? `(${inline.map(([n, l]) => `${n}: ${l}`).join(", ")})` : "";
    return JSON.stringify({ query: `mutation { ${field.name}${list}${selection(field)} }` });
  }
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const uses = field.args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const query = `mutation${defs ? `(${defs})` : ""} { ${field.name}${uses ? `(${uses})` : ""}${selection(field)} }`;
  return JSON.stringify({ query, variables: Object.fromEntries(present.map((a) => [a.name, c.args[a.name]])) });
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let env: TestEnv;
let seeds: Seeds;

beforeAll(async () => {
  env = await startEnv({ runners: 1 });
  const api = env.api[0]!;
  // A shell script: runs (launches, verifications, DAG nodes) end in milliseconds.
  const uri = env.script("fuzz.sh", "#!/bin/sh\necho ok\n");
  for (const version of ["1.0.0", "2.0.0"]) {
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "fuzz-app", version, uri },
    });
  }
  await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
    i: { name: "fuzz-task", app: "fuzz-app" },
  });
  await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
    i: { name: "fuzz-dag", definition: "fuzz-task && again: fuzz-task" },
  });
  const run = await launch(api, "fuzz-task");
  await allEvents(api, run.id);
  const dagRun = await api.ok<{ launchDag: { id: string } }>(
    `mutation($i: LaunchDagInput!) { launchDag(input: $i) { id } }`,
    { i: { name: "fuzz-dag" } },
  );
  const yaml = (await api.ok<{ exportDefinitions: string }>("{ exportDefinitions }")).exportDefinitions;
  seeds = { executionId: run.id, dagRunId: dagRun.launchDag.id, uri, yaml };
  await quiet();
}, 120_000);
afterAll(() => env?.stop());

/** Waits until nothing runs or waits for verification, and the row counts hold still. */
async function quiet(): Promise<Record<string, number>> {
  const deadline = Date.now() + 60_000;
  let last: Record<string, number> | undefined;
  for (;;) {
    const [busy] = await env.sql<{ n: string }>(
      `SELECT (SELECT count(*) FROM executions WHERE "endedAt" IS NULL)
            + (SELECT count(*) FROM dag_runs WHERE "endedAt" IS NULL)
            + (SELECT count(*) FROM releases WHERE status = 'PENDING') AS n`,
    );
    const counts = await tableCounts(env.sql);
    if (Number(busy?.n) === 0 && last && JSON.stringify(last) === JSON.stringify(counts)) return counts;
    if (Date.now() > deadline) throw new Error(`still busy after 60 s: ${busy?.n} runs or verifications`);
    last = Number(busy?.n) === 0 ? counts : undefined;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Makes sure the targets exist again after a call that may have changed them (a delete, an unregister). */
async function reseed(): Promise<void> {
  const api = env.api[0]!;
  const data = await api.ok<{ task: unknown; dag: unknown }>(
    `{ task(name: "fuzz-task") { name } dag(name: "fuzz-dag") { name } }`,
  );
  if (!data.task) {
    await api.request(
      `mutation { createTask(input: { name: "fuzz-task", app: "fuzz-app", version: "1.0.0" }) { name } }`,
    );
  }
  if (!data.dag)
    await api.request(`mutation { createDag(input: { name: "fuzz-dag", definition: "fuzz-task" }) { name } }`);
}

describe("fuzz: every mutation of schema.graphql", () => {
  it("answers every malformed input with data or a typed error, writes nothing when it refuses, and keeps answering", async () => {
    const started = Date.now();
    const url = env.api[0]!.url;
    const problems: string[] = [];
    const codes: Record<string, number> = {};
    let calls = 0;
    let successes = 0;
    let before = await tableCounts(env.sql);
    const perMutation: string[] = [];
    for (const field of mutations) {
      const t0 = Date.now();
      const s0 = successes;
      const c0 = calls;
      for (const c of casesFor(field, seeds)) {
        const text = body(field, c);
        if (text === undefined) continue;
        const where = `${c.path} = ${c.label}${c.literal ? "" : " (variables)"}`;
        calls++;
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: text });
        let answer: Answer;
        try {
          answer = (await res.json()) as Answer;
        } catch {
          problems.push(`${where}: HTTP ${res.status} without a JSON body`);
          continue;
        }
        if (answer.errors?.length) {
          for (const e of answer.errors) {
            const code = e.extensions?.code ?? "(none)";
            codes[code] = (codes[code] ?? 0) + 1;
            if (!TYPED.has(code)) problems.push(`${where}: ${code}: ${e.message.slice(0, 200)}`);
          }
          if (answer.data) problems.push(`${where}: data and errors together`);
          const after = await tableCounts(env.sql);
          for (const [table, n] of Object.entries(after)) {
            if (before[table] !== n)
              problems.push(`${where}: refused, yet ${table} went from ${before[table]} to ${n}`);
          }
          before = after;
        } else if (answer.data?.[field.name] !== undefined) {
          successes++;
          await quiet();
          await reseed();
          before = await tableCounts(env.sql);
        } else {
          problems.push(`${where}: neither data nor errors: ${JSON.stringify(answer).slice(0, 200)}`);
        }
      }
      // Between batches: the server still answers an ordinary query.
      const health = await env.api[0]!.request<{ tasks: unknown[] }>("{ tasks { name } }");
      expect(health.data?.tasks, `after ${field.name}`).toBeDefined();
      perMutation.push(`${field.name} ${calls - c0}/${successes - s0}/${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }
    console.log(`fuzz per mutation (calls/successes/time): ${perMutation.join(", ")}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const byCode = Object.entries(codes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(", ");
    console.log(
      `fuzz: ${mutations.length} mutations, ${calls} calls in ${seconds} s: ${successes} successes, typed errors: ${byCode}; problems: ${problems.length}`,
    );
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
  }, 600_000);
});
