import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../domain/events.js";
import type { RunFacts } from "../store/metrics-store.js";
import { NO_METRICS, type RunMetrics } from "./metrics.js";
import { RunObserver } from "./run-observer.js";

const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 0, 0, 0, ms));
const status = (executionId: string, s: string, ms: number, seq = 1): StoredEvent =>
  ({ executionId, seq, kind: "STATUS", payload: { status: s, cause: "" }, at: at(ms) }) as StoredEvent;

function recorder() {
  const calls: string[] = [];
  const metrics: RunMetrics = {
    ...NO_METRICS,
    executionStarted: (task, wait) => void calls.push(`started ${task} ${wait}`),
    executionEnded: (task, s, ran) => void calls.push(`ended ${task} ${s} ${ran}`),
    dagNodeEnded: (dag, node, ran) => void calls.push(`node ${dag}/${node} ${ran}`),
    eventsIngested: (kind, n) => void calls.push(`events ${kind} ${n}`),
  };
  return { calls, metrics };
}

describe("RunObserver", () => {
  it("records what ingestion told it at once, with no lookup, even started and ended in one batch", async () => {
    const { calls, metrics } = recorder();
    const lookups: string[][] = [];
    const observer = new RunObserver(
      metrics,
      async (ids) => {
        lookups.push([...ids]);
        return [];
      },
      () => undefined,
    );
    observer.facts("e1", { task: "settle", queuedAt: at(0), startedAt: null, dagId: null });
    observer.stored("e1", [status("e1", "RUNNING", 250), status("e1", "COMPLETED", 1250, 2)]);
    await observer.settle();
    expect(calls).toEqual(["started settle 0.25", "ended settle COMPLETED 1", "events STATUS 2"]);
    expect(lookups).toEqual([]);
  });

  it("looks up, in one query, what other writers ended and DAG nodes, and counts a run that never started", async () => {
    const { calls, metrics } = recorder();
    const lookups: string[][] = [];
    const facts: RunFacts[] = [
      { id: "lost", task: "export", queuedAt: at(0), startedAt: at(1000), dag: null, node: null },
      { id: "node", task: "load", queuedAt: at(0), startedAt: at(500), dag: "nightly", node: "load" },
      { id: "queued", task: "export", queuedAt: at(0), startedAt: null, dag: null, node: null },
    ];
    const observer = new RunObserver(
      metrics,
      async (ids) => {
        lookups.push([...ids]);
        return facts;
      },
      () => undefined,
    );
    observer.facts("node", { task: "load", queuedAt: at(0), startedAt: at(500), dagId: "d1" });
    observer.stored("lost", [status("lost", "LOST", 3000)]);
    observer.stored("node", [status("node", "FAILED", 2500)]);
    observer.stored("queued", [status("queued", "CANCELLED", 100)]);
    await observer.settle();
    expect(lookups).toEqual([["lost", "node", "queued"]]);
    expect(calls.filter((c) => !c.startsWith("events"))).toEqual([
      "ended export LOST 2",
      "ended load FAILED 2",
      "node nightly/load 2",
      "ended export CANCELLED undefined",
    ]);
  });
});
