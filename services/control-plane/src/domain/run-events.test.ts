import type { RunEvent } from "@baton/proto";
import { describe, expect, it } from "vitest";
import { canTransition, statusOnExit } from "./execution-state.js";
import { resolveRun } from "./manifest.js";
import { applyRunEvent, type StepState } from "./run-events.js";

const at = "2026-11-23T09:00:00.000Z";
const base = { v: 1 as const, executionId: "e1", runnerId: "r1", at };

describe("execution state machine", () => {
  it("moves forward only, and every terminal status is final, LOST included", () => {
    expect(canTransition("QUEUED", "RUNNING")).toBe(true);
    expect(canTransition("RUNNING", "DISPATCHED")).toBe(false);
    expect(canTransition("RUNNING", "LOST")).toBe(true);
    expect(canTransition("COMPLETED", "FAILED")).toBe(false);
    for (const to of ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "RUNNING"] as const) {
      expect(canTransition("LOST", to)).toBe(false);
    }
    expect(statusOnExit("exit", 0)).toBe("COMPLETED");
    expect(statusOnExit("exit", 2)).toBe("FAILED");
    expect(statusOnExit("cancelled", 143)).toBe("CANCELLED");
    expect(statusOnExit("timeout", null)).toBe("TIMED_OUT");
    expect(statusOnExit("error", null)).toBe("FAILED");
  });
});

describe("applyRunEvent", () => {
  it("started moves to RUNNING once and records the handle", () => {
    const e: RunEvent = { ...base, rseq: 1, type: "started", handle: { pid: 42, pgid: 42 } };
    const out = applyRunEvent("DISPATCHED", new Map(), e);
    expect(out.execution).toMatchObject({ status: "RUNNING", handle: { pid: 42, pgid: 42 }, runnerId: "r1" });
    expect(out.events.map((x) => x.kind)).toEqual(["STATUS"]);
    expect(applyRunEvent("CANCELLED", new Map(), e).events).toEqual([]);
  });

  it("turns log lines into one LOG event each, in order", () => {
    const e: RunEvent = {
      ...base,
      rseq: 2,
      type: "log",
      lines: [
        { stream: "stdout", text: "a", at },
        { stream: "stderr", text: "b", at },
      ],
    };
    expect(applyRunEvent("RUNNING", new Map(), e).events.map((x) => x.payload)).toEqual([
      { stream: "stdout", text: "a" },
      { stream: "stderr", text: "b" },
    ]);
  });

  it("keeps counters cumulative: a missing counter keeps its last value", () => {
    const first = applyRunEvent("RUNNING", new Map(), {
      ...base,
      rseq: 3,
      type: "report",
      record: { v: 1, type: "step", step: "chunk", status: "STARTED", read: 10, write: 9 },
    });
    const step = first.steps[0] as StepState;
    const second = applyRunEvent("RUNNING", new Map([["chunk", step]]), {
      ...base,
      rseq: 4,
      type: "report",
      record: { v: 1, type: "step", step: "chunk", status: "COMPLETED", read: 20 },
    });
    expect(second.steps[0]).toMatchObject({ status: "COMPLETED", readCount: 20, writeCount: 9, endedAt: at });
  });

  it("on exit, ends steps left STARTED and emits the final STATUS last", () => {
    const started: StepState = {
      name: "s",
      status: "STARTED",
      readCount: 1,
      writeCount: 0,
      commitCount: 0,
      rollbackCount: 0,
      skipCount: 0,
      filterCount: 0,
      exitMessage: null,
      startedAt: at,
      endedAt: null,
      checkpoint: { offset: 5 },
      position: 0,
    };
    const out = applyRunEvent("RUNNING", new Map([["s", started]]), {
      ...base,
      rseq: 5,
      type: "exited",
      reason: "cancelled",
      exitCode: null,
      signal: "SIGTERM",
    });
    expect(out.execution.status).toBe("CANCELLED");
    expect(out.steps[0]).toMatchObject({ status: "STOPPED", checkpoint: { offset: 5 } });
    expect(out.events.map((x) => x.kind)).toEqual(["STEP", "STATUS"]);
  });

  it("never changes an execution that already ended: a late exit leaves one system line", () => {
    const exit: RunEvent = { ...base, rseq: 9, type: "exited", reason: "exit", exitCode: 0, signal: null };
    const out = applyRunEvent("LOST", new Map(), exit);
    expect(out.execution).toEqual({});
    expect(out.steps).toEqual([]);
    expect(out.events).toEqual([
      {
        kind: "LOG",
        payload: {
          stream: "system",
          text: 'runner r1 reported "exited with code 0" after the run had ended as LOST; ignored',
        },
        at: new Date(at),
      },
    ]);
    const late: RunEvent = { ...base, rseq: 8, type: "log", lines: [{ stream: "stdout", text: "late", at }] };
    expect(applyRunEvent("LOST", new Map(), late)).toEqual({ execution: {}, steps: [], events: [] });
    const started: RunEvent = { ...base, rseq: 1, type: "started", handle: { pid: 7 } };
    expect(applyRunEvent("CANCELLED", new Map(), started).execution).toEqual({});
  });
});

describe("resolveRun", () => {
  const manifest = {
    app: "settle",
    version: "1.0",
    uri: "file:///opt/settle.mjs",
    properties: { env: { A: "1" }, timeoutSeconds: 60 },
    arguments: ["--mode", "daily"],
  };

  it("appends launch arguments and lets launch properties win", () => {
    const run = resolveRun(manifest, ["--date", "x"], { env: { B: "2" }, timeoutSeconds: 5, memory: "1Mi" });
    expect(run.arguments).toEqual(["--mode", "daily", "--date", "x"]);
    expect(run.spec).toMatchObject({ env: { A: "1", B: "2" }, timeoutSeconds: 5, memory: 1048576, graceMs: 5000 });
    expect(run.platform).toBe("local");
    expect(run.pool).toBe("default");
  });

  it("refuses to run a container image on the local platform", () => {
    expect(() => resolveRun({ ...manifest, uri: "docker:settle:1" }, [], { platform: "local" })).toThrow(/platform/);
    expect(resolveRun({ ...manifest, uri: "docker:settle:1" }, [], {}).platform).toBe("docker");
  });
});
