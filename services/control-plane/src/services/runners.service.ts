import type { Heartbeat, HeartbeatReply, HeldRun, RecoverReply, RecoverRequest, RunSpec } from "@baton/proto";
import type { PendingEvents } from "../bus/pending.js";
import { statusEvent } from "../domain/events.js";
import type { Log } from "../observability/logger.js";
import { inTransaction } from "../store/pool.js";
import { insertRetry } from "../store/retry-store.js";
import { type Queryable, type RunStore, updateExecution } from "../store/run-store.js";
import { type HeldRow, RunnerStore } from "../store/runner-store.js";
import { announceRetry } from "./ingest.service.js";
import type { Leadership } from "./leader.js";
import type { AdmissionWake, EventPublisher } from "./ports.js";

/**
 * How much later than this control plane a runner may get back to NATS after
 * an outage (runners reconnect every 500 ms with up to 100 ms of jitter, see
 * runners/host/src/host.ts): the leader's health must cover that too, or a
 * runner that reconnected a moment later would look silent for the whole
 * LOST delay.
 */
const RUNNER_RECONNECT_MS = 1000;

/** How long a recover request waits for the held runs' published events to be ingested before asking the runner to retry. */
const HELD_INGEST_WAIT_MS = 10_000;

/**
 * The fleet as the control plane sees it: heartbeats in, LOST verdicts out.
 * Everything is decided from Postgres (heartbeats go to any instance), and a
 * run is declared LOST only when that is true, because a terminal status is
 * final: never while the events stream still holds events of the run.
 */
export class RunnersService {
  private readonly runnerStore: RunnerStore;

  constructor(
    private readonly store: RunStore,
    private readonly live: EventPublisher,
    private readonly pending: PendingEvents,
    private readonly lostAfterMs: number,
    private readonly admission: AdmissionWake,
    private readonly log: Log = console.error,
  ) {
    this.runnerStore = new RunnerStore(store.pool);
  }

  /**
   * Records the heartbeat and answers it: `fence` lists the runs the runner
   * holds that already ended here (it kills them). Runs this runner id
   * claimed before its current incarnation started, and no longer holds,
   * died with the old incarnation: LOST. A database failure still gets an
   * answer, with nothing fenced, so the runner keeps going.
   */
  async heartbeat(hb: Heartbeat): Promise<HeartbeatReply> {
    const reply: HeartbeatReply = { v: 1, fence: [], lostAfterMs: this.lostAfterMs };
    try {
      await this.runnerStore.saveHeartbeat(hb);
      reply.fence = await this.runnerStore.terminalAmong(hb.running);
      await this.markDisowned(hb);
    } catch (err) {
      this.log(`heartbeat of runner ${hb.runnerId} not recorded: ${(err as Error).message}`);
    }
    return reply;
  }

