import { describe, expect, it } from "vitest";
import { checkDag, type DagGraph, EMPTY_DEFINITION_MESSAGE, parseDag, validateGraph } from "./index.js";

const node = (id: string, task = id) => ({ id, label: id, task, arguments: [] });
const known = new Set(["settle", "report", "notify", "a", "b", "c"]);

describe("validateGraph", () => {
  it("accepts a parsed graph whose tasks all exist", () => {
    const parsed = parseDag("settle 'FAILED' -> notify && <a || b> && report");
    expect(parsed.ok && validateGraph(parsed.graph, known, parsed.positions)).toEqual([]);
  });

  it("points at each reference to an unknown task", () => {
    expect(checkDag("settle &&\n  reprot && x: reprot", known)).toEqual({
      ok: false,
      errors: [
        { line: 2, column: 3, message: "unknown task 'reprot': create the task first, or check the spelling" },
        { line: 2, column: 16, message: "unknown task 'reprot': create the task first, or check the spelling" },
      ],
    });
    expect(checkDag("settle && report", known).ok).toBe(true);
  });

  it("refuses an empty graph with the same message as an empty definition", () => {
    expect(validateGraph({ nodes: [], edges: [], start: [] }, known)).toEqual([
      { line: 1, column: 1, message: EMPTY_DEFINITION_MESSAGE },
    ]);
  });

  it("finds a cycle in a stored graph and names it", () => {
    const graph: DagGraph = {
      nodes: [node("a"), node("b"), node("c")],
      edges: [
        { from: "a", to: "b", on: null },
        { from: "b", to: "c", on: null },
        { from: "c", to: "b", on: "FAILED" },
      ],
      start: ["a"],
    };
    expect(validateGraph(graph, known)).toEqual([
      { line: 0, column: 0, message: "the graph has a cycle (c -> b -> c): a DAG never comes back to a node" },
    ]);
  });

  it("refuses transitions to nowhere, always-edges to $END, bad starts and duplicate ids", () => {
    const graph: DagGraph = {
      nodes: [node("a"), node("b"), node("b")],
      edges: [
        { from: "a", to: "ghost", on: "FAILED" },
        { from: "a", to: "$END", on: null },
        { from: "a", to: "$FAIL", on: "BAD" },
        { from: "phantom", to: "b", on: null },
      ],
      start: ["b"],
    };
    expect(validateGraph(graph, known).map((e) => e.message)).toEqual([
      "two nodes have the id 'b'",
      "'a' has a transition on 'FAILED' to 'ghost', which is not a node",
      "'a' always leads to $END: only a transition can end or fail a run",
      "an edge starts at 'phantom', which is not a node",
      "start must list the nodes without incoming edges (a)",
    ]);
  });
});
