import type { ExecutionStatus } from "../execution-state.js";

/** How one node's execution ended; only terminal statuses have an outcome. */
export interface NodeOutcome {
  status: Exclude<ExecutionStatus, "QUEUED" | "DISPATCHED" | "RUNNING">;
  exitMessage?: string | null;
  exitCode?: number | null;
}

/**
 * The exit status transitions are matched against, as SCDF sets it for a
 * composed-task step: the task's exit message if it wrote one, else exit
 * code 0 = "COMPLETED" and any other code = "FAILED".
 *
 * Baton additions, because SCDF has no such states: a run that was
 * TIMED_OUT, LOST or EXPIRED did not end by itself, so it is "FAILED"
 * whatever it printed or returned (a task that catches SIGTERM and exits 0
 * must not count as done). A CANCELLED run is "CANCELLED": a cancelled node
 * cancels its whole DAG run, so no transition ever matches it, and calling
 * it FAILED only misled whoever read the node's exit status. Without a
 * message, "COMPLETED" needs both the status and the code (when there is
 * one) to agree, so a disagreement never lets the successors run. The
 * message is trimmed: a trailing newline is not part of the verdict.
 */
export function outcomeStatus(outcome: NodeOutcome): string {
  if (outcome.status === "CANCELLED") return "CANCELLED";
  if (outcome.status !== "COMPLETED" && outcome.status !== "FAILED") return "FAILED";
  const message = outcome.exitMessage?.trim();
  if (message) return message;
  const code = outcome.exitCode ?? 0;
  return outcome.status === "COMPLETED" && code === 0 ? "COMPLETED" : "FAILED";
}
