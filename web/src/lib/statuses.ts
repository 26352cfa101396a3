import type { ExecutionStatus } from "@/generated/graphql";

/** Every status an execution or a DAG run can have, in lifecycle order. */
export const STATUSES: readonly ExecutionStatus[] = [
  "QUEUED",
  "DISPATCHED",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMED_OUT",
  "LOST",
  "EXPIRED",
];

/** The statuses a run ends in: nothing changes after them. EXPIRED: still QUEUED when its expiresAt passed. */
export const FINAL_STATUSES: readonly ExecutionStatus[] = STATUSES.slice(STATUSES.indexOf("RUNNING") + 1);

/** Whether `status` is one a run ends in (EXPIRED included). */
export function isFinal(status: string | null | undefined): boolean {
  return FINAL_STATUSES.some((s) => s === status);
}

/** The status named in a URL parameter, if it is one. */
export function parseStatus(value: string | undefined): ExecutionStatus | undefined {
  return STATUSES.find((s) => s === value);
}

/** "?a=1&b=2" from the defined values, or "" when there are none. */
export function queryString(params: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** A list's number cursor from the URL (a revision or version, 1 or more); anything else: the newest page. */
export function parseBefore(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n >= 1 ? n : undefined;
}
