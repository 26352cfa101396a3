import { randomUUID } from "node:crypto";
import type pg from "pg";
import { badInput, conflict, notFound } from "../../domain/errors.js";
import type { NameWindow } from "../../domain/name-window.js";
import {
  checkCron,
  checkMisfire,
  checkOverlap,
  checkTimezone,
  describeCron,
  fireTimesBetween,
  nextFireTimes,
} from "../../domain/schedule/index.js";
import { checkArguments, checkName } from "../../domain/validation.js";
import { audit } from "../../store/audit.js";
import { inTransaction } from "../../store/pool.js";
import {
  type FireRow,
  type NewFire,
  type ScheduleFields,
  type ScheduleRow,
  scheduleStore,
} from "../../store/schedule-store.js";
import type { RequestContext } from "../context.js";
import { checkTargetProperties, chooseTarget, type Launcher } from "../launcher.js";
import { isUniqueViolation } from "../prisma-errors.js";
import type { Scheduler } from "./scheduler.js";

export interface ScheduleInput {
  name: string;
  task?: string | null;
  dag?: string | null;
  cron?: string | null;
  timezone?: string | null;
  arguments?: string[] | null;
  properties?: unknown;
  overlap?: string | null;
  misfire?: string | null;
  enabled?: boolean | null;
  startAt?: Date | null;
  endAt?: Date | null;
}

export interface BackfillInput {
  name: string;
  from: Date;
  to: Date;
  maxConcurrent?: number | null;
}

export interface BackfillResult {
  /** Fire times in the range. */
  fireTimes: number;
  /** Of those, how many were new (the others had fired, or been backfilled, already). */
  created: number;
  alreadyFired: number;
  /** The range's fires, oldest first. */
  fires: FireRow[];
}

export interface CronPreview {
  valid: boolean;
  error: string | null;
  description: string | null;
  timezone: string;
  nextFireTimes: Date[];
}

export interface SchedulesLimits {
  /** The most runs one backfill may start. */
  backfillMaxRuns: number;
}

