import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import type { Origin } from "../../domain/origin.js";
import {
  type MisfirePolicy,
  type OverlapPolicy,
  overlapAction,
  planTick,
  type TickPlan,
} from "../../domain/schedule/index.js";
import { NO_METRICS, type RunMetrics } from "../../observability/metrics.js";
import { inTransaction } from "../../store/pool.js";
import { type FireKind, type NewFire, type ScheduleRow, scheduleStore } from "../../store/schedule-store.js";
import type { Launched, Launcher, PlannedRun, PreparedTarget } from "../launcher.js";
import { targetKey } from "../launcher.js";
import type { Leadership } from "../leader.js";

export interface SchedulerConfig {
  /** A fire time later than this is a misfire (missed while no control plane was up). */
  misfireGraceMs: number;
  /** RUN_ALL starts at most this many missed fire times. */
  runAllCap: number;
  /** Schedules handled per transaction. */
  batch: number;
  /** Transactions run at once when many schedules are due together. */
  parallel: number;
  /** The longest the loop sleeps: how soon it sees a schedule another instance created. */
  maxSleepMs: number;
  /** Log where each batch's time went (BATON_SCHEDULER_TRACE). */
  trace?: boolean;
}

export type Clock = () => Date;

/** Fewer due schedules than this per transaction are not worth another connection. */
const MIN_CHUNK = 50;

/** One fire as the tick decided it, before it is recorded. */
interface Decided {
  fire: NewFire;
  run?: PlannedRun;
}

