import { setImmediate as yieldToLoop } from "node:timers/promises";
import { type RetentionConfig, type TaskRules, taskRules } from "../domain/retention.js";
import type { RetentionStore } from "../store/retention-store.js";

export type RetentionKind = "executions" | "events" | "log_lines" | "steps" | "audit_records" | "dag_runs";

export interface PassReport {
  deleted: Record<RetentionKind, number>;
  /** Whether the pass ran out of time with work left (the next pass continues). */
  unfinished: boolean;
  ms: number;
}

const zero = (): Record<RetentionKind, number> => ({
  executions: 0,
  events: 0,
  log_lines: 0,
  steps: 0,
  audit_records: 0,
  dag_runs: 0,
});

/**
 * History retention (docs/architecture.md, "Retention"): the leader's pass
 * deletes, batch after batch, executions (with events and steps) past their
 * task's days or behind its last N runs, ended DAG runs past the global days
 * with their executions, log lines past their horizon, and old audit records.
 * Each batch is its own short statement; the pass yields to the event loop
 * between batches and stops when nothing is left or its time budget is spent.
 * Safe if two instances ran it at once: every delete is of rows that are
 * already due, and deleting a row twice deletes it once.
 */
export class RetentionService {
  private running: Promise<PassReport> | undefined;

  constructor(
    private readonly store: RetentionStore,
    private readonly config: RetentionConfig,
    private readonly onDeleted: (kind: RetentionKind, count: number) => void = () => undefined,
  ) {}

  /** One pass; a call while one runs joins it instead of starting a second. */
  pass(): Promise<PassReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<PassReport> {
    const started = Date.now();
    const budget = this.config.passBudgetMs ?? Math.min(10_000, Math.max(250, this.config.intervalMs / 2));
    const deadline = started + budget;
    const deleted = zero();
    const count = (kind: RetentionKind, n: number) => {
      if (n <= 0) return;
      deleted[kind] += n;
      this.onDeleted(kind, n);
    };
    const timeLeft = () => Date.now() < deadline;
    const batch = this.config.batch;
    const rules: TaskRules[] = taskRules(this.config, await this.store.taskSettings());
    let unfinished = false;

    /** Deletes events of `ids` batch by batch; false when time ran out first. */
    const drainEvents = async (ids: string[], kind: "events" | "log_lines"): Promise<boolean> => {
      for (;;) {
        const { events, done } = await this.store.deleteEvents(ids, batch, kind === "log_lines");
        count(kind, events);
        await yieldToLoop();
        if (done) return true;
        if (!timeLeft()) return false;
      }
    };

    const stages: (() => Promise<boolean>)[] = [
      // Executions past their days, then those behind the last N runs.
      async () => {
        for (const find of [
          (l: number) => this.store.expiredExecutions(rules, l),
          (l: number) => this.store.surplusExecutions(rules, l),
        ]) {
          for (;;) {
            if (!timeLeft()) return false;
            const ids = await find(batch);
            if (ids.length === 0) break;
            if (!(await drainEvents(ids, "events"))) return false;
            const d = await this.store.deleteExecutions(ids);
            count("executions", d.executions);
            count("steps", d.steps);
            count("events", d.events);
            await yieldToLoop();
            if (ids.length < batch) break;
          }
        }
        return true;
      },
      // Ended DAG runs past the global days, with every execution they ran.
      async () => {
        if (this.config.days <= 0) return true;
        const runsPerBatch = Math.max(1, Math.floor(batch / 20));
        for (;;) {
          if (!timeLeft()) return false;
          const runs = await this.store.expiredDagRuns(this.config.days, runsPerBatch);
          if (runs.length === 0) return true;
          if (!(await drainEvents(await this.store.dagRunExecutions(runs), "events"))) return false;
          const d = await this.store.deleteDagRuns(runs);
          count("dag_runs", d.dagRuns);
          count("executions", d.executions);
          count("steps", d.steps);
          count("events", d.events);
          await yieldToLoop();
          if (runs.length < runsPerBatch) return true;
        }
      },
      // Log lines past their horizon; the executions and their other events stay.
      async () => {
        for (;;) {
          if (!timeLeft()) return false;
          const ids = await this.store.logsDue(rules, batch);
          if (ids.length === 0) return true;
          if (!(await drainEvents(ids, "log_lines"))) return false;
          await this.store.markLogsExpired(ids);
          await yieldToLoop();
          if (ids.length < batch) return true;
        }
      },
      // Audit records, on their own horizon.
      async () => {
        if (this.config.auditDays <= 0) return true;
        for (;;) {
          if (!timeLeft()) return false;
          const n = await this.store.deleteAudit(this.config.auditDays, batch);
          count("audit_records", n);
          await yieldToLoop();
          if (n < batch) return true;
        }
      },
    ];
    for (const stage of stages) {
      if (!(await stage())) {
        unfinished = true;
        break;
      }
    }
    return { deleted, unfinished, ms: Date.now() - started };
  }
}