/** Schedules: their definitions, backfills, previews and fire history. The firing itself is the Scheduler. */
export class SchedulesService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly launcher: Launcher,
    private readonly scheduler: Scheduler,
    private readonly limits: SchedulesLimits,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: ScheduleInput, ctx: RequestContext): Promise<ScheduleRow> {
    const name = checkName(input.name, "name");
    if (!input.cron) throw badInput("cron is required, for example 0 2 * * * (every day at 02:00).", { field: "cron" });
    const fields = await this.fields(input, undefined);
    try {
      const row = await inTransaction(this.pool, async (tx) => {
        const created = await scheduleStore.insert(tx, randomUUID(), name, fields, ctx.actor);
        await audit(tx, ctx, { action: "createSchedule", target: name, input });
        return created;
      });
      this.scheduler.wake();
      return row;
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(`A schedule named ${name} already exists; change it with updateSchedule or pick another name.`);
      throw err;
    }
  }

  async update(input: ScheduleInput, ctx: RequestContext): Promise<ScheduleRow> {
    const name = checkName(input.name, "name");
    const current = await scheduleStore.byName(this.pool, name);
    if (!current) throw notFound(`No schedule named ${name}; create it with createSchedule.`);
    const fields = await this.fields(input, current);
    const row = await inTransaction(this.pool, async (tx) => {
      const locked = await scheduleStore.byName(tx, name, true);
      if (!locked) throw notFound(`No schedule named ${name}; it was deleted meanwhile.`);
      if (!locked.enabled && fields.enabled) await this.resumed(tx, locked, fields);
      const updated = await scheduleStore.update(tx, locked.id, fields);
      await audit(tx, ctx, { action: "updateSchedule", target: name, input });
      return updated;
    });
    this.scheduler.wake();
    return row;
  }

  async delete(name: string, ctx: RequestContext): Promise<boolean> {
    const checked = checkName(name, "name");
    return inTransaction(this.pool, async (tx) => {
      const row = await scheduleStore.byName(tx, checked, true);
      if (!row) throw notFound(`No schedule named ${checked}.`);
      await scheduleStore.remove(tx, row.id);
      await audit(tx, ctx, { action: "deleteSchedule", target: checked, input: { name: checked } });
      return true;
    });
  }

  /**
   * A paused schedule is not fired at all; resuming it records one PAUSED
   * fire for the fire times it skipped (backfill runs them, if wanted) and
   * moves the next fire time past now, so nothing is caught up.
   */
  private async resumed(tx: pg.PoolClient, was: ScheduleRow, fields: ScheduleFields): Promise<void> {
    const now = this.clock();
    const bounds = { startAt: fields.startAt, endAt: fields.endAt };
    fields.nextFireAt = nextFireTimes(fields.cron, fields.timezone, now, 1, bounds)[0] ?? null;
    const from = was.nextFireAt;
    if (!from || from.getTime() > now.getTime() || was.cron !== fields.cron || was.timezone !== fields.timezone) return;
    const { times, truncated } = fireTimesBetween(
      fields.cron,
      fields.timezone,
      new Date(from.getTime() - 1),
      now,
      100_000,
      bounds,
    );
    const first = times[0];
    if (!first) return;
    const last = times.at(-1) as Date;
    const count = `${truncated ? "more than " : ""}${times.length} fire time(s)`;
    await scheduleStore.insertFires(tx, [
      {
        id: randomUUID(),
        scheduleId: was.id,
        scheduledAt: first,
        kind: "SCHEDULED",
        outcome: "PAUSED",
        reason: `the schedule was paused: ${count} from ${first.toISOString()} to ${last.toISOString()} did not run (backfill runs them)`,
        executionId: null,
        dagRunId: null,
        maxActive: null,
        firedAt: now,
      },
    ]);
  }

  list(window?: NameWindow): Promise<ScheduleRow[]> {
    return scheduleStore.list(this.pool, window);
  }

  get(name: string): Promise<ScheduleRow | undefined> {
    return scheduleStore.byName(this.pool, name);
  }

  fires(schedule: ScheduleRow, first: number, before?: Date | null): Promise<FireRow[]> {
    return scheduleStore.fires(this.pool, schedule.id, Math.min(Math.max(first, 1), 500), before);
  }

  lastFire(schedule: ScheduleRow): Promise<FireRow | undefined> {
    return scheduleStore.lastFire(this.pool, schedule.id);
  }

  nextFireTimes(schedule: ScheduleRow, n: number): Date[] {
    const count = Math.min(Math.max(n, 1), 100);
    const after = new Date(Math.max(this.clock().getTime(), (schedule.nextFireAt?.getTime() ?? 0) - 1));
    if (!schedule.nextFireAt) return [];
    return nextFireTimes(schedule.cron, schedule.timezone, after, count, {
      startAt: schedule.startAt,
      endAt: schedule.endAt,
    });
  }

  /** Validates a cron expression without saving anything (the console calls it as you type). */
  preview(cron: string, timezone: string | null | undefined, n: number | null | undefined): CronPreview {
    let tz = "UTC";
    try {
      tz = checkTimezone(timezone);
      const checked = checkCron(cron, tz);
      return {
        valid: true,
        error: null,
        description: describeCron(checked),
        timezone: tz,
        nextFireTimes: nextFireTimes(checked, tz, this.clock(), Math.min(Math.max(n ?? 5, 1), 100)),
      };
    } catch (err) {
      return { valid: false, error: (err as Error).message, description: null, timezone: tz, nextFireTimes: [] };
    }
  }

  /**
   * One run per fire time in [from, to], each with its own scheduled time.
   * A fire time that already fired (or was backfilled) is not started again:
   * fires are unique on (schedule, time). With maxConcurrent, the rest wait
   * and start as earlier runs end.
   */
  async backfill(input: BackfillInput, ctx: RequestContext): Promise<BackfillResult> {
    const name = checkName(input.name, "name");
    const { from, to } = input;
    if (!(from instanceof Date) || Number.isNaN(from.getTime()) || !(to instanceof Date) || Number.isNaN(to.getTime()))
      throw badInput("from and to must be ISO 8601 times, for example 2026-11-01T00:00:00Z.");
    if (from.getTime() > to.getTime())
      throw badInput(
        `The range is reversed: from (${from.toISOString()}) is after to (${to.toISOString()}); give the earlier time first.`,
        { field: "from" },
      );
    const now = this.clock();
    if (to.getTime() > now.getTime())
      throw badInput(
        `to (${to.toISOString()}) is in the future; a backfill covers fire times up to now, and the schedule runs later ones itself.`,
        { field: "to" },
      );
    const max = input.maxConcurrent;
    if (max !== null && max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000))
      throw badInput("maxConcurrent must be a whole number from 1 to 1000.", { field: "maxConcurrent" });
    const schedule = await scheduleStore.byName(this.pool, name);
    if (!schedule) throw notFound(`No schedule named ${name}.`);
    const limit = this.limits.backfillMaxRuns;
    const { times, truncated } = fireTimesBetween(
      schedule.cron,
      schedule.timezone,
      new Date(from.getTime() - 1),
      to,
      limit,
    );
    if (truncated)
      throw badInput(
        `The range has more than ${limit} fire times of ${schedule.cron}; backfill at most ${limit} at a time (BATON_BACKFILL_MAX_RUNS), in shorter ranges.`,
        { field: "to" },
      );
    const target = await this.launcher.prepare(schedule);
    const { created, alreadyFired, launched } = await inTransaction(this.pool, async (tx) => {
      const locked = await scheduleStore.byName(tx, name, true);
      if (!locked) throw notFound(`No schedule named ${name}; it was deleted meanwhile.`);
      const reason = max ? `backfill, at most ${max} at a time` : "backfill";
      const reopened = await scheduleStore.reopenFires(tx, locked.id, times, max ?? limit, reason);
      const recorded = await scheduleStore.recordedTimes(tx, locked.id, times);
      const fresh: NewFire[] = times
        .filter((t) => !recorded.has(t.getTime()))
        .map((t) => ({
          id: randomUUID(),
          scheduleId: locked.id,
          scheduledAt: t,
          kind: "BACKFILL",
          outcome: "WAITING",
          reason,
          executionId: null,
          dagRunId: null,
          maxActive: max ?? limit,
          firedAt: null,
        }));
      const inserted = await scheduleStore.insertFires(tx, fresh);
      await audit(tx, ctx, { action: "backfillSchedule", target: name, input });
      const started = await this.scheduler.startWaitingOf(tx, locked, target);
      const created = inserted.size + reopened;
      return { created, alreadyFired: times.length - created, launched: started };
    });
    this.launcher.announce(launched);
    const fires = times.length
      ? (await scheduleStore.fires(this.pool, schedule.id, times.length + 1, new Date(to.getTime() + 1)))
          .filter((f) => f.scheduledAt.getTime() >= from.getTime())
          .reverse()
      : [];
    return { fireTimes: times.length, created, alreadyFired, fires };
  }

  /** Validated columns for a create (current undefined) or an update (unset inputs keep current values). */
  private async fields(input: ScheduleInput, current: ScheduleRow | undefined): Promise<ScheduleFields> {
    const target = chooseTarget(input, current, "schedule");
    const timezone = input.timezone != null ? checkTimezone(input.timezone) : (current?.timezone ?? "UTC");
    const cron = checkCron(input.cron ?? current?.cron ?? "", timezone);
    const args = input.arguments != null ? checkArguments(input.arguments) : (current?.arguments ?? []);
    const properties = (input.properties !== undefined ? input.properties : current?.properties) ?? {};
    checkTargetProperties(target, properties);
    const startAt = input.startAt !== undefined ? input.startAt : (current?.startAt ?? null);
    const endAt = input.endAt !== undefined ? input.endAt : (current?.endAt ?? null);
    if (startAt && endAt && startAt.getTime() >= endAt.getTime())
      throw badInput("endAt must be after startAt.", { field: "endAt" });
    const overlap = input.overlap != null ? checkOverlap(input.overlap) : checkOverlap(current?.overlap);
    const misfire = input.misfire != null ? checkMisfire(input.misfire) : checkMisfire(current?.misfire);
    const enabled = input.enabled ?? current?.enabled ?? true;

    // A dry run: arguments and properties that could never start a run are refused now, not at 02:00.
    await this.launcher.check(target, args, properties, "SCHEDULE");

    const timing = current && current.cron === cron && current.timezone === timezone;
    const sameBounds =
      current?.startAt?.getTime() === startAt?.getTime() && current?.endAt?.getTime() === endAt?.getTime();
    let nextFireAt: Date | null;
    if (current && timing && sameBounds) nextFireAt = current.nextFireAt;
    else {
      nextFireAt = nextFireTimes(cron, timezone, this.clock(), 1, { startAt, endAt })[0] ?? null;
      if (!nextFireAt)
        throw badInput(
          `${cron} never fires from now${endAt ? ` until endAt (${endAt.toISOString()})` : ""}; change the cron or the end time.`,
          { field: "cron" },
        );
    }
    return {
      taskName: target.taskName,
      dagName: target.dagName,
      cron,
      timezone,
      arguments: args,
      properties: properties as Record<string, unknown>,
      enabled,
      startAt,
      endAt,
      overlap,
      misfire,
      nextFireAt,
    };
  }
}