/**
 * Fires schedules. Runs on the leader only; a fire is a row unique on
 * (schedule, fire time) inserted in the same transaction as the run it
 * starts, so two instances that both believe they lead still start each fire
 * time once. The loop sleeps until the earliest next fire time (at most
 * maxSleepMs), then handles every due schedule in batches: one transaction
 * per batch, one statement each for the fires, the executions and the next
 * fire times.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly launcher: Launcher,
    private readonly leader: Leadership,
    private readonly config: SchedulerConfig,
    private readonly log: (m: string) => void,
    private readonly metrics: Pick<RunMetrics, "scheduleFire"> = NO_METRICS,
    private readonly clock: Clock = () => new Date(),
  ) {}

  start(): void {
    this.running = this.loop();
  }

  /** Something changed (a schedule saved, a run ended): look again now. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let sleep = this.config.maxSleepMs;
      if (this.leader.isLeader()) {
        try {
          await this.tick();
          const next = await scheduleStore.earliestNextFire(this.pool);
          if (next) sleep = Math.max(0, Math.min(sleep, next.getTime() - this.clock().getTime()));
        } catch (err) {
          this.leader.unhealthy();
          this.log(`scheduler tick failed: ${(err as Error).message}`);
        }
      }
      if (sleep > 0 && !this.stopped) {
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          this.timer = setTimeout(resolve, sleep);
        });
        clearTimeout(this.timer);
        this.wakeUp = undefined;
      }
    }
  }

  /** Handles every schedule due at the clock's now, then the fires waiting for a slot. */
  async tick(): Promise<void> {
    const { batch, parallel } = this.config;
    for (;;) {
      const now = this.clock();
      const due = await scheduleStore.due(this.pool, now, batch * parallel);
      if (due.length === 0) break;
      const t0 = performance.now();
      const targets = await this.prepareTargets(due);
      const prepareMs = performance.now() - t0;
      // Several transactions at once, on disjoint schedules: the database writes them on all its cores.
      const size = Math.min(batch, Math.max(MIN_CHUNK, Math.ceil(due.length / parallel)));
      const chunks: ScheduleRow[][] = [];
      for (let i = 0; i < due.length; i += size) chunks.push(due.slice(i, i + size));
      const handled = await Promise.all(chunks.map((c) => this.fireBatch(c, now, targets, prepareMs)));
      if (handled.reduce((a, b) => a + b, 0) < due.length || due.length < batch * parallel) break;
    }
    await this.startWaiting();
  }

  /** One transaction for a chunk of due schedules; returns how many it could lock. */
  private async fireBatch(
    due: ScheduleRow[],
    now: Date,
    targets: Map<string, PreparedTarget>,
    prepareMs: number,
  ): Promise<number> {
    const t1 = performance.now();
    let handled = 0;
    const recorded: { schedule: string; fire: NewFire }[] = [];
    const trace = { fires: 0, runs: 0, decideMs: 0, firesMs: 0, runsMs: 0 };
    const launched = await inTransaction(this.pool, async (tx) => {
      const locked = await scheduleStore.lockDue(
        tx,
        due.map((s) => s.id),
        now,
      );
      handled = locked.length;
      const guarded = locked.filter((s) => s.overlap !== "ALLOW").map((s) => s.id);
      const active = await scheduleStore.activeRuns(tx, guarded);
      const waiting = await scheduleStore.waitingCount(tx, guarded);
      const td = performance.now();
      const decided: Decided[] = [];
      const next: { id: string; at: Date | null; from: Date }[] = [];
      for (const s of locked) {
        const plan = planTick({ ...s, nextFireAt: s.nextFireAt as Date, misfire: s.misfire as MisfirePolicy }, now, {
          graceMs: this.config.misfireGraceMs,
          runAllCap: this.config.runAllCap,
          maxFires: 1000,
        });
        const load = { active: active.get(s.id) ?? 0, waiting: waiting.get(s.id) ?? 0 };
        decided.push(...this.decide(s, plan, targets.get(targetKey(s)), load, now));
        next.push({ id: s.id, at: plan.next, from: s.nextFireAt as Date });
      }
      const tf = performance.now();
      // Fires and runs carry the time they are written, not the tick's start: the jitter figures stay honest.
      const at = this.clock();
      for (const d of decided) if (d.fire.firedAt) d.fire.firedAt = at;
      const inserted = await scheduleStore.insertFires(
        tx,
        decided.map((d) => d.fire),
      );
      const tr = performance.now();
      const names = new Map(locked.map((s) => [s.id, s.name]));
      for (const d of decided)
        if (inserted.has(d.fire.id)) recorded.push({ schedule: names.get(d.fire.scheduleId) ?? "", fire: d.fire });
      const runs = decided.filter((d) => d.run && inserted.has(d.fire.id)).map((d) => d.run as PlannedRun);
      const result = await this.launcher.insert(tx, runs, at);
      await scheduleStore.setNextFire(tx, next);
      Object.assign(trace, {
        fires: inserted.size,
        runs: runs.length,
        decideMs: tf - td,
        firesMs: tr - tf,
        runsMs: performance.now() - tr,
      });
      return result;
    });
    const t2 = performance.now();
    this.launcher.announce(launched);
    for (const { schedule, fire } of recorded) {
      // Jitter: how late an on-time fire started its run (misfires and backfills are late by design).
      const jitter =
        fire.kind === "SCHEDULED" && fire.outcome === "STARTED" && fire.firedAt
          ? (fire.firedAt.getTime() - fire.scheduledAt.getTime()) / 1000
          : undefined;
      this.metrics.scheduleFire(schedule, fire.outcome.toLowerCase(), jitter);
    }
    if (this.config.trace && trace.fires > 0) {
      const ms = (v: number) => v.toFixed(1);
      this.log(
        `scheduler: ${trace.fires} fire(s), ${trace.runs} run(s) for ${now.toISOString()}: prepare ${ms(prepareMs)} ms, ` +
          `transaction ${ms(t2 - t1)} ms (plan ${ms(trace.decideMs)}, fires ${ms(trace.firesMs)}, runs ${ms(trace.runsMs)}), ` +
          `announce ${ms(performance.now() - t2)} ms, late ${Date.now() - now.getTime()} ms at the end`,
      );
    }
    return handled;
  }

  /** The fires of one schedule's due times, with the runs they start. */
  private decide(
    s: ScheduleRow,
    plan: TickPlan,
    target: PreparedTarget | undefined,
    load: { active: number; waiting: number },
    now: Date,
  ): Decided[] {
    const out: Decided[] = [];
    let { active, waiting } = load;
    for (const p of plan.fires) {
      const fire: NewFire = {
        id: randomUUID(),
        scheduleId: s.id,
        scheduledAt: p.scheduledAt,
        kind: p.kind,
        outcome: p.paused ? "PAUSED" : p.run ? "STARTED" : p.kind === "MISFIRE" ? "MISSED" : "SKIPPED",
        reason: p.reason,
        executionId: null,
        dagRunId: null,
        maxActive: null,
        firedAt: now,
      };
      if (!p.run) {
        out.push({ fire });
        continue;
      }
      const action = overlapAction(s.overlap as OverlapPolicy, active > 0 || waiting > 0);
      if (action === "SKIP") {
        out.push({
          fire: {
            ...fire,
            outcome: "SKIPPED",
            reason: "the previous run of this schedule was still active (overlap SKIP)",
          },
        });
        continue;
      }
      if (action === "WAIT") {
        waiting++;
        out.push({
          fire: {
            ...fire,
            outcome: "WAITING",
            reason: "waits for the previous run to end (overlap QUEUE)",
            maxActive: 1,
            firedAt: null,
          },
        });
        continue;
      }
      const run = this.planRun(s, target, p.scheduledAt, p.kind);
      if (typeof run === "string") {
        out.push({ fire: { ...fire, outcome: "FAILED", reason: run } });
        continue;
      }
      active++;
      out.push({ fire: withRun(fire, run), run });
    }
    return out;
  }

  planRun(s: ScheduleRow, target: PreparedTarget | undefined, scheduledAt: Date, kind: FireKind): PlannedRun | string {
    if (!target) return "its target changed while it fired; it will be retried";
    const origin: Origin = {
      kind: "SCHEDULE",
      name: s.name,
      scheduleId: s.id,
      scheduledTime: scheduledAt.toISOString(),
      fireKind: kind,
    };
    return this.launcher.plan(
      target,
      s.arguments,
      s.properties,
      origin,
      `schedule ${s.name} fired for ${origin.scheduledTime}`,
    );
  }

  async prepareTargets(schedules: readonly ScheduleRow[]): Promise<Map<string, PreparedTarget>> {
    const targets = new Map<string, PreparedTarget>();
    for (const s of schedules) {
      const key = targetKey(s);
      if (!targets.has(key)) targets.set(key, await this.launcher.prepare(s));
    }
    return targets;
  }

  /** Starts WAITING fires (QUEUE overlap, bounded backfills) whose schedule has a free slot, oldest first. */
  private async startWaiting(): Promise<void> {
    for (const scheduleId of await scheduleStore.withWaiting(this.pool, 100)) {
      const schedule = await scheduleStore.byId(this.pool, scheduleId);
      if (!schedule) continue;
      const target = await this.launcher.prepare(schedule);
      const launched = await inTransaction(this.pool, (tx) => this.startWaitingOf(tx, schedule, target));
      this.launcher.announce(launched);
    }
  }

  /** Under the schedule's row lock: start its waiting fires while it has room. */
  async startWaitingOf(tx: pg.PoolClient, schedule: ScheduleRow, target: PreparedTarget): Promise<Launched> {
    const empty: Launched = { executions: [], dagRuns: [] };
    const locked = await tx.query(`SELECT id FROM schedules WHERE id = $1 FOR UPDATE`, [schedule.id]);
    if (locked.rowCount === 0) return empty;
    let active = (await scheduleStore.activeRuns(tx, [schedule.id])).get(schedule.id) ?? 0;
    const runs: PlannedRun[] = [];
    const now = this.clock();
    for (const fire of await scheduleStore.waitingFires(tx, schedule.id, 1000)) {
      if (active >= (fire.maxActive ?? 1)) break;
      const run = this.planRun(schedule, target, fire.scheduledAt, fire.kind);
      if (typeof run === "string") {
        await scheduleStore.settleFire(tx, fire.id, "FAILED", { reason: run }, now);
        continue;
      }
      const ids = run.kind === "task" ? { executionId: run.run.id } : { dagRunId: run.id };
      const reason =
        fire.kind === "BACKFILL"
          ? `backfill: started with ${active} other run(s) of the schedule active (at most ${fire.maxActive})`
          : "started when the previous run ended (overlap QUEUE)";
      await scheduleStore.settleFire(tx, fire.id, "STARTED", { ...ids, reason }, now);
      runs.push(run);
      active++;
    }
    return runs.length === 0 ? empty : this.launcher.insert(tx, runs, now);
  }
}

export function withRun(fire: NewFire, run: PlannedRun): NewFire {
  return run.kind === "task" ? { ...fire, executionId: run.run.id } : { ...fire, dagRunId: run.id };
}
