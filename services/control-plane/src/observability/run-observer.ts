import type { StoredEvent } from "../domain/events.js";
import { isTerminal } from "../domain/execution-state.js";
import type { StepState } from "../domain/run-events.js";
import type { RunFacts } from "../store/metrics-store.js";
import type { RunMetrics } from "./metrics.js";
import { type StepItemDelta, stepItemDeltas } from "./step-items.js";

/** Looks executions up by id (one statement for many). */
export type FactsLookup = (ids: readonly string[]) => Promise<RunFacts[]>;

/** What ingestion already knows of an execution it just changed (store/run-store.ts IngestFacts). */
export interface KnownFacts {
  task: string;
  queuedAt: Date;
  startedAt: Date | null;
  /** Set for a DAG node's execution: its DAG and node names need a lookup. */
  dagId: string | null;
}

interface StatusChange {
  executionId: string;
  status: string;
  at: Date;
}

const CACHE_SIZE = 10_000;

/**
 * Turns what the writers commit into metrics, off the hot path: every writer
 * already publishes its stored events after the commit (app.ts `live`), and
 * ingestion reports the execution it changed (task, times) and the step rows
 * before and after. Counting events and lines needs nothing more. A status
 * change is recorded at once when ingestion told its facts (the runner's
 * RUNNING and exit, nearly every change); other writers' changes (LOST,
 * EXPIRED, a cancel while queued) and DAG nodes (their DAG and node names)
 * are looked up in one batched query per flush. Task names of recent
 * executions are cached (they never change).
 */
export class RunObserver {
  private readonly pendingStatus: StatusChange[] = [];
  private readonly pendingSteps = new Map<string, StepItemDelta[]>();
  private readonly known = new Map<string, KnownFacts>();
  private flushing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly metrics: RunMetrics,
    private readonly lookup: FactsLookup,
    private readonly log: (m: string) => void,
  ) {}

  /** Ingestion changed this execution (called after its commit, before its events are published). */
  facts(executionId: string, facts: KnownFacts): void {
    this.known.delete(executionId);
    this.known.set(executionId, facts);
    if (this.known.size > CACHE_SIZE) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }

  /** Events a writer committed (status changes, log lines, steps). */
  stored(executionId: string, events: readonly StoredEvent[]): void {
    const kinds = new Map<string, number>();
    const streams = new Map<string, number>();
    for (const e of events) {
      kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
      if (e.kind === "LOG") streams.set(e.payload.stream, (streams.get(e.payload.stream) ?? 0) + 1);
      else if (e.kind === "STATUS" && (e.payload.status === "RUNNING" || isTerminal(e.payload.status))) {
        const change = { executionId, status: e.payload.status, at: e.at };
        const known = this.known.get(executionId);
        if (known && known.dagId === null) this.recordStatus(change, { ...known, dag: null, node: null });
        else {
          this.pendingStatus.push(change);
          this.schedule();
        }
      }
    }
    for (const [kind, n] of kinds) this.metrics.eventsIngested(kind, n);
    for (const [stream, n] of streams) this.metrics.logLines(stream, n);
  }

  /** Ingestion changed these step rows (before: their state in the database before the batch). */
  steps(executionId: string, before: ReadonlyMap<string, StepState>, after: readonly StepState[]): void {
    const deltas = stepItemDeltas(before, after);
    if (deltas.length === 0) return;
    const task = this.known.get(executionId)?.task;
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

  private recordStatus(s: StatusChange, f: Omit<RunFacts, "id">): void {
    if (s.status === "RUNNING") {
      this.metrics.executionStarted(f.task, (s.at.getTime() - f.queuedAt.getTime()) / 1000);
      const known = this.known.get(s.executionId);
      if (known) known.startedAt = s.at;
      return;
    }
    const startedAt = f.startedAt ?? this.known.get(s.executionId)?.startedAt ?? null;
    const ran = startedAt ? (s.at.getTime() - startedAt.getTime()) / 1000 : undefined;
    this.metrics.executionEnded(f.task, s.status, ran);
    if (f.dag && f.node && ran !== undefined) this.metrics.dagNodeEnded(f.dag, f.node, ran);
    this.known.delete(s.executionId);
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
      if (f) this.recordStatus(s, f);
    }
    for (const [id, deltas] of steps) {
      const f = facts.get(id);
      if (!f) continue;
      for (const d of deltas) this.metrics.stepItems(f.task, d.step, d.kind, d.count);
    }
  }
}
