import type { RunEvent, StepRecord } from "@baton/proto";
import { type NewEvent, type StepSnapshot, statusEvent } from "./events.js";
import { canTransition, type ExecutionStatus, isTerminal, statusOnExit, stepStatusOnEnd } from "./execution-state.js";

export interface StepState extends StepSnapshot {
  checkpoint: unknown;
  position: number;
}

export interface ExecutionChange {
  status?: ExecutionStatus;
  startedAt?: Date;
  endedAt?: Date;
  exitCode?: number | null;
  exitMessage?: string;
  errorMessage?: string;
  runnerId?: string;
  handle?: Record<string, string | number>;
  /** Output lines these events add per stream (step lines are stdout lines). */
  addLines?: OutputLines;
}

export interface OutputLines {
  stdout: number;
  stderr: number;
}

export interface RunEventOutcome {
  execution: ExecutionChange;
  /** Steps to insert or update. */
  steps: StepState[];
  events: NewEvent[];
}

/**
 * How one runner event changes an execution: pure, so the ingestion service
 * only locks, calls this, and writes the result. An execution that already
 * ended never changes again (a terminal status is final): its late events
 * are acknowledged, and a late exit leaves one "system" log line saying it
 * was ignored.
 */
export function applyRunEvent(
  status: ExecutionStatus,
  steps: ReadonlyMap<string, StepState>,
  event: RunEvent,
): RunEventOutcome {
  const at = new Date(event.at);
  const out: RunEventOutcome = { execution: {}, steps: [], events: [] };
  if (isTerminal(status)) return lateEvent(status, event, out);
  switch (event.type) {
    case "started":
      out.execution.handle = event.handle;
      out.execution.runnerId = event.runnerId;
      if (canTransition(status, "RUNNING")) {
        out.execution.status = "RUNNING";
        out.execution.startedAt = at;
        out.events.push(statusEvent("RUNNING", `started on runner ${event.runnerId}`, at));
      }
      return out;
    case "log": {
      const lines: OutputLines = { stdout: 0, stderr: 0 };
      for (const line of event.lines) {
        out.events.push({ kind: "LOG", payload: { stream: line.stream, text: line.text }, at: new Date(line.at) });
        // A merged stream counts as stdout: that is where its lines resume after a runner restart.
        if (line.stream === "combined") lines.stdout++;
        else if (line.stream !== "system") lines[line.stream]++;
      }
      out.execution.addLines = lines;
      return out;
    }
    case "report":
      out.execution.addLines = { stdout: 1, stderr: 0 };
      return applyReport(steps, event.record, at, out);
    case "exited":
      return applyExit(status, steps, event, at, out);
  }
}

function applyReport(
  steps: ReadonlyMap<string, StepState>,
  record: Extract<RunEvent, { type: "report" }>["record"],
  at: Date,
  out: RunEventOutcome,
): RunEventOutcome {
  if (record.type === "exit-message") {
    out.execution.exitMessage = record.message;
    return out;
  }
  const current = steps.get(record.step) ?? newStep(record.step, steps.size, at);
  if (record.type === "checkpoint") {
    out.steps.push({ ...current, checkpoint: record.state });
    return out;
  }
  const next = stepFromRecord(current, record, at);
  out.steps.push(next);
  out.events.push({ kind: "STEP", payload: snapshot(next), at });
  return out;
}

function applyExit(
  status: ExecutionStatus,
  steps: ReadonlyMap<string, StepState>,
  event: Extract<RunEvent, { type: "exited" }>,
  at: Date,
  out: RunEventOutcome,
): RunEventOutcome {
  const final = statusOnExit(event.reason, event.exitCode);
  out.execution.exitCode = event.exitCode;
  if (event.message) out.execution.errorMessage = event.message;
  // What the platform said of the end (OOM_KILLED: ...) is the exit message DAG transitions can match.
  if (event.reason === "exit" && event.message) out.execution.exitMessage = event.message;
  if (!canTransition(status, final)) return out;
  out.execution.status = final;
  out.execution.endedAt = at;
  for (const step of steps.values()) {
    if (step.status !== "STARTED") continue;
    const ended: StepState = { ...step, status: stepStatusOnEnd(final), endedAt: at.toISOString() };
    out.steps.push(ended);
    out.events.push({ kind: "STEP", payload: snapshot(ended), at });
  }
  out.events.push(statusEvent(final, exitCause(event), at, event.exitCode));
  return out;
}

function lateEvent(status: ExecutionStatus, event: RunEvent, out: RunEventOutcome): RunEventOutcome {
  if (event.type !== "exited") return out;
  const text = `runner ${event.runnerId} reported "${exitCause(event)}" after the run had ended as ${status}; ignored`;
  out.events.push({ kind: "LOG", payload: { stream: "system", text }, at: new Date(event.at) });
  return out;
}

function exitCause(event: Extract<RunEvent, { type: "exited" }>): string {
  switch (event.reason) {
    case "exit": {
      const how = event.signal ? `killed by ${event.signal}` : `exited with code ${event.exitCode}`;
      return event.message ? `${event.message} (${how})` : how;
    }
    case "cancelled":
      return "cancelled";
    case "timeout":
      return "timed out";
    case "error":
      return event.message ?? "could not start";
  }
}

function newStep(name: string, position: number, at: Date): StepState {
  return {
    name,
    status: "STARTED",
    readCount: 0,
    writeCount: 0,
    commitCount: 0,
    rollbackCount: 0,
    skipCount: 0,
    filterCount: 0,
    exitMessage: null,
    startedAt: at.toISOString(),
    endedAt: null,
    checkpoint: null,
    position,
  };
}

function stepFromRecord(current: StepState, r: StepRecord, at: Date): StepState {
  const ended = r.status !== "STARTED";
  return {
    ...current,
    status: r.status,
    readCount: r.read ?? current.readCount,
    writeCount: r.write ?? current.writeCount,
    commitCount: r.commit ?? current.commitCount,
    rollbackCount: r.rollback ?? current.rollbackCount,
    skipCount: r.skip ?? current.skipCount,
    filterCount: r.filter ?? current.filterCount,
    exitMessage: r.message ?? current.exitMessage,
    endedAt: ended ? at.toISOString() : null,
  };
}

export function snapshot(step: StepState): StepSnapshot {
  const { checkpoint: _c, position: _p, ...snap } = step;
  return snap;
}
