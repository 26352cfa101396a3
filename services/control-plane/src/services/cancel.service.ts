import type { Execution, PrismaClient } from "@baton/db";
import { conflict, notFound } from "../domain/errors.js";
import { type ExecutionStatus, isTerminal } from "../domain/execution-state.js";
import { audit } from "../store/audit.js";
import type { RequestContext } from "./context.js";
import type { ExecutionsService } from "./executions.service.js";
import type { RunnerControl } from "./ports.js";

export interface TerminalWaiter {
  /** Resolves when the execution reaches a terminal status or the time is up. */
  waitForTerminal(executionId: string, timeoutMs: number): Promise<void>;
}

/**
 * Stopping executions. A queued, unclaimed run is cancelled in the database
 * (its claim will then be refused); a claimed one is stopped by its runner,
 * which kills the process group and reports the exit, and that report sets
 * CANCELLED. Requests no runner answered are sent again by `resendPending`.
 */
export class CancelService {
  constructor(
    private readonly db: PrismaClient,
    private readonly executions: ExecutionsService,
    private readonly runners: RunnerControl,
    private readonly waiter: TerminalWaiter,
  ) {}

  async cancel(id: string, ctx: RequestContext): Promise<Execution> {
    const row = await this.executions.get(id);
    if (!row) throw notFound(`No execution ${id}.`);
    const status = row.status as ExecutionStatus;
    if (status === "CANCELLED") return row;
    if (isTerminal(status)) throw conflict(`Execution ${id} already ended as ${status}; there is nothing to cancel.`);
    if (await this.executions.cancelUnclaimed(id, "cancelled before it started", ctx)) {
      return this.db.execution.findUniqueOrThrow({ where: { id } });
    }
    await this.db.$transaction(async (tx) => {
      await tx.execution.updateMany({
        where: { id, cancelRequestedAt: null },
        data: { cancelRequestedAt: new Date() },
      });
      await audit(tx, ctx, { action: "cancelExecution", target: id, input: { id } });
    });
    const fresh = await this.db.execution.findUniqueOrThrow({ where: { id } });
    // Always the whole grace: a runner already stopping the run keeps its first deadline (a repeat changes
    // nothing there), and one that never got the first request owes the program its SIGTERM and grace.
    const graceMs = graceOf(fresh);
    if (fresh.runnerId)
      await this.runners.cancel(fresh.runnerId, { v: 1, executionId: id, graceMs }).catch(() => false);
    // The run gets its whole grace; the mutation waits for it at most this long.
    await this.waiter.waitForTerminal(id, Math.min(graceMs, MAX_WAIT_GRACE_MS) + 3000);
    return this.db.execution.findUniqueOrThrow({ where: { id } });
  }

  /**
   * Sends cancel requests again for runs still going well after they were
   * asked to stop, each with the run's whole grace: a runner that got the
   * first request ignores a repeat (its SIGTERM-to-SIGKILL clock runs from
   * the first), and one that missed it must still give the program SIGTERM
   * and its grace, never an instant SIGKILL (a grace of 0 did that before).
   */
  async resendPending(olderThanMs: number): Promise<void> {
    const rows = await this.db.execution.findMany({
      where: {
        status: { in: ["DISPATCHED", "RUNNING"] },
        runnerId: { not: null },
        cancelRequestedAt: { lt: new Date(Date.now() - olderThanMs) },
      },
      take: 200,
    });
    for (const row of rows) {
      if (!row.runnerId || !row.cancelRequestedAt) continue;
      await this.runners.cancel(row.runnerId, { v: 1, executionId: row.id, graceMs: graceOf(row) }).catch(() => false);
    }
  }
}

/** cancelExecution answers after the run has ended or after this much of its grace (+3 s), whichever is first. */
const MAX_WAIT_GRACE_MS = 60_000;

/** The task's graceSeconds as resolved into its spec (SIGTERM to SIGKILL). */
function graceOf(row: Execution): number {
  const spec = row.spec as { graceMs?: number } | null;
  return spec?.graceMs ?? 5000;
}
