import type { PrismaClient, Release } from "@baton/db";
import type { ResolvedRun } from "../domain/manifest.js";
import type { TerminalWaiter } from "./cancel.service.js";
import type { RequestContext } from "./context.js";
import type { ExecutionsService } from "./executions.service.js";
import { lockTask } from "./release-store.js";

/**
 * Skipper's health check, for tasks: a PENDING revision runs once; only if
 * that run completes does the revision become DEPLOYED. Otherwise it is
 * FAILED with the reason, and the previous revision stays current.
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
      },
      ctx,
      `verifies revision ${pending.revision}`,
    );
    await this.db.release.update({ where: { id: pending.id }, data: { verifyExecutionId: execution.id } });
    // The run carries the same timeout, so it ends by itself; allow it time to report.
    await this.waiter.waitForTerminal(execution.id, (timeoutSeconds + 15) * 1000);
    const ended = await this.db.execution.findUniqueOrThrow({ where: { id: execution.id } });
    return this.db.$transaction(async (tx) => {
      const current = await lockTask(tx, task);
      if (ended.status !== "COMPLETED") {
        const detail = ended.exitCode !== null ? ` with exit code ${ended.exitCode}` : "";
        const why = ended.errorMessage ? `: ${ended.errorMessage}` : "";
        return tx.release.update({
          where: { id: pending.id },
          data: {
            status: "FAILED",
            failureReason: `verification run ${ended.id} ended ${ended.status}${detail}${why}`,
          },
        });
      }
      await tx.release.updateMany({
        where: { taskId: pending.taskId, revision: current.currentRevision, status: "DEPLOYED" },
        data: { status: "SUPERSEDED" },
      });
      await tx.taskDefinition.update({ where: { id: pending.taskId }, data: { currentRevision: pending.revision } });
      return tx.release.update({ where: { id: pending.id }, data: { status: "DEPLOYED" } });
    });
  }
}
