import type { RunEvent } from "@baton/proto";
import { describe, expect, it } from "vitest";
import { applyRunEventBatch } from "./run-event-batch.js";

const at = "2026-11-23T09:00:00.000Z";
const ev = (rseq: number, type: "started" | "log" | "exited"): RunEvent => {
  const base = { v: 1 as const, executionId: "e", runnerId: "r", rseq, at };
  if (type === "started") return { ...base, type, handle: { pid: 1 } };
  if (type === "log") return { ...base, type, lines: [{ stream: "stdout", text: `l${rseq}`, at }] };
  return { ...base, type, reason: "exit", exitCode: 0, signal: null };
};

describe("applyRunEventBatch", () => {
  it("folds a burst into one change with events in order", () => {
    const out = applyRunEventBatch("DISPATCHED", 0, new Map(), [ev(1, "started"), ev(2, "log"), ev(3, "exited")]);
    expect(out.verdicts).toEqual(["applied", "applied", "applied"]);
    expect(out.runnerSeq).toBe(3);
    expect(out.execution.status).toBe("COMPLETED");
    expect(out.events.map((e) => e.kind)).toEqual(["STATUS", "LOG", "STATUS"]);
  });

  it("skips duplicates and holds back everything after a gap", () => {
    const out = applyRunEventBatch("RUNNING", 2, new Map(), [
      ev(2, "log"),
      ev(3, "log"),
      ev(5, "log"),
      ev(6, "exited"),
    ]);
    expect(out.verdicts).toEqual(["duplicate", "applied", "early", "early"]);
    expect(out.runnerSeq).toBe(3);
    expect(out.events).toHaveLength(1);
    expect(out.execution.status).toBeUndefined();
  });

  it("drops what waits behind a gap once the execution ended: the gap can no longer matter", () => {
    const out = applyRunEventBatch("LOST", 2, new Map(), [ev(4, "log"), ev(5, "exited")]);
    expect(out.verdicts).toEqual(["duplicate", "duplicate"]);
    expect(out.runnerSeq).toBe(2);
    expect(out.execution.status).toBeUndefined();
    expect(out.events).toEqual([]);
  });

  it("acknowledges events of an execution declared LOST without changing it", () => {
    const out = applyRunEventBatch("LOST", 3, new Map(), [ev(4, "log"), ev(5, "exited")]);
    expect(out.verdicts).toEqual(["applied", "applied"]);
    expect(out.runnerSeq).toBe(5);
    expect(out.execution).toEqual({});
    expect(out.events.map((e) => [e.kind, e.payload])).toEqual([
      [
        "LOG",
        { stream: "system", text: 'runner r reported "exited with code 0" after the run had ended as LOST; ignored' },
      ],
    ]);
  });

  it("counts the output lines each stream adds (step lines are stdout lines, the runner's own are not)", () => {
    const base = { v: 1 as const, executionId: "e", runnerId: "r", at };
    const out = applyRunEventBatch("RUNNING", 1, new Map(), [
      {
        ...base,
        rseq: 2,
        type: "log",
        lines: [
          { stream: "stdout", text: "a", at },
          { stream: "stderr", text: "b", at },
          { stream: "system", text: "c", at },
          { stream: "stdout", text: "d", at },
        ],
      },
      { ...base, rseq: 3, type: "report", record: { v: 1, type: "step", step: "s", status: "STARTED" } },
      { ...base, rseq: 3, type: "log", lines: [{ stream: "stdout", text: "duplicate", at }] },
      { ...base, rseq: 4, type: "report", record: { v: 1, type: "checkpoint", step: "s", state: { n: 1 } } },
    ]);
    expect(out.execution.addLines).toEqual({ stdout: 4, stderr: 1 });
  });

  it("counts a merged platform's combined lines as stdout, where a recovered run resumes them", () => {
    const base = { v: 1 as const, executionId: "e", runnerId: "r", at };
    const out = applyRunEventBatch("RUNNING", 1, new Map(), [
      {
        ...base,
        rseq: 2,
        type: "log",
        lines: [
          { stream: "combined", text: "a", at },
          { stream: "system", text: "b", at },
          { stream: "combined", text: "c", at },
        ],
      },
    ]);
    expect(out.execution.addLines).toEqual({ stdout: 2, stderr: 0 });
  });

  it("keeps what the platform said of the end (OOM_KILLED) as the exit message and in the verdict", () => {
    const base = { v: 1 as const, executionId: "e", runnerId: "r", at };
    const message = "OOM_KILLED: the container exceeded its memory limit of 96 MiB";
    const out = applyRunEventBatch("RUNNING", 1, new Map(), [
      { ...base, rseq: 2, type: "exited", reason: "exit", exitCode: 137, signal: null, message },
    ]);
    expect(out.execution).toMatchObject({
      status: "FAILED",
      exitCode: 137,
      exitMessage: message,
      errorMessage: message,
    });
    expect(out.events.at(-1)?.payload).toMatchObject({ cause: `${message} (exited with code 137)` });
  });
});
