/**
 * Which actions an execution or a DAG run allows in its state, and why not
 * when it does not: the console offers only what the API would accept, and
 * says why a button is off. Mirrors the API's own checks
 * (executions.service.ts restart, cancel.service.ts, dag-runs.service.ts).
 */

/** Statuses an execution can be restarted from (it did not complete). */
const RESTARTABLE = new Set(["FAILED", "CANCELLED", "TIMED_OUT", "LOST", "EXPIRED"]);
const ENDED = new Set(["COMPLETED", ...RESTARTABLE]);

/** null: allowed; otherwise the sentence saying why not. */
export type Verdict = string | null;

export function cancelVerdict(status: string): Verdict {
  return ENDED.has(status) ? `It already ended ${status}: there is nothing to cancel.` : null;
}

export function restartVerdict(status: string): Verdict {
  if (RESTARTABLE.has(status)) return null;
  if (status === "COMPLETED")
    return "It COMPLETED: restart resumes a run that did not finish. Relaunch runs it again from the start.";
  return `It is ${status}: only a run that ended without completing can be restarted.`;
}

/** Relaunch (a new run with the same arguments) needs the run to have ended. */
export function relaunchVerdict(status: string): Verdict {
  return ENDED.has(status) ? null : `It is ${status}: relaunch once it has ended, or cancel it first.`;
}

export function dagRestartVerdict(status: string): Verdict {
  if (status === "FAILED" || status === "CANCELLED") return null;
  if (status === "COMPLETED") return "Every node completed: there is no failed node to run again.";
  return `The run is ${status}: failed nodes can be restarted once it has ended.`;
}

export function dagCancelVerdict(status: string): Verdict {
  return status === "RUNNING" ? null : `The run already ended ${status}: there is nothing to cancel.`;
}

/** One selected execution, as the executions list shows it. */
export interface BulkRow {
  id: string;
  status: string;
  task: string;
  arguments: readonly string[];
}

/** Which selected runs a bulk cancel or relaunch acts on, and why it leaves the others. */
export function bulkPlan(
  rows: readonly BulkRow[],
  action: "cancel" | "relaunch",
  /** Why the user may not act on this task (both need DEPLOY on it), or undefined. */
  denied: (task: string) => string | undefined = () => undefined,
): { act: BulkRow[]; skip: { row: BulkRow; why: string }[] } {
  const verdict = action === "cancel" ? cancelVerdict : relaunchVerdict;
  const act: BulkRow[] = [];
  const skip: { row: BulkRow; why: string }[] = [];
  for (const row of rows) {
    const why = verdict(row.status) ?? denied(row.task);
    if (why) skip.push({ row, why });
    else act.push(row);
  }
  return { act, skip };
}
