import type { Execution } from "@baton/db";
import { type RunCommand, type RunSpec, traceMark, traceNow } from "@baton/proto";
import { admit, nextTurns } from "../../domain/admission/admit.js";
import { AdmissionStore, type AssignedRun, BEGIN_ADMISSION, type StatusChange } from "../../store/admission-store.js";
import { inTransaction } from "../../store/pool.js";
import type { RunStore } from "../../store/run-store.js";
import type { AdmissionWake, EventPublisher, RunSender } from "../ports.js";

export interface AdmissionConfig {
  /** A runner heard from within this long may be given runs (the LOST delay). */
  freshMs: number;
  /** An assignment not claimed after this long is sent again, or taken back from a silent runner. */
  resendAfterMs: number;
  /** Runs looked at per task and pass. */
  perTask: number;
  /** BATON_ADMISSION_TRACE: one line per pass with its cost. */
  trace: boolean;
}

/**
 * Decides which QUEUED runs start and where (docs/architecture.md,
 * "Admission"). A pass runs on any control plane under one Postgres
 * advisory lock, so several control planes never exceed a limit: read the
 * fleet and the queue heads, decide with the pure `admit`, record the
 * assignments (DISPATCHED to a runner) and the reasons of the rest, commit,
 * then send each command to its runner. Passes are requested by whatever
 * may free a slot or add a run, and coalesce: requests that arrive during a
 * pass make exactly one more.
 */
export class AdmissionService implements AdmissionWake {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Immediate | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAt: number | undefined;
  private stopped = false;
  /** Runners whose last send found nobody listening, and when: skipped until a later heartbeat of theirs. */
  private readonly unreachable = new Map<string, number>();

  constructor(
    private readonly store: RunStore,
    private readonly sender: RunSender,
    private readonly live: EventPublisher,
    private readonly config: AdmissionConfig,
    private readonly log: (m: string) => void = console.error,
  ) {}

  /** Asks for a pass soon; requests made in the same tick share one. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    // After this turn's I/O callbacks: a burst of launches or ends shares one pass.
    this.timer = setImmediate(() => {
      this.timer = undefined;
      void this.run();
    });
  }

  /** request() once `at` has come (the earliest of those asked for is kept). */
  requestAt(at: Date): void {
    const delay = at.getTime() - Date.now();
    if (delay <= 0) {
      this.request();
      return;
    }
    if (this.wakeAt !== undefined && this.wakeAt <= at.getTime()) return;
    clearTimeout(this.wakeTimer);
    this.wakeAt = at.getTime();
    this.wakeTimer = setTimeout(() => {
      this.wakeAt = undefined;
      this.request();
    }, delay + 5);
    this.wakeTimer.unref();
  }

  /** No more passes; resolves when the one under way (if any) is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    if (this.timer) clearImmediate(this.timer);
    await this.running;
  }

  /** One pass now (and the ones requested meanwhile); resolves when they are done. */
  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        if (this.stopped) break;
        this.again = false;
        try {
          await this.pass();
        } catch (err) {
          this.log(`admission pass failed, will try again: ${(err as Error).message}`);
        }
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const t0 = performance.now();
    const now = new Date();
    const phases: Record<string, number> = {};
    let mark = t0;
    const lap = (name: string): void => {
      const t = performance.now();
      phases[name] = t - mark;
      mark = t;
    };
    const result = await inTransaction(
      this.store.pool,
      async (tx) => {
        const store = new AdmissionStore(tx);
        lap("begin"); // BEGIN and the admission lock, one round trip
        const { expired, candidates, runners, active, limits, lastTurn } = await store.read(
          now,
          this.config.perTask,
          this.config.freshMs,
        );
        lap("read");
        if (candidates.length === 0) return { expired, assigned: [] as AssignedRun[], considered: 0 };
        const reachable = runners.filter((r) => r.lastHeartbeatAt.getTime() > (this.unreachable.get(r.id) ?? 0));
        const decision = admit({ runners: reachable, candidates, active, limits });
        lap("decide");
        const assigned = await store.assign(
          decision.admitted.map((a) => ({ executionId: a.executionId, runnerId: a.runnerId })),
          decision.waiting,
          nextTurns(decision.admitted, candidates, lastTurn),
          new Date(), // dispatchedAt: when it was given, not when the pass began
        );
        lap("write");
        return { expired, assigned, considered: candidates.length };
      },
      BEGIN_ADMISSION,
    );
    lap("commit");
    const committed = traceNow();
    for (const run of result.assigned) {
      traceMark(run.row.id, "admit.begin", performance.timeOrigin + t0);
      traceMark(run.row.id, "admit.committed", committed);
    }
    this.announce(result.expired);
    for (const run of result.assigned) this.live.publish(run.row.id, [run.event]);
    if (this.config.trace) {
      this.log(
        `admission: pass considered=${result.considered} admitted=${result.assigned.length} expired=${result.expired.length} ms=${(performance.now() - t0).toFixed(2)} ${Object.entries(
          phases,
        )
          .map(([k, v]) => `${k}=${v.toFixed(2)}`)
          .join(" ")}`,
      );
    }
    await Promise.all(result.assigned.map((run) => this.deliver(run.row, run.taskName)));
  }

  /** Sends one assigned run to its runner; a runner that refuses or is gone gives it back to admission. */
  private async deliver(row: Execution, taskName: string): Promise<void> {
    const runnerId = row.assignedRunnerId as string;
    traceMark(row.id, "command.send");
    const sent = await this.sender.send(runnerId, commandOf(row, taskName));
    traceMark(row.id, "command.answered");
    if (sent.outcome === "taken" || sent.outcome === "silent") return; // silent: the sweep sends it again
    if (sent.outcome === "gone") this.unreachable.set(runnerId, Date.now());
    const cause =
      sent.outcome === "gone"
        ? `runner ${runnerId} was not listening; queued again`
        : `runner ${runnerId} refused it (${sent.reason}); queued again`;
    await this.takeBack([row.id], cause);
  }

  private async takeBack(ids: string[], cause: string): Promise<void> {
    const changes = await new AdmissionStore(this.store.pool).unassign(ids, cause, new Date());
    this.announce(changes);
    if (changes.length > 0) this.request();
  }

  private announce(changes: readonly StatusChange[]): void {
    for (const c of changes) this.live.publish(c.executionId, [c.event]);
  }

  /**
   * The leader's sweep: a pass (backoffs that ended, time-to-live, runners
   * that came up), then assignments nobody claimed: sent again to a runner
   * still heard from (the claim is idempotent for it), taken back from one
   * that went silent.
   */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    await this.run();
    const pending = await new AdmissionStore(this.store.pool).unclaimed(
      this.config.resendAfterMs,
      this.config.freshMs,
      new Date(),
    );
    const silent = new Map<string, string[]>();
    for (const p of pending) {
      const runnerId = p.row.assignedRunnerId as string;
      if (p.runnerFresh && !this.unreachable.has(runnerId)) void this.deliver(p.row, p.taskName);
      else silent.set(runnerId, [...(silent.get(runnerId) ?? []), p.row.id]);
    }
    for (const [runnerId, ids] of silent)
      await this.takeBack(ids, `runner ${runnerId} went silent before taking it; queued again`);
  }
}

function commandOf(row: Execution, task: string): RunCommand {
  return {
    v: 1,
    executionId: row.id,
    task,
    revision: row.releaseRevision,
    platform: row.platform,
    pool: row.pool,
    spec: row.spec as unknown as RunSpec,
  };
}
