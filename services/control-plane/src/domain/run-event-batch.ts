import type { RunEvent } from "@baton/proto";
import type { NewEvent } from "./events.js";
import { type ExecutionStatus, isTerminal } from "./execution-state.js";
import { applyRunEvent, type ExecutionChange, type StepState } from "./run-events.js";

export type EventVerdict = "applied" | "duplicate" | "early";

export interface BatchOutcome {
  verdicts: EventVerdict[];
  execution: ExecutionChange;
  /** Steps that changed, latest state of each. */
  steps: StepState[];
  events: NewEvent[];
  runnerSeq: number;
}

/**
 * Folds consecutive runner events of one execution into one change, so a
 * burst (started + exited, or many log chunks) costs one transaction.
 * Events must be sorted by rseq. Exactly-once: an rseq already ingested is a
 * duplicate; one past a gap is early (it and everything after it wait),
 * unless the execution already ended: then it is dropped like a duplicate.
 */
export function applyRunEventBatch(
  status: ExecutionStatus,
  runnerSeq: number,
  steps: ReadonlyMap<string, StepState>,
  events: readonly RunEvent[],
): BatchOutcome {
  const current = new Map(steps);
  const changed = new Set<string>();
  const out: BatchOutcome = { verdicts: [], execution: {}, steps: [], events: [], runnerSeq };
  let state = status;
  for (const event of events) {
    if (event.rseq <= out.runnerSeq) {
      out.verdicts.push("duplicate");
      continue;
    }
    if (event.rseq > out.runnerSeq + 1) {
      // Waiting for the gap to fill helps only a run still going; a run that
      // ended (LOST because its runner died with the gap) is final, so what
      // waits behind the gap is acknowledged and changes nothing.
      out.verdicts.push(isTerminal(state) ? "duplicate" : "early");
      continue;
    }
    const one = applyRunEvent(state, current, event);
    const { addLines, ...change } = one.execution;
    Object.assign(out.execution, change);
    if (addLines) {
      const sum = out.execution.addLines ?? { stdout: 0, stderr: 0 };
      out.execution.addLines = { stdout: sum.stdout + addLines.stdout, stderr: sum.stderr + addLines.stderr };
    }
    state = one.execution.status ?? state;
    for (const step of one.steps) {
      current.set(step.name, step);
      changed.add(step.name);
    }
    out.events.push(...one.events);
    out.runnerSeq = event.rseq;
    out.verdicts.push("applied");
  }
  out.steps = [...changed].map((name) => current.get(name) as StepState);
  return out;
}
