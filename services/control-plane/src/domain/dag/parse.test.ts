import { describe, expect, it } from "vitest";
import { type DagGraph, parseDag } from "./index.js";

/** Edges as text: "a -> b" for always-edges, "a -[FAILED]-> x" for outcome edges. */
const edgeText = (g: DagGraph): string[] =>
  g.edges.map((e) => (e.on === null ? `${e.from} -> ${e.to}` : `${e.from} -[${e.on}]-> ${e.to}`));

const graphOf = (source: string): DagGraph => {
  const result = parseDag(source);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.graph;
};

interface Case {
  name: string;
  dsl: string;
  nodes: string[];
  edges: string[];
  start: string[];
}

// Written from SCDF's documented grammar (Composed Tasks DSL: conditional,
// transitional and split execution), plus the shapes the runtime must get right.
const CASES: Case[] = [
  { name: "a single task", dsl: "settle", nodes: ["settle"], edges: [], start: ["settle"] },
  {
    name: "a sequence",
    dsl: "task1 && task2 && task3",
    nodes: ["task1", "task2", "task3"],
    edges: ["task1 -> task2", "task2 -> task3"],
    start: ["task1"],
  },
  {
    name: "a split",
    dsl: "<foo || bar || baz>",
    nodes: ["foo", "bar", "baz"],
    edges: [],
    start: ["foo", "bar", "baz"],
  },
  {
    name: "a split between tasks (fork and join)",
    dsl: "prep && <a || b> && post",
    nodes: ["prep", "a", "b", "post"],
    edges: ["prep -> a", "prep -> b", "a -> post", "b -> post"],
    start: ["prep"],
  },
  {
    name: "a split containing conditional execution",
    dsl: "<foo && bar || baz>",
    nodes: ["foo", "bar", "baz"],
    edges: ["foo -> bar"],
    start: ["foo", "baz"],
  },
  {
    name: "a nested split followed by a task inside a branch",
    dsl: "<a || <b || c> && d>",
    nodes: ["a", "b", "c", "d"],
    edges: ["b -> d", "c -> d"],
    start: ["a", "b", "c"],
  },
  {
    name: "chained splits",
    dsl: "<a || b> && <c || d>",
    nodes: ["a", "b", "c", "d"],
    edges: ["a -> c", "b -> c", "a -> d", "b -> d"],
    start: ["a", "b"],
  },
  {
    name: "a split followed by a join task",
    dsl: "<foo || bar || baz> && <qux || quux> && e",
    nodes: ["foo", "bar", "baz", "qux", "quux", "e"],
    edges: [
      "foo -> qux",
      "bar -> qux",
      "baz -> qux",
      "foo -> quux",
      "bar -> quux",
      "baz -> quux",
      "qux -> e",
      "quux -> e",
    ],
    start: ["foo", "bar", "baz"],
  },
  {
    name: "basic transitions with a wildcard",
    dsl: "a 'FAILED' -> x 'COMPLETED' -> y '*' -> z",
    nodes: ["a", "x", "y", "z"],
    edges: ["a -[FAILED]-> x", "a -[COMPLETED]-> y", "a -[*]-> z"],
    start: ["a"],
  },
  {
    name: "a transition followed by conditional execution (the && part runs on '*')",
    dsl: "foo 'FAILED' -> bar 'UNKNOWN' -> baz && qux && quux",
    nodes: ["foo", "bar", "baz", "qux", "quux"],
    edges: ["foo -[FAILED]-> bar", "foo -[UNKNOWN]-> baz", "foo -[*]-> qux", "qux -> quux"],
    start: ["foo"],
  },
  {
    name: "custom exit messages, $END and $FAIL",
    dsl: "check 'NO_DATA' -> $END 'CORRUPT' -> $FAIL && load",
    nodes: ["check", "load"],
    edges: ["check -[NO_DATA]-> $END", "check -[CORRUPT]-> $FAIL", "check -[*]-> load"],
    start: ["check"],
  },
  {
    name: "exit-code checks and an unquoted wildcard, as SCDF allows",
    dsl: "a 3 -> b * -> c",
    nodes: ["a", "b", "c"],
    edges: ["a -[3]-> b", "a -[*]-> c"],
    start: ["a"],
  },
  {
    name: "labels let one task appear twice",
    dsl: "first: settle && again: settle 'FAILED' -> alert: notify",
    nodes: ["first", "again", "alert"],
    edges: ["first -> again", "again -[FAILED]-> alert"],
    start: ["first"],
  },
  {
    name: "a transition inside a split branch joins from every way the branch can end",
    dsl: "<a 'FAILED' -> x || b> && c",
    nodes: ["a", "x", "b", "c"],
    edges: ["a -[FAILED]-> x", "a -> c", "x -> c", "b -> c"],
    start: ["a", "b"],
  },
  {
    name: "a split after a node with transitions forks on '*'",
    dsl: "a 'FAILED' -> x && <b || c> && d",
    nodes: ["a", "x", "b", "c", "d"],
    edges: ["a -[FAILED]-> x", "a -[*]-> b", "a -[*]-> c", "b -> d", "c -> d"],
    start: ["a"],
  },
  {
    name: "parentheses only group",
    dsl: "(a && b) && <(c && d) || e>",
    nodes: ["a", "b", "c", "d", "e"],
    edges: ["a -> b", "b -> c", "c -> d", "b -> e"],
    start: ["a"],
  },
  {
    name: "a labelled split",
    dsl: "grp: <a || b> && c",
    nodes: ["a", "b", "c"],
    edges: ["a -> c", "b -> c"],
    start: ["a", "b"],
  },
  {
    name: "newlines and tabs anywhere between tokens",
    dsl: "\n  extract\n&&\n\t<load-a\n ||\nload_b>\r\n  &&  report 'FAILED'\n->\n  page: notify\n",
    nodes: ["extract", "load-a", "load_b", "report", "page"],
    edges: [
      "extract -> load-a",
      "extract -> load_b",
      "load-a -> report",
      "load_b -> report",
      "report -[FAILED]-> page",
    ],
    start: ["extract"],
  },
];

