import { describe, expect, it } from "vitest";
import { type DagGraph, type DagProgress, nextNodes, outcomeStatus, parseDag } from "./index.js";

const graphOf = (source: string): DagGraph => {
  const result = parseDag(source);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.graph;
};

/** nextNodes with finished statuses as an object and running ids as a list. */
const step = (source: string, finished: Record<string, string>, running: string[] = []): DagProgress =>
  nextNodes(graphOf(source), new Map(Object.entries(finished)), new Set(running));

const ready = (...ids: string[]): DagProgress => ({ ready: ids, done: false, failed: false });
const DONE: DagProgress = { ready: [], done: true, failed: false };
const FAILED: DagProgress = { ready: [], done: true, failed: true };
const WAITING: DagProgress = { ready: [], done: false, failed: false };

describe("nextNodes: sequences", () => {
  const dsl = "a && b";
  it("starts with the start nodes, waits while one runs, moves on when it COMPLETED", () => {
    expect(step(dsl, {})).toEqual(ready("a"));
    expect(step(dsl, {}, ["a"])).toEqual(WAITING);
    expect(step(dsl, { a: "COMPLETED" })).toEqual(ready("b"));
    expect(step(dsl, { a: "COMPLETED", b: "COMPLETED" })).toEqual(DONE);
  });

  it("stops and fails when a task without transitions does not complete", () => {
    expect(step(dsl, { a: "FAILED" })).toEqual(FAILED);
    // An exit message nobody handles is not COMPLETED either (SCDF: '*' -> fail).
    expect(step(dsl, { a: "PARTIAL" })).toEqual(FAILED);
  });
});

describe("nextNodes: transitions", () => {
  const dsl = "a 'FAILED' -> x 'COMPLETED' -> y";
  it("follows the FAILED path, and the run succeeds when the handler does", () => {
    expect(step(dsl, { a: "FAILED" })).toEqual(ready("x"));
    expect(step(dsl, { a: "FAILED", x: "COMPLETED" })).toEqual(DONE);
    expect(step(dsl, { a: "FAILED", x: "FAILED" })).toEqual(FAILED);
  });

  it("follows the COMPLETED path", () => {
    expect(step(dsl, { a: "COMPLETED" })).toEqual(ready("y"));
  });

  it("ends normally on a status no transition names, unless it is FAILED", () => {
    expect(step(dsl, { a: "NO_DATA" })).toEqual(DONE);
    expect(step("a 'NO_DATA' -> x", { a: "FAILED" })).toEqual(FAILED);
    expect(step("a 'NO_DATA' -> x", { a: "COMPLETED" })).toEqual(DONE);
  });

  it("takes '*' when nothing else matches, and an exact match first", () => {
    const wild = "a 'FAILED' -> x '*' -> z";
    expect(step(wild, { a: "SOMETHING_ELSE" })).toEqual(ready("z"));
    expect(step(wild, { a: "COMPLETED" })).toEqual(ready("z"));
    expect(step(wild, { a: "FAILED" })).toEqual(ready("x"));
  });

  it("runs the && successor of a node with transitions for any unmatched status, as SCDF does", () => {
    const dsl2 = "a 'NO_DATA' -> x && b && c";
    expect(step(dsl2, { a: "COMPLETED" })).toEqual(ready("b"));
    expect(step(dsl2, { a: "FAILED" })).toEqual(ready("b"));
    expect(step(dsl2, { a: "NO_DATA" })).toEqual(ready("x"));
    expect(step(dsl2, { a: "NO_DATA", x: "COMPLETED" })).toEqual(DONE);
  });

  it("ends the path on $END and fails the run on $FAIL", () => {
    const dsl2 = "check 'NO_DATA' -> $END 'CORRUPT' -> $FAIL && load";
    expect(step(dsl2, { check: "NO_DATA" })).toEqual(DONE);
    expect(step(dsl2, { check: "CORRUPT" })).toEqual(FAILED);
    expect(step(dsl2, { check: "COMPLETED" })).toEqual(ready("load"));
  });
});

