import { describe, expect, it } from "vitest";
import { checkDag, MAX_EDGES, nextNodes, parseDag, validateGraph } from "./index.js";

const N = 10_000;
// No timing here (shared machines are noisy): the benchmarks time these; the
// tests prove 10,000 nodes go through without recursion limits or wrong shapes.

const ids = (prefix: string): string[] => Array.from({ length: N }, (_, i) => `${prefix}${i}`);

describe("10,000-node definitions", () => {
  it("parses, validates and steps a labelled sequence without recursion", () => {
    const labels = ids("s");
    const source = labels.map((label) => `${label}: work --n=1`).join(" &&\n");
    const parsed = parseDag(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const errors = validateGraph(parsed.graph, new Set(["work"]), parsed.positions);
    const finished = new Map(labels.slice(0, -1).map((id) => [id, "COMPLETED"]));
    const progress = nextNodes(parsed.graph, finished, new Set());

    expect(errors).toEqual([]);
    expect(parsed.graph.nodes).toHaveLength(N);
    expect(parsed.graph.nodes[N - 1]).toEqual({ id: "s9999", label: "s9999", task: "work", arguments: ["--n=1"] });
    expect(parsed.graph.edges).toHaveLength(N - 1);
    expect(parsed.graph.edges[N - 2]).toEqual({ from: "s9998", to: "s9999", on: null });
    expect(parsed.graph.start).toEqual(["s0"]);
    expect(parsed.positions.get("s9999")).toEqual({ line: N, column: 8 });
    expect(progress).toEqual({ ready: ["s9999"], done: false, failed: false });
  });

  it("parses, validates and joins a split with 10,000 branches", () => {
    const branches = ids("t");
    const source = `prep && <${branches.join(" || ")}> && report`;
    const checked = checkDag(source, new Set(["prep", "report", ...branches]));
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const graph = checked.graph;
    const allDone = new Map([["prep", "COMPLETED"], ...branches.map((id): [string, string] => [id, "COMPLETED"])]);
    const joined = nextNodes(graph, allDone, new Set());
    const oneLeft = nextNodes(graph, new Map([...allDone].slice(0, -1)), new Set(["t9999"]));

    expect(graph.nodes).toHaveLength(N + 2);
    expect(graph.edges).toHaveLength(2 * N);
    expect(graph.edges[0]).toEqual({ from: "prep", to: "t0", on: null });
    expect(graph.edges[2 * N - 1]).toEqual({ from: "t9999", to: "report", on: null });
    expect(graph.start).toEqual(["prep"]);
    expect(nextNodes(graph, new Map([["prep", "COMPLETED"]]), new Set()).ready).toEqual(branches);
    expect(oneLeft).toEqual({ ready: [], done: false, failed: false });
    expect(joined).toEqual({ ready: ["report"], done: false, failed: false });
  });

  it("refuses a task reused 10,000 times without labels, one error per reuse", () => {
    const result = parseDag(Array.from({ length: N }, () => "work").join(" && "));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toHaveLength(N - 1);
  });

  it("refuses split-to-split joins that would need more than MAX_EDGES edges", () => {
    const side = (prefix: string, n: number): string =>
      `<${Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" || ")}>`;
    const result = parseDag(`${side("a", 400)} && ${side("b", 400)}`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.message).toMatch(`needs more than ${MAX_EDGES} edges`);
  });
});
