/**
 * What one scheduler tick does with one schedule, given the clock: which fire
 * times are due, which run (misfire policy), and the next fire time. Pure, so
 * the scheduler's arithmetic is tested with a controlled clock (DST days
 * included); the scheduler adds overlap, which needs the database.
 */
import { fireTimesBetween, latestFireTimes, nextFireTimes } from "./cron.js";
import type { MisfirePolicy, PlannedFire } from "./misfire.js";
import { planDueFires } from "./misfire.js";

export interface ScheduleTiming {
  cron: string;
  timezone: string;
  startAt: Date | null;
  endAt: Date | null;
  /** The earliest fire time not handled yet. */
  nextFireAt: Date;
  enabled: boolean;
  misfire: MisfirePolicy;
}

export interface TickConfig {
  /** A fire time reached later than this is a misfire. */
  graceMs: number;
  runAllCap: number;
  /** At most this many fire times are recorded per tick (the latest ones when late). */
  maxFires: number;
}

export interface TickFire extends PlannedFire {
  kind: "SCHEDULED" | "MISFIRE";
  /** The schedule is paused: recorded, not run. */
  paused: boolean;
}

export interface TickPlan {
  fires: TickFire[];
  /** The next fire time after now; null when none is left (past endAt). */
  next: Date | null;
}

export function planTick(s: ScheduleTiming, now: Date, config: TickConfig): TickPlan {
  const afterExclusive = new Date(s.nextFireAt.getTime() - 1);
  const bounds = { startAt: s.startAt, endAt: s.endAt };
  const late = now.getTime() - s.nextFireAt.getTime() > config.graceMs;
  const due = late
    ? latestFireTimes(s.cron, s.timezone, afterExclusive, now, config.maxFires, bounds)
    : fireTimesBetween(s.cron, s.timezone, afterExclusive, now, config.maxFires, bounds);
  const kind = (t: Date): TickFire["kind"] => (now.getTime() - t.getTime() > config.graceMs ? "MISFIRE" : "SCHEDULED");
  const fires: TickFire[] = s.enabled
    ? planDueFires({
        due: due.times,
        now,
        graceMs: config.graceMs,
        policy: s.misfire,
        runAllCap: config.runAllCap,
        earlierOmitted: due.truncated,
      }).map((p) => ({ ...p, kind: kind(p.scheduledAt), paused: false }))
    : due.times.map((t) => ({
        scheduledAt: t,
        run: false,
        reason: "the schedule is paused",
        kind: kind(t),
        paused: true,
      }));
  const next = nextFireTimes(s.cron, s.timezone, now, 1, bounds)[0] ?? null;
  return { fires, next };
}
