import type { Prisma, Release, TaskDefinition } from "@baton/db";
import { notFound } from "../domain/errors.js";
import type { ReleaseManifest } from "../domain/manifest.js";
import { lockLiveTask } from "../store/task-locks.js";

export type Tx = Prisma.TransactionClient;

export interface NewRelease {
  appVersionId: string;
  manifest: ReleaseManifest;
  kind: string;
  sourceRevision?: number;
  createdBy: string;
  reason: string | null;
}

/**
 * Locks the live task row: every change to a task's releases happens under
 * it, so racing upgrades become consecutive revisions, never two DEPLOYED.
 */
export async function lockTask(tx: Tx, name: string): Promise<TaskDefinition> {
  const id = await lockLiveTask(tx, name);
  if (!id) throw notFound(`No task named ${name}.`);
  return tx.taskDefinition.findUniqueOrThrow({ where: { id } });
}

/** Adds the next revision as DEPLOYED and the current one becomes SUPERSEDED. */
export async function supersedeAndDeploy(
  tx: Tx,
  taskId: string,
  currentRevision: number,
  data: NewRelease,
): Promise<Release> {
  const last = await tx.release.aggregate({ where: { taskId }, _max: { revision: true } });
  const revision = (last._max.revision ?? 0) + 1;
  await tx.release.updateMany({ where: { taskId, revision: currentRevision }, data: { status: "SUPERSEDED" } });
  const created = await tx.release.create({
    data: { ...data, taskId, revision, status: "DEPLOYED", manifest: { ...data.manifest } },
  });
  await tx.taskDefinition.update({ where: { id: taskId }, data: { currentRevision: revision } });
  return created;
}
