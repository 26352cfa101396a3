/**
 * Schedules: cron validation and fire times in a time zone, and what happens
 * to late and overlapping fire times. Pure: no I/O, no clock.
 */
export {
  CRON_NICKNAMES,
  checkCron,
  checkTimezone,
  describeCron,
  type FireBounds,
  fireTimesBetween,
  latestFireTimes,
  MAX_CRON_LENGTH,
  MAX_NEXT_FIRE_TIMES,
  nextFireTimes,
} from "./cron.js";
export {
  checkMisfire,
  checkOverlap,
  MISFIRE_POLICIES,
  type MisfirePolicy,
  OVERLAP_POLICIES,
  type OverlapPolicy,
  overlapAction,
  type PlannedFire,
  planDueFires,
} from "./misfire.js";
export { planTick, type ScheduleTiming, type TickConfig, type TickFire, type TickPlan } from "./tick.js";
