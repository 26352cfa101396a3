import { type ClaimReply, type RunEvent, traceMark, tracing } from "@baton/proto";
import type { StoredEvent } from "../domain/events.js";
import { type ExecutionStatus, isTerminal } from "../domain/execution-state.js";
import { applyRunEventBatch, type BatchOutcome, type EventVerdict } from "../domain/run-event-batch.js";
import type { StepState } from "../domain/run-events.js";
import { commitIngestBatch, type IngestState, numbered, readIngestState } from "../store/ingest-store.js";
import { inTransaction } from "../store/pool.js";
import { insertRetry, type RetryRun } from "../store/retry-store.js";
import { type IngestFacts, type RunStore, updateExecution } from "../store/run-store.js";
import { saveStep } from "../store/steps.js";
import type { AdmissionWake, EventPublisher } from "./ports.js";

/** Hears what ingestion committed, for the metrics (observability/run-observer.ts). */
export interface IngestObserver {
  facts(executionId: string, facts: IngestFacts): void;
  steps(executionId: string, before: ReadonlyMap<string, StepState>, after: readonly StepState[]): void;
  persisted(publishedAt: string, committedAt: number): void;
}

/**
 * What became of each event: a verdict of the batch fold, "unknown" (no such
 * execution), or "refused": its runner is not the one that claimed the run.
 */
export type IngestResult = EventVerdict | "unknown" | "refused";

/** Executions whose ingestion state this instance keeps between batches (a bound on memory). */
const STATE_CACHE_MAX = 10_000;
/** Optimistic writes that lose to another writer before a batch falls back to a locking transaction. */
const OPTIMISTIC_TRIES = 3;

type Written = {
  verdicts: IngestResult[];
  stored: StoredEvent[];
  retry?: RetryRun | undefined;
  before?: ReadonlyMap<string, StepState>;
  steps?: StepState[];
  applied?: RunEvent[];
  facts?: IngestFacts;
};

/**
 * Turns runner events into execution state, exactly once and in order:
 * runner events are numbered 1..n per execution, and an event is applied
 * only when it is the next one (a redelivered one is a duplicate; one that
 * overtook its predecessor is "early" and is delivered again later).
 * Events of an execution that already ended are acknowledged and change
 * nothing: a terminal status is final, LOST included. Only the runner that
 * claimed the run may report on it: another runner's events (the caller has
 * checked that an event's runnerId is its sender) are refused and change nothing.
 *
 * A batch is one statement (docs/architecture.md, "The hot path"): the fold
 * runs against the execution's state as this instance last wrote or read it
 * (kept from the claim on), and the write is conditioned on the row still
 * being in that state. A write that loses (another control plane ingested,
 * a LOST verdict or a cancel wrote meanwhile) reads the row again and folds
 * again. A batch that ends a run with a retry policy takes the locking
 * transaction instead, because the retry is inserted with the end.
 */
export class IngestService {
  /** Ingestion state per execution as of this instance's last write or read; never ahead of the database. */
  private readonly states = new Map<string, IngestState>();

  constructor(
    private readonly store: RunStore,
    private readonly live: EventPublisher,
    private readonly admission: AdmissionWake,
    private readonly observer?: IngestObserver,
  ) {}

