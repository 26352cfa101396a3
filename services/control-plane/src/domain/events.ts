import type { ExecutionStatus } from "./execution-state.js";

/** The persisted, numbered events of one execution (API.md ExecutionEvent). */
export type EventKind = "STATUS" | "LOG" | "STEP";

export interface StatusPayload {
  status: ExecutionStatus;
  cause: string;
  exitCode?: number | null;
}

export interface LogPayload {
  stream: string;
  text: string;
}

export interface StepSnapshot {
  name: string;
  status: string;
  readCount: number;
  writeCount: number;
  commitCount: number;
  rollbackCount: number;
  skipCount: number;
  filterCount: number;
  exitMessage: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

export type NewEvent =
  | { kind: "STATUS"; payload: StatusPayload; at: Date }
  | { kind: "LOG"; payload: LogPayload; at: Date }
  | { kind: "STEP"; payload: StepSnapshot; at: Date };

export type StoredEvent = NewEvent & { executionId: string; seq: number };

export function statusEvent(status: ExecutionStatus, cause: string, at: Date, exitCode?: number | null): NewEvent {
  const payload: StatusPayload = { status, cause };
  if (exitCode !== undefined) payload.exitCode = exitCode;
  return { kind: "STATUS", payload, at };
}
