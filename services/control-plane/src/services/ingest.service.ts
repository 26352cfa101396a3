import type { ClaimReply, RunEvent } from "@baton/proto";
import type { StoredEvent } from "../domain/events.js";
import { applyRunEventBatch, type EventVerdict } from "../domain/run-event-batch.js";
import type { StepState } from "../domain/run-events.js";
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

/**
 * Turns runner events into execution state, exactly once and in order:
 * runner events are numbered 1..n per execution, and an event is applied
 * only when it is the next one (a redelivered one is a duplicate; one that
 * overtook its predecessor is "early" and is delivered again later).
 * Events of an execution that already ended are acknowledged and change
 * nothing: a terminal status is final, LOST included. Only the runner that
 * claimed the run may report on it: another runner's events (the caller has
 * checked that an event's runnerId is its sender) are refused and change nothing.
 */
export class IngestService {
  constructor(
    private readonly store: RunStore,
    private readonly live: EventPublisher,
    private readonly admission: AdmissionWake,
    private readonly observer?: IngestObserver,
  ) {}

  /** Ingests events of ONE execution in one transaction; returns a verdict per event, in rseq order. */
  async ingest(executionId: string, batch: readonly RunEvent[]): Promise<IngestResult[]> {
    const events = [...batch].sort((a, b) => a.rseq - b.rseq);
    const result = await inTransaction(this.store.pool, async (tx) => {
      const row = await this.store.lockWithSteps(tx, executionId);
      if (!row) return undefined;
      const own = events.filter((e) => e.runnerId === row.runnerId);
      const outcome = applyRunEventBatch(row.status, row.runnerSeq, row.steps, own);
      const folded = new Map(own.map((e, i) => [e, outcome.verdicts[i] as EventVerdict]));
      const verdicts: IngestResult[] = events.map((e) => folded.get(e) ?? "refused");
      if (!outcome.verdicts.includes("applied")) return { verdicts, stored: [] as StoredEvent[] };
      const stored = await this.store.appendEvents(tx, executionId, row.lastSeq, outcome.events);
      for (const step of outcome.steps) await saveStep(tx, executionId, step);
      await updateExecution(tx, executionId, {
        ...outcome.execution,
        runnerSeq: outcome.runnerSeq,
        lastSeq: row.lastSeq + stored.length,
      });
      const ended = outcome.execution.status;
      const retry = ended && row.retries ? await insertRetry(tx, executionId, ended, new Date()) : undefined;
      const applied = own.filter((_e, i) => outcome.verdicts[i] === "applied");
      return { verdicts, stored, retry, before: row.steps, steps: outcome.steps, applied, facts: row as IngestFacts };
    });
    if (!result) return events.map(() => "unknown");
    if (this.observer && result.applied && result.before && result.steps && result.facts) {
      const now = Date.now();
      const { task, queuedAt, startedAt, dagId } = result.facts;
      this.observer.facts(executionId, { task, queuedAt, startedAt, dagId });
      for (const e of result.applied) this.observer.persisted(e.at, now);
      if (result.steps.length > 0) this.observer.steps(executionId, result.before, result.steps);
    }
    this.live.publish(executionId, result.stored);
    announceRetry(result.retry, this.live, this.admission);
    return result.verdicts;
  }

  /**
   * A runner asks before starting a run, so a run starts at most once and a
   * run cancelled while queued never starts.
   */
  claim(executionId: string, runnerId: string): Promise<ClaimReply> {
    return this.store.claim(executionId, runnerId);
  }
}

/** After the commit: the retry's QUEUED event, and admission woken when its backoff ends. */
export function announceRetry(retry: RetryRun | undefined, live: EventPublisher, admission: AdmissionWake): void {
  if (!retry) return;
  live.publish(retry.executionId, [retry.event]);
  admission.requestAt(retry.notBefore);
}
