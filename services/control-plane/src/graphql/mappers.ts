import type { LogPayload, StatusPayload, StepSnapshot, StoredEvent } from "../domain/events.js";
import type { LogLine, StepExecution } from "./execution.type.js";

export function toLogLine(row: { seq: number; payload: unknown; at: Date }): LogLine {
  const p = row.payload as LogPayload;
  return { seq: row.seq, stream: p.stream, text: p.text, at: row.at };
}

export function toStep(s: StepSnapshot): StepExecution {
  return {
    ...s,
    startedAt: s.startedAt ? new Date(s.startedAt) : null,
    endedAt: s.endedAt ? new Date(s.endedAt) : null,
  };
}

export interface ExecutionEventShape {
  executionId: string;
  seq: number;
  kind: string;
  status: string | null;
  cause: string | null;
  log: LogLine | null;
  step: StepExecution | null;
  at: Date;
}

export function toExecutionEvent(e: StoredEvent): ExecutionEventShape {
  const base = {
    executionId: e.executionId,
    seq: e.seq,
    kind: e.kind,
    at: e.at,
    status: null,
    cause: null,
    log: null,
    step: null,
  };
  switch (e.kind) {
    case "STATUS":
      return { ...base, status: (e.payload as StatusPayload).status, cause: (e.payload as StatusPayload).cause };
    case "LOG":
      return { ...base, log: toLogLine(e) };
    case "STEP":
      return { ...base, step: toStep(e.payload) };
  }
}
