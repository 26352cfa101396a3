// Watching a drain from the database: shared by bench/drain.mjs and bench/scale.mjs.
import { performance } from "node:perf_hooks";
import { sleep } from "./harness.mjs";

export const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST", "EXPIRED"];

/** Executions by status, e.g. { QUEUED: 10, COMPLETED: 3 }. `mark` prefixes the SQL (a comment the bench filters its own statements by). */
export async function counts(query, mark = "") {
  const rows = await query(`${mark} SELECT status, count(*)::int AS n FROM executions GROUP BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export const sum = (byStatus, statuses) => statuses.reduce((acc, s) => acc + (byStatus[s] ?? 0), 0);

export const show = (byStatus) =>
  Object.entries(byStatus)
    .map(([s, n]) => `${s} ${n}`)
    .join(", ") || "none";

/**
 * Polls until all `total` launched runs are QUEUED or DISPATCHED, before any
 * runner is up; throws when runs move on or queuing stalls for `stallMs`.
 */
export async function untilQueued(query, { total, stallMs, pollMs, mark = "" }) {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const byStatus = await counts(query, mark);
    const waiting = sum(byStatus, ["QUEUED", "DISPATCHED"]);
    const all = sum(byStatus, Object.keys(byStatus));
    if (waiting === total && all === total) return byStatus;
    if (all - waiting > 0) throw new Error(`runs moved on with no runner up: ${show(byStatus)}`);
    if (waiting !== last) [last, since] = [waiting, Date.now()];
    if (Date.now() - since > stallMs)
      throw new Error(
        `only ${waiting} of ${total} runs QUEUED or DISPATCHED after ${stallMs / 1000} s: ${show(byStatus)}`,
      );
    await sleep(pollMs);
  }
}

/** Polls until all `total` runs are terminal: the statuses at the end, the wall milliseconds since t0, the polls. */
export async function untilDrained(query, t0, { total, limitMs, pollMs, mark = "" }) {
  for (let polls = 1; ; polls++) {
    const byStatus = await counts(query, mark);
    const took = performance.now() - t0;
    if (sum(byStatus, TERMINAL) >= total) return { byStatus, took, polls };
    if (took > limitMs) throw new Error(`drain not done after ${limitMs / 60_000} minutes: ${show(byStatus)}`);
    await sleep(pollMs);
  }
}