describe("parseDag: SCDF composed-task DSL", () => {
  it.each(CASES)("$name", ({ dsl, nodes, edges, start }) => {
    const graph = graphOf(dsl);
    expect(graph.nodes.map((n) => n.id)).toEqual(nodes);
    expect(edgeText(graph)).toEqual(edges);
    expect(graph.start).toEqual(start);
  });

  it("gives nodes a task, a label (the id) and arguments", () => {
    const graph = graphOf("s1: settle --date=2024-01-31 --msg='hello world' && report --q=\"say 'hi'\" --e=''");
    expect(graph.nodes).toEqual([
      { id: "s1", label: "s1", task: "settle", arguments: ["--date=2024-01-31", "--msg=hello world"] },
      { id: "report", label: "report", task: "report", arguments: ["--q=say 'hi'", "--e="] },
    ]);
  });

  it("reads arguments on transition targets and stops unquoted values where SCDF does", () => {
    const graph = graphOf("<a --x=1||b --spring.batch.size=10> && c 'FAILED' -> d --why=oops\n&&e");
    expect(graph.nodes.map((n) => [n.id, n.arguments])).toEqual([
      ["a", ["--x=1"]],
      ["b", ["--spring.batch.size=10"]],
      ["c", []],
      ["d", ["--why=oops"]],
      ["e", []],
    ]);
    expect(edgeText(graph)).toContain("c -[*]-> e");
  });

  it("keeps exit messages exactly as quoted, spaces and doubled quotes included", () => {
    const graph = graphOf("a 'NO DATA' -> b 'it''s late' -> c");
    expect(graph.edges.map((e) => e.on)).toEqual(["NO DATA", "it's late"]);
  });
});
