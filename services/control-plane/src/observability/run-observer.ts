import type { StoredEvent } from "../domain/events.js";
import { isTerminal } from "../domain/execution-state.js";
import type { StepState } from "../domain/run-events.js";
import type { RunFacts } from "../store/metrics-store.js";
import type { RunMetrics } from "./metrics.js";
import { type StepItemDelta, stepItemDeltas } from "./step-items.js";

/** Looks executions up by id (one statement for many). */
export type FactsLookup = (ids: readonly string[]) => Promise<RunFacts[]>;

interface StatusChange {
  executionId: string;
  status: string;
  at: Date;
}

const CACHE_SIZE = 10_000;

/**
 * Turns what the writers commit into metrics, off the hot path: every writer
 * already publishes its stored events after the commit (app.ts `live`), and
 * ingestion reports the step rows it changed. Counting events and lines needs
 * nothing more; a status change or a step's items need the execution's task
 * (and DAG node), which are read in one batched query per flush, with the
 * task names of recent executions cached (they never change).
 */
export class RunObserver {
  private readonly pendingStatus: StatusChange[] = [];
  private readonly pendingSteps = new Map<string, StepItemDelta[]>();
  private readonly tasks = new Map<string, string>();
  private flushing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly metrics: RunMetrics,
    private readonly lookup: FactsLookup,
    private readonly log: (m: string) => void,
  ) {}

  /** Events a writer committed (status changes, log lines, steps). */
  stored(executionId: string, events: readonly StoredEvent[]): void {
    const kinds = new Map<string, number>();
    const streams = new Map<string, number>();
    for (const e of events) {
      kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
      if (e.kind === "LOG") streams.set(e.payload.stream, (streams.get(e.payload.stream) ?? 0) + 1);
      else if (e.kind === "STATUS" && (e.payload.status === "RUNNING" || isTerminal(e.payload.status))) {
        this.pendingStatus.push({ executionId, status: e.payload.status, at: e.at });
        this.schedule();
      }
    }
    for (const [kind, n] of kinds) this.metrics.eventsIngested(kind, n);
    for (const [stream, n] of streams) this.metrics.logLines(stream, n);
  }

  /** Ingestion changed these step rows (before: their state in the database before the batch). */
  steps(executionId: string, before: ReadonlyMap<string, StepState>, after: readonly StepState[]): void {
    const deltas = stepItemDeltas(before, after);
    if (deltas.length === 0) return;
    const task = this.tasks.get(executionId);
    if (task !== undefined) {
      for (const d of deltas) this.metrics.stepItems(task, d.step, d.kind, d.count);
      return;
    }
    this.pendingSteps.set(executionId, [...(this.pendingSteps.get(executionId) ?? []), ...deltas]);
    this.schedule();
  }

  /** A runner event persisted; `publishedAt` is the runner's clock. */
  persisted(publishedAt: string, committedAt: number): void {
    const at = Date.parse(publishedAt);
    if (Number.isFinite(at)) this.metrics.ingestLag((committedAt - at) / 1000);
  }

  /** Resolves once everything observed so far is recorded (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.flushing || this.pendingStatus.length > 0 || this.pendingSteps.size > 0) {
      await (this.flushing ?? this.flush());
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // One lookup for everything committed within a few milliseconds (a drain ends hundreds of runs a second).
    setTimeout(() => {
      this.scheduled = false;
      void this.flush();
    }, 20).unref();
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const statuses = this.pendingStatus.splice(0);
    const steps = new Map(this.pendingSteps);
    this.pendingSteps.clear();
    if (statuses.length === 0 && steps.size === 0) return Promise.resolve();
    this.flushing = this.record(statuses, steps)
      .catch((err) =>
        this.log(`metrics: could not look up ${statuses.length + steps.size} execution(s): ${(err as Error).message}`),
      )
      .finally(() => {
        this.flushing = undefined;
        if (this.pendingStatus.length > 0 || this.pendingSteps.size > 0) this.schedule();
      });
    return this.flushing;
  }

  private async record(statuses: StatusChange[], steps: Map<string, StepItemDelta[]>): Promise<void> {
    const ids = [...new Set([...statuses.map((s) => s.executionId), ...steps.keys()])];
    const facts = new Map((await this.lookup(ids)).map((f) => [f.id, f]));
    for (const s of statuses) {
      const f = facts.get(s.executionId);
      if (!f) continue;
      this.remember(f.id, f.task);
      if (s.status === "RUNNING") {
        this.metrics.executionStarted(f.task, (s.at.getTime() - f.queuedAt.getTime()) / 1000);
        continue;
      }
      const ran = f.startedAt ? (s.at.getTime() - f.startedAt.getTime()) / 1000 : undefined;
      this.metrics.executionEnded(f.task, s.status, ran);
      if (f.dag && f.node && ran !== undefined) this.metrics.dagNodeEnded(f.dag, f.node, ran);
      this.tasks.delete(f.id);
    }
    for (const [id, deltas] of steps) {
      const f = facts.get(id);
      if (!f) continue;
      this.remember(id, f.task);
      for (const d of deltas) this.metrics.stepItems(f.task, d.step, d.kind, d.count);
    }
  }

  private remember(id: string, task: string): void {
    this.tasks.set(id, task);
    if (this.tasks.size > CACHE_SIZE) {
      const oldest = this.tasks.keys().next().value;
      if (oldest !== undefined) this.tasks.delete(oldest);
    }
  }
}
