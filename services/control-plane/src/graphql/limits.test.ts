import { readFileSync } from "node:fs";
import {
  buildSchema,
  type DocumentNode,
  Kind,
  Lexer,
  parse,
  print,
  Source,
  specifiedRules,
  TokenKind,
  validate,
} from "graphql";
import { describe, expect, it } from "vitest";
import { armorRules } from "./armor.js";
import { DEFAULT_LIMITS } from "./limits.js";

const root = new URL("../../../../", import.meta.url);
const schema = buildSchema(readFileSync(new URL("services/control-plane/schema.graphql", root), "utf8"));

/** Every document the console sends (web/src/lib/documents.ts), each with the fragments it uses. */
function consoleDocuments(): { name: string; document: DocumentNode }[] {
  const source = readFileSync(new URL("web/src/lib/documents.ts", root), "utf8");
  const bodies = [...source.matchAll(/graphql\(`([\s\S]*?)`\)/g)].map((m) => m[1] ?? "");
  const parsed = bodies.map((b) => parse(b));
  const fragments = parsed.flatMap((d) => d.definitions.filter((x) => x.kind === Kind.FRAGMENT_DEFINITION));
  const spreads = (text: string) => new Set([...text.matchAll(/\.\.\.(\w+)/g)].map((m) => m[1] ?? ""));
  return parsed.flatMap((d, i) =>
    d.definitions
      .filter((x) => x.kind === Kind.OPERATION_DEFINITION)
      .map((op) => {
        // Fragments used directly or through other fragments.
        const used = new Set<string>();
        let frontier: Set<string> = spreads(bodies[i] ?? "");
        while (frontier.size > 0) {
          const next = new Set<string>();
          for (const name of frontier) {
            if (!name || used.has(name)) continue;
            used.add(name);
            const body = bodies.find((b) => b.includes(`fragment ${name} `)) ?? "";
            for (const s of spreads(body)) next.add(s);
          }
          frontier = next;
        }
        const own = fragments.filter((f) => used.has(f.name.value));
        return { name: op.name?.value ?? "?", document: { kind: Kind.DOCUMENT, definitions: [op, ...own] } };
      }),
  );
}

type Rule = "depth" | "cost" | "aliases" | "directives";

const passes = (document: DocumentNode, rule: Rule, n: number) =>
  validate(
    schema,
    document,
    armorRules({ ...DEFAULT_LIMITS, depth: 1e9, cost: 1e12, aliases: 1e9, directives: 1e9, [rule]: n }),
  ).length === 0;

/** The smallest limit a document passes, by bisection. */
function needed(document: DocumentNode, rule: Rule): number {
  let lo = 0;
  let hi = 1e9;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (passes(document, rule, mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function tokensOf(source: string): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

describe("GraphQL limits", () => {
  const documents = consoleDocuments();

  it("finds the console's documents", () => {
    expect(documents.length).toBeGreaterThan(25);
    expect(documents.map((d) => d.name)).toContain("Overview");
  });

  it.each(documents.map((d) => [d.name, d.document] as const))(
    "the console's %s passes the default limits",
    (_n, document) => {
      expect(
        validate(schema, document, [...specifiedRules, ...armorRules(DEFAULT_LIMITS)]).map((e) => e.message),
      ).toEqual([]);
      expect(() => parse(print(document), { maxLexicalTokens: DEFAULT_LIMITS.tokens })).not.toThrow();
    },
  );

  it("leaves room above what the console needs", () => {
    const most = (rule: Rule) => Math.max(...documents.map((d) => needed(d.document, rule)));
    const tokens = Math.max(...documents.map((d) => tokensOf(print(d.document))));
    const measured = {
      depth: most("depth"),
      cost: most("cost"),
      aliases: most("aliases"),
      directives: most("directives"),
    };
    console.log(`console documents need at most ${JSON.stringify({ ...measured, tokens })}`);
    expect(DEFAULT_LIMITS.tokens).toBeGreaterThanOrEqual(tokens * 2);
    expect(DEFAULT_LIMITS.depth).toBeGreaterThanOrEqual(measured.depth + 2);
    expect(DEFAULT_LIMITS.cost).toBeGreaterThanOrEqual(measured.cost * 1.5);
    expect(DEFAULT_LIMITS.aliases).toBeGreaterThanOrEqual(measured.aliases + 5);
  });

  it("refuses a deep query, many aliases, many directives and a costly list with a typed error naming the variable", () => {
    const deep = `{ execution(id: "x") { ${"restartOf { ".repeat(49)}id${" }".repeat(49)} } }`;
    const aliases = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: apps { name }`).join(" ")} }`;
    const directives = `{ apps { name ${"@include(if: true) ".repeat(30)} } }`;
    const costly = `{ executions(first: 100000) { edges { node { id status task { name } } } } }`;
    for (const [query, variable] of [
      [deep, "BATON_GRAPHQL_MAX_DEPTH"],
      [aliases, "BATON_GRAPHQL_MAX_ALIASES"],
      [directives, "BATON_GRAPHQL_MAX_DIRECTIVES"],
      [costly, "BATON_GRAPHQL_MAX_COST"],
    ] as const) {
      const errors = validate(schema, parse(query), armorRules(DEFAULT_LIMITS));
      const error = errors.find((e) => e.message.includes(variable));
      expect(error?.extensions.code, query.slice(0, 60)).toBe("GRAPHQL_VALIDATION_FAILED");
    }
  });
});