  /** Ingests events of ONE execution in one write; returns a verdict per event, in rseq order. */
  async ingest(executionId: string, batch: readonly RunEvent[]): Promise<IngestResult[]> {
    const events = [...batch].sort((a, b) => a.rseq - b.rseq);
    let result: Written | undefined;
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES && !result; attempt++) {
      const state = this.states.get(executionId) ?? (await readIngestState(this.store.pool, executionId));
      if (!state) return events.map(() => "unknown");
      result = await this.optimistic(executionId, state, events);
    }
    result ??= await this.locked(executionId, events);
    if (!result) return events.map(() => "unknown");
    this.after(executionId, result);
    return result.verdicts;
  }

  /**
   * Folds against `state` and writes in one conditioned statement; undefined
   * when the row had moved on (the state is then forgotten and read again).
   * A batch that ends a run with a retry policy goes to `locked`.
   */
  private async optimistic(executionId: string, state: IngestState, events: RunEvent[]): Promise<Written | undefined> {
    const fold = foldBatch(state, events);
    if (fold.verdicts.includes("early")) this.states.delete(executionId); // a stale state must not hold events back
    if (!fold.outcome.verdicts.includes("applied")) return { verdicts: fold.verdicts, stored: [] };
    const ended = fold.outcome.execution.status;
    if (ended && isTerminal(ended) && state.retries) return this.locked(executionId, events);
    const stored = numbered(executionId, state.lastSeq, fold.outcome.events);
    const change = {
      ...fold.outcome.execution,
      runnerSeq: fold.outcome.runnerSeq,
      lastSeq: state.lastSeq + stored.length,
    };
    const ok = await commitIngestBatch(this.store.pool, executionId, state, change, stored, fold.outcome.steps);
    if (!ok) {
      this.states.delete(executionId);
      return undefined;
    }
    this.remember(
      executionId,
      change.status && isTerminal(change.status) ? undefined : nextState(state, change, fold.outcome.steps),
    );
    return {
      verdicts: fold.verdicts,
      stored,
      before: state.steps,
      steps: fold.outcome.steps,
      applied: fold.applied,
      facts: state,
    };
  }

  /** The batch under the execution's row lock, in one transaction (with the retry a failed end may insert). */
  private async locked(executionId: string, events: RunEvent[]): Promise<Written | undefined> {
    this.states.delete(executionId);
    return inTransaction(this.store.pool, async (tx) => {
      const row = await this.store.lockWithSteps(tx, executionId);
      if (!row) return undefined;
      const fold = foldBatch(row, events);
      const outcome = fold.outcome;
      if (!outcome.verdicts.includes("applied")) return { verdicts: fold.verdicts, stored: [] as StoredEvent[] };
      const stored = await this.store.appendEvents(tx, executionId, row.lastSeq, outcome.events);
      for (const step of outcome.steps) await saveStep(tx, executionId, step);
      await updateExecution(tx, executionId, {
        ...outcome.execution,
        runnerSeq: outcome.runnerSeq,
        lastSeq: row.lastSeq + stored.length,
      });
      const ended = outcome.execution.status;
      const retry = ended && row.retries ? await insertRetry(tx, executionId, ended, new Date()) : undefined;
      return {
        verdicts: fold.verdicts,
        stored,
        retry,
        before: row.steps,
        steps: outcome.steps,
        applied: fold.applied,
        facts: row as IngestFacts,
      };
    });
  }

  /** After the commit: metrics, live subscribers, a retry's announcement. */
  private after(executionId: string, result: Written): void {
    if (tracing()) for (const e of result.applied ?? []) traceMark(executionId, `ingest.committed.${e.type}`);
    if (this.observer && result.applied && result.before && result.steps && result.facts) {
      const now = Date.now();
      const { task, queuedAt, startedAt, dagId } = result.facts;
      this.observer.facts(executionId, { task, queuedAt, startedAt, dagId });
      for (const e of result.applied) this.observer.persisted(e.at, now);
      if (result.steps.length > 0) this.observer.steps(executionId, result.before, result.steps);
    }
    this.live.publish(executionId, result.stored);
    announceRetry(result.retry, this.live, this.admission);
  }

  private remember(executionId: string, state: IngestState | undefined): void {
    this.states.delete(executionId);
    if (!state) return;
    if (this.states.size >= STATE_CACHE_MAX) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
    this.states.set(executionId, state);
  }

  /**
   * A runner asks before starting a run, so a run starts at most once and a
   * run cancelled while queued never starts. A granted claim leaves the run's
   * state here for its first events.
   */
  async claim(executionId: string, runnerId: string): Promise<ClaimReply> {
    const { reply, state } = await this.store.claim(executionId, runnerId);
    if (state) this.remember(executionId, state);
    return reply;
  }
}

/** The pure fold of a sorted batch against a state, with a verdict per event (another runner's: refused). */
function foldBatch(
  state: IngestState,
  events: readonly RunEvent[],
): { outcome: BatchOutcome; verdicts: IngestResult[]; applied: RunEvent[] } {
  const own = events.filter((e) => e.runnerId === state.runnerId);
  const outcome = applyRunEventBatch(state.status, state.runnerSeq, state.steps, own);
  const folded = new Map(own.map((e, i) => [e, outcome.verdicts[i] as EventVerdict]));
  return {
    outcome,
    verdicts: events.map((e) => folded.get(e) ?? "refused"),
    applied: own.filter((_e, i) => outcome.verdicts[i] === "applied"),
  };
}

/** The state after a batch was written. */
function nextState(
  state: IngestState,
  change: { status?: ExecutionStatus; startedAt?: Date; runnerId?: string; runnerSeq: number; lastSeq: number },
  steps: readonly StepState[],
): IngestState {
  const next: IngestState = {
    ...state,
    runnerSeq: change.runnerSeq,
    lastSeq: change.lastSeq,
    steps: new Map(state.steps),
  };
  if (change.status) next.status = change.status;
  if (change.startedAt) next.startedAt = change.startedAt;
  if (change.runnerId) next.runnerId = change.runnerId;
  for (const s of steps) next.steps.set(s.name, s);
  return next;
}

/** After the commit: the retry's QUEUED event, and admission woken when its backoff ends. */
export function announceRetry(retry: RetryRun | undefined, live: EventPublisher, admission: AdmissionWake): void {
  if (!retry) return;
  live.publish(retry.executionId, [retry.event]);
  admission.requestAt(retry.notBefore);
}
