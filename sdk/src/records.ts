import type { JsonValue } from "./json.js";

/**
 * The step-line protocol (proto/PROTOCOL.md), copied as plain types: the SDK
 * has no runtime dependencies, so it cannot import @baton/proto's zod
 * schemas. The unit tests check every line against the real parser.
 */
export const STEP_LINE_MARKER = "::baton::";

/** Limits the control plane's schema enforces; a longer value would make the whole line invalid. */
export const MAX_STEP_NAME = 200;
export const MAX_STEP_MESSAGE = 4000;
export const MAX_EXIT_MESSAGE = 200;
/** The runner cuts longer lines, which would turn a record into a broken log line. */
export const MAX_LINE_BYTES = 64 * 1024;

export type StepStatus = "STARTED" | "COMPLETED" | "FAILED" | "STOPPED";

export interface StepRecord {
  v: 1;
  type: "step";
  step: string;
  status: StepStatus;
  read?: number;
  write?: number;
  commit?: number;
  rollback?: number;
  skip?: number;
  filter?: number;
  message?: string;
}

export interface CheckpointRecord {
  v: 1;
  type: "checkpoint";
  step: string;
  state: JsonValue;
}

export interface ExitMessageRecord {
  v: 1;
  type: "exit-message";
  message: string;
}

export type StepLineRecord = StepRecord | CheckpointRecord | ExitMessageRecord;

export function formatStepLine(record: StepLineRecord): string {
  return STEP_LINE_MARKER + JSON.stringify(record);
}

/** Cuts text to `max` characters, marking the cut, so an over-long message still makes a valid record. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Throws a TypeError for a step name the protocol would refuse, at definition time rather than mid-run. */
export function checkStepName(name: string): string {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_STEP_NAME) {
    throw new TypeError(`A step name must be 1 to ${MAX_STEP_NAME} characters; got ${JSON.stringify(name)}.`);
  }
  return name;
}
