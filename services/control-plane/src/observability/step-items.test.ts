import { describe, expect, it } from "vitest";
import type { StepState } from "../domain/run-events.js";
import { stepItemDeltas } from "./step-items.js";

const step = (name: string, read: number, write: number, skip: number): StepState => ({
  name,
  status: "STARTED",
  readCount: read,
  writeCount: write,
  commitCount: 0,
  rollbackCount: 0,
  skipCount: skip,
  filterCount: 0,
  exitMessage: null,
  startedAt: null,
  endedAt: null,
  checkpoint: null,
  position: 0,
});

describe("stepItemDeltas", () => {
  it("counts what a step line added to the totals already stored", () => {
    const before = new Map([["load", step("load", 100, 90, 1)]]);
    expect(stepItemDeltas(before, [step("load", 250, 240, 1), step("export", 5, 0, 0)])).toEqual([
      { step: "load", kind: "read", count: 150 },
      { step: "load", kind: "write", count: 150 },
      { step: "export", kind: "read", count: 5 },
    ]);
  });

  it("takes a total that went down as a new count from zero, and records nothing unchanged", () => {
    const before = new Map([["load", step("load", 100, 100, 0)]]);
    expect(stepItemDeltas(before, [step("load", 10, 100, 0)])).toEqual([{ step: "load", kind: "read", count: 10 }]);
  });
});
