/**
 * What a schedule does with fire times it reaches late (misfires) and with a
 * fire time that comes while its last run is still active (overlap). Pure.
 */
import { badInput } from "../errors.js";

export type MisfirePolicy = "SKIP" | "RUN_ONCE" | "RUN_ALL";
export type OverlapPolicy = "ALLOW" | "SKIP" | "QUEUE";

export const MISFIRE_POLICIES: readonly MisfirePolicy[] = Object.freeze(["SKIP", "RUN_ONCE", "RUN_ALL"] as const);
export const OVERLAP_POLICIES: readonly OverlapPolicy[] = Object.freeze(["ALLOW", "SKIP", "QUEUE"] as const);

export interface PlannedFire {
  scheduledAt: Date;
  run: boolean;
  reason: string | null;
}

const EARLIER_OMITTED = " and earlier ones not listed";

/**
 * `due` = fire times not yet handled, ascending, all <= now. A fire is ON
 * TIME when now - t <= graceMs and always runs (reason null). The others are
 * misfires (missed while no control plane was up), handled by `policy`:
 * SKIP runs none, RUN_ONCE runs the latest, RUN_ALL runs the latest
 * `runAllCap`. Output ascending, one entry per due time.
 */
export function planDueFires(input: {
  due: Date[];
  now: Date;
  graceMs: number;
  policy: MisfirePolicy;
  runAllCap: number;
  earlierOmitted?: boolean;
}): PlannedFire[] {
  const { now, graceMs, policy, runAllCap } = input;
  const omitted = input.earlierOmitted === true ? EARLIER_OMITTED : "";
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError("planDueFires: now is not a valid date.");
  if (!(graceMs >= 0)) throw new RangeError(`planDueFires: graceMs must be 0 or more; got ${graceMs}.`);
  if (!Number.isSafeInteger(runAllCap) || runAllCap < 0) {
    throw new RangeError(`planDueFires: runAllCap must be a whole number, 0 or more; got ${runAllCap}.`);
  }
  if (!MISFIRE_POLICIES.includes(policy)) throw new RangeError(`planDueFires: unknown misfire policy ${policy}.`);
  const due = [...input.due].sort((a, b) => a.getTime() - b.getTime());
  for (const t of due) {
    if (!Number.isFinite(t.getTime())) throw new RangeError("planDueFires: a due time is not a valid date.");
    if (t.getTime() > nowMs) {
      throw new RangeError(`planDueFires: due time ${t.toISOString()} is after now (${now.toISOString()}).`);
    }
  }

  // Ascending times: the misfires (late by more than the grace) come first.
  const missed = due.filter((t) => nowMs - t.getTime() > graceMs).length;
  const plan: PlannedFire[] = due.slice(missed).map((t) => ({ scheduledAt: t, run: true, reason: null }));
  if (missed === 0) return plan;
  const misfires = due.slice(0, missed);
  const first = misfires[0] as Date;
  const latest = misfires[missed - 1] as Date;

  let late: PlannedFire[];
  switch (policy) {
    case "SKIP":
      late = misfires.map((t, i) => ({
        scheduledAt: t,
        run: false,
        reason: `missed while no control plane was up (misfire policy SKIP)${i === 0 ? omitted : ""}`,
      }));
      break;
    case "RUN_ONCE": {
      const span =
        missed === 1
          ? `one run for 1 missed fire time at ${latest.toISOString()}`
          : `one run for ${missed} missed fire times from ${first.toISOString()} to ${latest.toISOString()}`;
      late = misfires.map((t, i) =>
        i === missed - 1
          ? { scheduledAt: t, run: true, reason: `${span}${omitted}` }
          : {
              scheduledAt: t,
              run: false,
              reason: `covered by the run for ${latest.toISOString()} (misfire policy RUN_ONCE)`,
            },
      );
      break;
    }
    case "RUN_ALL": {
      const firstRun = missed - Math.min(runAllCap, missed);
      late = misfires.map((t, i) =>
        i >= firstRun
          ? { scheduledAt: t, run: true, reason: "missed fire time run late (misfire policy RUN_ALL)" }
          : {
              scheduledAt: t,
              run: false,
              reason: `beyond the RUN_ALL cap of ${runAllCap} run${runAllCap === 1 ? "" : "s"}`,
            },
      );
      break;
    }
  }
  return [...late, ...plan];
}

/** What an overlap policy does when a run of the schedule is still active. */
export function overlapAction(policy: OverlapPolicy, active: boolean): "START" | "SKIP" | "WAIT" {
  if (!active) return "START";
  switch (policy) {
    case "ALLOW":
      return "START";
    case "SKIP":
      return "SKIP";
    case "QUEUE":
      return "WAIT";
  }
}

function checkChoice<T extends string>(
  v: string | null | undefined,
  choices: readonly T[],
  fallback: T,
  what: string,
  field: string,
  meanings: Record<T, string>,
): T {
  const raw = (v ?? "").trim();
  if (raw === "") return fallback;
  const value = raw.toUpperCase().replace(/-/g, "_");
  const found = choices.find((c) => c === value);
  if (found !== undefined) return found;
  const list = choices.map((c) => `${c} (${meanings[c]})`);
  throw badInput(`Unknown ${what} "${raw}"; use ${list.slice(0, -1).join(", ")} or ${list.at(-1)}.`, { field });
}

/** Default ALLOW; badInput listing the choices. */
export function checkOverlap(v: string | null | undefined): OverlapPolicy {
  return checkChoice(v, OVERLAP_POLICIES, "ALLOW", "overlap policy", "overlapPolicy", {
    ALLOW: "start another run",
    SKIP: "skip the fire time",
    QUEUE: "start when the active run ends",
  });
}

/** Default RUN_ONCE; badInput listing the choices. */
export function checkMisfire(v: string | null | undefined): MisfirePolicy {
  return checkChoice(v, MISFIRE_POLICIES, "RUN_ONCE", "misfire policy", "misfirePolicy", {
    SKIP: "run none of the missed fire times",
    RUN_ONCE: "one run for all of them",
    RUN_ALL: "a run for each, up to a cap",
  });
}
