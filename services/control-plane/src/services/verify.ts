import type { Execution, PrismaClient, Release } from "@baton/db";
import { type ExecutionStatus, isTerminal } from "../domain/execution-state.js";
import type { ResolvedRun } from "../domain/manifest.js";
import { lockTaskById } from "../store/task-locks.js";
import type { TerminalWaiter } from "./cancel.service.js";
import type { RequestContext } from "./context.js";
import type { ExecutionsService } from "./executions.service.js";
import type { Tx } from "./release-store.js";

/** How long past its own timeout a verification run may take to report before the revision fails. */
const REPORT_MARGIN_MS = 15_000;
/** A PENDING revision with no verification run after this long never got one (its control plane died). */
const NEVER_STARTED_MS = 60_000;

/**
 * Skipper's health check, for tasks: a PENDING revision runs once; only if
 * that run completes does the revision become DEPLOYED. Otherwise it is
 * FAILED with the reason, and the previous revision stays current. A run
 * that completes after a newer revision was deployed does not overtake it.
 * The decision is resumable: if the control plane waiting for the run dies,
 * the leader's `resumePending` makes it from what Postgres holds.
 */
export class Verifier {
  constructor(
    private readonly db: PrismaClient,
    private readonly executions: ExecutionsService,
    private readonly waiter: TerminalWaiter,
  ) {}

  async verify(
    task: string,
    pending: Release,
    run: ResolvedRun,
    timeoutSeconds: number,
    ctx: RequestContext,
  ): Promise<Release> {
    const execution = await this.executions.launchRevision(
      task,
      {
        taskId: pending.taskId,
        revision: pending.revision,
        platform: run.platform,
        pool: run.pool,
        spec: {
          ...run.spec,
          env: { ...run.spec.env, BATON_TASK: task, BATON_RELEASE_REVISION: String(pending.revision) },
        },
        arguments: run.arguments,
        // Admitted like any run of the task, but never retried: the verdict is this run's.
        demand: { ...run.demand, retryPolicy: null },
      },
      ctx,
      `verifies revision ${pending.revision}`,
    );
    await this.db.release.update({ where: { id: pending.id }, data: { verifyExecutionId: execution.id } });
    // The run carries the same timeout, so it ends by itself; allow it time to report.
    await this.waiter.waitForTerminal(execution.id, timeoutSeconds * 1000 + REPORT_MARGIN_MS);
    return this.decide(pending.id);
  }

  /**
   * The leader's loop: decides every PENDING revision whose verification run
   * ended, ran past its timeout and margin, or never started. Safe if two
   * instances ran it at once: `decide` locks the task and re-reads.
   */
  async resumePending(now = Date.now()): Promise<number> {
    const pending = await this.db.release.findMany({ where: { status: "PENDING" }, take: 100 });
    const ids = pending.flatMap((r) => (r.verifyExecutionId ? [r.verifyExecutionId] : []));
    const runs = new Map(
      (await this.db.execution.findMany({ where: { id: { in: ids } } })).map((e) => [e.id, e] as const),
    );
    let decided = 0;
    for (const release of pending) {
      const run = release.verifyExecutionId ? runs.get(release.verifyExecutionId) : undefined;
      if (!due(release, run, now)) continue;
      await this.decide(release.id);
      decided++;
    }
    return decided;
  }

  /** Makes the verdict on a PENDING revision from what Postgres holds now; returns it as it ends up. */
  async decide(releaseId: string): Promise<Release> {
    return this.db.$transaction(async (tx) => {
      const first = await tx.release.findUniqueOrThrow({ where: { id: releaseId } });
      await lockTaskById(tx, first.taskId);
      const pending = await tx.release.findUniqueOrThrow({ where: { id: releaseId } });
      if (pending.status !== "PENDING") return pending;
      const run = pending.verifyExecutionId
        ? await tx.execution.findUnique({ where: { id: pending.verifyExecutionId } })
        : null;
      if (!run) return fail(tx, pending, "verification never started: the control plane stopped before launching it");
      if (run.status !== "COMPLETED") return fail(tx, pending, failedRun(run));
      const task = await tx.taskDefinition.findUniqueOrThrow({ where: { id: pending.taskId } });
      const newer = await tx.release.findFirst({
        where: {
          taskId: pending.taskId,
          revision: { gt: pending.revision },
          status: { in: ["DEPLOYED", "SUPERSEDED"] },
        },
        orderBy: { revision: "desc" },
      });
      const newest = Math.max(task.currentRevision, newer?.revision ?? 0);
      if (newest > pending.revision) {
        return fail(
          tx,
          pending,
          `verification run ${run.id} completed, but revision ${newest} was deployed while revision ${pending.revision} was being verified; revision ${task.currentRevision} stays current`,
        );
      }
      await tx.release.updateMany({
        where: { taskId: pending.taskId, revision: task.currentRevision, status: "DEPLOYED" },
        data: { status: "SUPERSEDED" },
      });
      await tx.taskDefinition.update({ where: { id: pending.taskId }, data: { currentRevision: pending.revision } });
      return tx.release.update({ where: { id: pending.id }, data: { status: "DEPLOYED" } });
    });
  }
}

function due(release: Release, run: Execution | undefined, now: number): boolean {
  if (!release.verifyExecutionId || !run) return now - release.createdAt.getTime() > NEVER_STARTED_MS;
  if (isTerminal(run.status as ExecutionStatus)) return true;
  const timeoutSeconds = (run.spec as { timeoutSeconds?: number } | null)?.timeoutSeconds ?? 3600;
  return now - run.queuedAt.getTime() > timeoutSeconds * 1000 + REPORT_MARGIN_MS + NEVER_STARTED_MS;
}

function failedRun(run: Execution): string {
  if (!isTerminal(run.status as ExecutionStatus)) {
    return `verification run ${run.id} did not end in time (it is ${run.status})`;
  }
  const detail = run.exitCode !== null ? ` with exit code ${run.exitCode}` : "";
  const why = run.errorMessage ? `: ${run.errorMessage}` : "";
  return `verification run ${run.id} ended ${run.status}${detail}${why}`;
}

function fail(tx: Tx, pending: Release, failureReason: string): Promise<Release> {
  return tx.release.update({ where: { id: pending.id }, data: { status: "FAILED", failureReason } });
}