describe("nextNodes: splits", () => {
  it("forks to every branch and joins when all branches have ended", () => {
    const dsl = "<a || b> && c";
    expect(step(dsl, {})).toEqual(ready("a", "b"));
    expect(step(dsl, { a: "COMPLETED" }, ["b"])).toEqual(WAITING);
    expect(step(dsl, { a: "COMPLETED", b: "COMPLETED" })).toEqual(ready("c"));
  });

  it("fails the split when a branch fails: the join never runs, the other branch finishes", () => {
    const dsl = "<a && b || c && d> && e";
    expect(step(dsl, { a: "FAILED" }, ["c"])).toEqual({ ready: [], done: false, failed: true });
    expect(step(dsl, { a: "FAILED", c: "COMPLETED" })).toEqual({ ready: ["d"], done: false, failed: true });
    expect(step(dsl, { a: "FAILED", c: "COMPLETED", d: "COMPLETED" })).toEqual(FAILED);
  });

  it("waits for a branch whose path went along a transition", () => {
    const dsl = "<a 'FAILED' -> x || b> && c";
    expect(step(dsl, { a: "FAILED", b: "COMPLETED" })).toEqual(ready("x"));
    expect(step(dsl, { a: "FAILED", b: "COMPLETED", x: "COMPLETED" })).toEqual(ready("c"));
    expect(step(dsl, { a: "FAILED", b: "COMPLETED", x: "FAILED" })).toEqual(FAILED);
    expect(step(dsl, { a: "COMPLETED", b: "COMPLETED" })).toEqual(ready("c"));
    // A status the branch's transitions leave alone ends the branch cleanly.
    expect(step(dsl, { a: "NO_DATA", b: "COMPLETED" })).toEqual(ready("c"));
  });

  it("counts a branch ended by $END as done, and one ended by $FAIL as failed", () => {
    const dsl = "<a 'NO_DATA' -> $END 'BAD' -> $FAIL && b || c> && d";
    expect(step(dsl, { a: "NO_DATA", c: "COMPLETED" })).toEqual(ready("d"));
    expect(step(dsl, { a: "BAD", c: "COMPLETED" })).toEqual(FAILED);
    expect(step(dsl, { a: "COMPLETED", c: "COMPLETED" })).toEqual(ready("b"));
  });

  it("joins nested and chained splits", () => {
    const nested = "<a || <b || c> && d> && e";
    expect(step(nested, { a: "COMPLETED", b: "COMPLETED" }, ["c"])).toEqual(WAITING);
    expect(step(nested, { a: "COMPLETED", b: "COMPLETED", c: "COMPLETED" })).toEqual(ready("d"));
    expect(step(nested, { a: "COMPLETED", b: "COMPLETED", c: "COMPLETED", d: "COMPLETED" })).toEqual(ready("e"));
    const chained = "<a || b> && <c || d>";
    expect(step(chained, { a: "COMPLETED", b: "COMPLETED" })).toEqual(ready("c", "d"));
    expect(step(chained, { a: "COMPLETED", b: "FAILED" })).toEqual(FAILED);
  });

  it("never offers a node that is running or finished", () => {
    expect(step("<a || b || c>", { a: "COMPLETED" }, ["b"])).toEqual(ready("c"));
  });
});

