// Helpers for the SDK's unit tests (excluded from the build). Every line a
// job prints is checked with the control plane's own parser.
import { expect } from "vitest";
import { parseStepLine, type StepLineRecord } from "../../proto/src/stepline.js";
import { type Counters, zeroCounters } from "./counters.js";
import { type MemoryIO, memoryIO } from "./io.js";
import { type JobOptions, type JobResult, runJob } from "./job.js";
import type { JsonValue } from "./json.js";
import type { StepStatus } from "./records.js";
import type { Step } from "./step.js";

export interface Ran {
  io: MemoryIO;
  result: JobResult;
  /** The step-line records, in order. */
  records: StepLineRecord[];
  /** The other stdout lines. */
  logs: string[];
}

export interface RunOptions extends Omit<JobOptions, "io"> {
  env?: Record<string, string>;
  argv?: string[];
  /** Called with the io before the job starts, to stop it mid-run. */
  withIO?: (io: MemoryIO) => void;
}

export async function run(steps: readonly Step[], options: RunOptions = {}): Promise<Ran> {
  const { env, argv, withIO, ...jobOptions } = options;
  const io = memoryIO({ env: env ?? {}, argv: argv ?? [] });
  withIO?.(io);
  const result = await runJob("test-job", steps, { ...jobOptions, io });
  const records: StepLineRecord[] = [];
  const logs: string[] = [];
  for (const line of io.stdout) {
    const parsed = parseStepLine(line);
    // A line with the marker that the control plane would refuse is a bug in the SDK.
    expect(parsed.kind, `line ${line}`).not.toBe("invalid");
    if (parsed.kind === "record") records.push(parsed.record);
    else logs.push(line);
  }
  expect(io.exitCode).toBe(result.exitCode);
  return { io, result, records, logs };
}

/** A step record with every counter, zero unless given. */
export function step(name: string, status: StepStatus, counters: Partial<Counters> = {}, message?: string) {
  return {
    v: 1,
    type: "step",
    step: name,
    status,
    ...zeroCounters(),
    ...counters,
    ...(message === undefined ? {} : { message }),
  };
}

export function checkpoint(name: string, state: JsonValue) {
  return { v: 1, type: "checkpoint", step: name, state };
}

export function resumeEnv(restartOf: string, completedSteps: string[], checkpoints: Record<string, JsonValue>) {
  return { BATON_RESUME: JSON.stringify({ restartOf, completedSteps, checkpoints }) };
}

/** Items 1..n. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