  /**
   * A restarted runner asks which runs it held: every claimed run of its id
   * not yet ended, once the events it had already published are ingested
   * (so the event number and the output line counts it resumes from are
   * exact). A cancel requested before the restart comes with the run's whole
   * grace: the runner may never have received it, and the program is owed
   * its SIGTERM and grace.
   */
  async held(request: RecoverRequest): Promise<RecoverReply> {
    try {
      const deadline = Date.now() + HELD_INGEST_WAIT_MS;
      for (;;) {
        const rows = await this.runnerStore.held(request.runnerId);
        const waiting: string[] = [];
        for (const row of rows)
          if (await this.pending.has(row.id, row.runnerSeq, request.runnerId)) waiting.push(row.id);
        if (waiting.length === 0) return { v: 1, ok: true, runs: rows.map(heldRun) };
        if (Date.now() > deadline)
          return { v: 1, ok: false, runs: [], reason: `events of ${waiting.join(", ")} are still being ingested` };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch (err) {
      this.log(`recover request of runner ${request.runnerId} not answered: ${(err as Error).message}`);
      return { v: 1, ok: false, runs: [], reason: "the control plane cannot read its database" };
    }
  }

  async markDisowned(hb: Heartbeat): Promise<string[]> {
    const lost: string[] = [];
    for (const id of await this.runnerStore.disowned(hb.runnerId, hb.startedAt, hb.running)) {
      if (await this.lose(id, `runner ${hb.runnerId} restarted and no longer holds this run`)) lost.push(id);
    }
    return lost;
  }

  /**
   * Claimed runs whose runner has been silent for lostAfterMs become LOST.
   * Only the leader does it, and only once it has itself been able to hear
   * and record heartbeats for lostAfterMs (NATS connected, its queries
   * succeeding): an outage of NATS or Postgres silences every runner at once
   * and must not make healthy runs LOST.
   */
  async markLost(leader: Leadership): Promise<string[]> {
    const heardFor = this.lostAfterMs + RUNNER_RECONNECT_MS;
    if (!leader.isLeader() || leader.healthyForMs() < heardFor) return [];
    const lost: string[] = [];
    try {
      for (const c of await this.runnerStore.silent(this.lostAfterMs)) {
        const cause = `runner ${c.runnerId} stopped sending heartbeats`;
        const stillSilent = (tx: Queryable) => new RunnerStore(tx).stillSilent(c.runnerId, this.lostAfterMs);
        if (leader.healthyForMs() < heardFor) break;
        if (await this.lose(c.id, cause, c.runnerId, stillSilent)) lost.push(c.id);
      }
    } catch (err) {
      leader.unhealthy();
      throw err;
    }
    return lost;
  }

  /**
   * DISPATCHED/RUNNING -> LOST under the row lock (so two instances at once
   * still write one verdict), unless the runner's events are still waiting
   * in the stream, the run moved on, or `stillTrue` no longer holds.
   */
  private async lose(
    id: string,
    cause: string,
    runnerId?: string,
    stillTrue?: (tx: Queryable) => Promise<boolean>,
  ): Promise<boolean> {
    const current = await this.store.get(id);
    if (!current || (await this.pending.has(id, current.runnerSeq, current.runnerId))) return false;
    const now = new Date();
    const result = await inTransaction(this.store.pool, async (tx) => {
      const row = await this.store.lock(tx, id);
      if (!row || (row.status !== "DISPATCHED" && row.status !== "RUNNING")) return undefined;
      // Ingested meanwhile: what waits in the stream was judged against an older runnerSeq; look again next round.
      if (row.runnerSeq !== current.runnerSeq) return undefined;
      if (runnerId !== undefined && row.runnerId !== runnerId) return undefined;
      if (stillTrue && !(await stillTrue(tx))) return undefined;
      const stored = await this.store.appendEvents(tx, id, row.lastSeq, [statusEvent("LOST", cause, now)]);
      await updateExecution(tx, id, { status: "LOST", endedAt: now, errorMessage: cause, lastSeq: row.lastSeq + 1 });
      return { stored, retry: row.retries ? await insertRetry(tx, id, "LOST", now) : undefined };
    });
    if (!result) return false;
    this.live.publish(id, result.stored);
    announceRetry(result.retry, this.live, this.admission);
    this.log(`execution ${id} is LOST: ${cause}`, {
      level: "warn",
      executionId: id,
      runnerId: current.runnerId ?? undefined,
    });
    return true;
  }
}

function heldRun(row: HeldRow): HeldRun {
  const spec = row.spec as RunSpec;
  return {
    command: {
      v: 1,
      executionId: row.id,
      task: row.taskName,
      revision: row.releaseRevision,
      platform: row.platform,
      pool: row.pool,
      spec,
    },
    handle: row.handle,
    startedAt: row.startedAt ? row.startedAt.toISOString() : null,
    rseq: row.runnerSeq,
    stdoutLines: row.stdoutLines,
    stderrLines: row.stderrLines,
    cancelGraceMs: row.cancelRequestedAt ? (spec.graceMs ?? 5000) : null,
  };
}