describe("nextNodes: SCDF shapes (one-branch splits, both wildcards, label jumps, sequences)", () => {
  it("lets a transition's target rejoin the flow through a one-branch split", () => {
    const dsl = "<a 'X' -> b> && c";
    expect(step(dsl, {})).toEqual(ready("a"));
    expect(step(dsl, { a: "COMPLETED" })).toEqual(ready("c"));
    expect(step(dsl, { a: "X" })).toEqual(ready("b"));
    expect(step(dsl, { a: "X" }, ["b"])).toEqual(WAITING);
    expect(step(dsl, { a: "X", b: "COMPLETED" })).toEqual(ready("c"));
    expect(step(dsl, { a: "X", b: "COMPLETED", c: "COMPLETED" })).toEqual(DONE);
    expect(step(dsl, { a: "X", b: "FAILED" })).toEqual(FAILED);
    // Without the split, c is the '*' successor of a, and b's path ends at b.
    expect(step("a 'X' -> b && c", { a: "X", b: "COMPLETED" })).toEqual(DONE);
  });

  it("runs both targets when a node has both wildcards, after an exact match is ruled out", () => {
    const dsl = "a 'FAILED' -> f * -> b '*' -> c";
    expect(step(dsl, { a: "COMPLETED" })).toEqual(ready("b", "c"));
    expect(step(dsl, { a: "FAILED" })).toEqual(ready("f"));
  });

  it("jumps forward in the flow, skipping what lies between", () => {
    const dsl = "a 'FAILED' -> :c && b && c: report";
    expect(step(dsl, { a: "COMPLETED" })).toEqual(ready("b"));
    expect(step(dsl, { a: "COMPLETED", b: "COMPLETED" })).toEqual(ready("c"));
    expect(step(dsl, { a: "FAILED" })).toEqual(ready("c"));
    expect(step(dsl, { a: "FAILED", c: "COMPLETED" })).toEqual(DONE);
  });

  it("runs a secondary sequence only when jumped to, and ends where the jumping flow ends", () => {
    const dsl = "a 'FAILED' -> :recover && b\nrecover: fix && retry: a-again";
    expect(step(dsl, {})).toEqual(ready("a"));
    expect(step(dsl, { a: "COMPLETED" })).toEqual(ready("b"));
    expect(step(dsl, { a: "COMPLETED", b: "COMPLETED" })).toEqual(DONE);
    expect(step(dsl, { a: "FAILED" })).toEqual(ready("recover"));
    expect(step(dsl, { a: "FAILED", recover: "COMPLETED" })).toEqual(ready("retry"));
    expect(step(dsl, { a: "FAILED", recover: "COMPLETED", retry: "COMPLETED" })).toEqual(DONE);
    expect(step(dsl, { a: "FAILED", recover: "FAILED" })).toEqual(FAILED);
  });

  it("joins a sequence jumped to from a split branch back to what follows the split", () => {
    const dsl = "<a 'FAILED' -> :recover || b> && c\nrecover: fix";
    expect(step(dsl, { a: "FAILED", b: "COMPLETED" })).toEqual(ready("recover"));
    expect(step(dsl, { a: "FAILED", b: "COMPLETED" }, ["recover"])).toEqual(WAITING);
    expect(step(dsl, { a: "FAILED", b: "COMPLETED", recover: "COMPLETED" })).toEqual(ready("c"));
    expect(step(dsl, { a: "COMPLETED", b: "COMPLETED" })).toEqual(ready("c"));
    expect(step(dsl, { a: "FAILED", b: "COMPLETED", recover: "FAILED" })).toEqual(FAILED);
  });
});

describe("outcomeStatus: SCDF's exit status", () => {
  it("uses the exit message, else the exit code", () => {
    expect(outcomeStatus({ status: "COMPLETED", exitMessage: "NO_DATA", exitCode: 0 })).toBe("NO_DATA");
    expect(outcomeStatus({ status: "FAILED", exitMessage: " CORRUPT\n", exitCode: 3 })).toBe("CORRUPT");
    expect(outcomeStatus({ status: "COMPLETED", exitCode: 0 })).toBe("COMPLETED");
    expect(outcomeStatus({ status: "COMPLETED", exitMessage: "  " })).toBe("COMPLETED");
    expect(outcomeStatus({ status: "FAILED", exitCode: 2 })).toBe("FAILED");
    expect(outcomeStatus({ status: "FAILED", exitCode: null })).toBe("FAILED");
  });

  it("treats a run that did not end by itself as FAILED, whatever it printed", () => {
    for (const status of ["TIMED_OUT", "LOST", "EXPIRED"] as const) {
      expect(outcomeStatus({ status, exitMessage: "COMPLETED", exitCode: 0 })).toBe("FAILED");
    }
  });

  it("calls a cancelled run CANCELLED, never FAILED or what it printed (a cancelled node cancels its DAG run)", () => {
    expect(outcomeStatus({ status: "CANCELLED", exitMessage: "COMPLETED", exitCode: 0 })).toBe("CANCELLED");
    expect(outcomeStatus({ status: "CANCELLED", exitCode: null })).toBe("CANCELLED");
  });
});
