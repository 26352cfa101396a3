import type { ExitReason } from "@baton/proto";

export const EXECUTION_STATUSES = [
  "QUEUED",
  "DISPATCHED",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMED_OUT",
  "LOST",
  "EXPIRED",
] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Every status after RUNNING in lifecycle order is one a run ends in. */
export const TERMINAL_STATUSES: readonly ExecutionStatus[] = EXECUTION_STATUSES.slice(
  EXECUTION_STATUSES.indexOf("RUNNING") + 1,
);
const TERMINAL: ReadonlySet<ExecutionStatus> = new Set(TERMINAL_STATUSES);

export function isTerminal(status: ExecutionStatus): boolean {
  return TERMINAL.has(status);
}

/**
 * QUEUED -> DISPATCHED -> RUNNING -> COMPLETED | FAILED | CANCELLED | TIMED_OUT | LOST,
 * and QUEUED -> EXPIRED (waited past its time-to-live). Admission may take a
 * DISPATCHED run that no runner claimed back to QUEUED (written by SQL, not
 * by this fold: runner events never move a run backwards).
 * Steps may be skipped (a fast runner reports RUNNING before DISPATCHED is
 * recorded). A terminal status is final, LOST included: subscriptions end and
 * DAGs move on at the first one, so nothing may overturn it. LOST is declared
 * only when it is true (see services/runners.service.ts); whatever the runner
 * reports for the run afterwards is acknowledged and ignored.
 */
export function canTransition(from: ExecutionStatus, to: ExecutionStatus): boolean {
  if (from === to) return false;
  if (TERMINAL.has(from)) return false;
  const order: Record<ExecutionStatus, number> = {
    QUEUED: 0,
    DISPATCHED: 1,
    RUNNING: 2,
    COMPLETED: 3,
    FAILED: 3,
    CANCELLED: 3,
    TIMED_OUT: 3,
    LOST: 3,
    EXPIRED: 3,
  };
  return order[to] > order[from];
}

export function statusOnExit(reason: ExitReason, exitCode: number | null): ExecutionStatus {
  switch (reason) {
    case "cancelled":
      return "CANCELLED";
    case "timeout":
      return "TIMED_OUT";
    case "error":
      return "FAILED";
    case "exit":
      return exitCode === 0 ? "COMPLETED" : "FAILED";
  }
}

/** What a step still marked STARTED becomes when its execution ends. */
export function stepStatusOnEnd(status: ExecutionStatus): string {
  return status === "COMPLETED" ? "COMPLETED" : status === "CANCELLED" ? "STOPPED" : "FAILED";
}
