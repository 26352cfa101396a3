import type { PrismaClient, Release } from "@baton/db";
import { diffManifests, type ManifestChange, manifestsEqual } from "../domain/definitions/diff.js";
import { maskChanges } from "../domain/definitions/mask.js";
import { badInput, conflict, notFound } from "../domain/errors.js";
import { buildManifest, type ReleaseManifest, resolveRun } from "../domain/manifest.js";
import { checkRunnable, type ProgramAllowlist } from "../domain/program-allowlist.js";
import { checkProperties } from "../domain/properties.js";
import { type ReleaseSummary, rollbackTarget } from "../domain/release-rules.js";
import { checkArguments, checkName, checkVersion } from "../domain/validation.js";
import { audit } from "../store/audit.js";
import type { RequestContext } from "./context.js";
import { lockTask, supersedeAndDeploy, type Tx } from "./release-store.js";
import type { Verifier } from "./verify.js";

export interface UpgradeTaskInput {
  task: string;
  version?: string | null;
  properties?: unknown;
  arguments?: string[] | null;
  force?: boolean | null;
  reason?: string | null;
  verify?: { arguments?: string[] | null; timeoutSeconds?: number | null } | null;
}

export interface RollbackTaskInput {
  task: string;
  revision?: number | null;
  reason?: string | null;
}

/** Upgrades and rollbacks of a task's release (Skipper's model): every change is a new revision. */
export class ReleasesService {
  constructor(
    private readonly db: PrismaClient,
    private readonly verifier: Verifier,
    /** BATON_ALLOWED_PROGRAMS: a verification run is a launch, checked before the PENDING revision is written. */
    private readonly programs?: ProgramAllowlist,
  ) {}

  async upgrade(input: UpgradeTaskInput, ctx: RequestContext): Promise<Release> {
    const name = checkName(input.task, "task");
    const reason = checkReason(input.reason);
    const properties =
      input.properties === undefined || input.properties === null ? undefined : checkProperties(input.properties);
    const args =
      input.arguments === undefined || input.arguments === null ? undefined : checkArguments(input.arguments);
    const verify = input.verify ? checkVerify(input.verify) : undefined;
    const requestedVersion = input.version ? checkVersion(input.version) : undefined;
    const release = await this.db.$transaction(async (tx) => {
      const task = await lockTask(tx, name);
      const current = await tx.release.findUniqueOrThrow({
        where: { taskId_revision: { taskId: task.id, revision: task.currentRevision } },
      });
      const base = current.manifest as unknown as ReleaseManifest;
      const version = await findVersion(tx, task.appId, base.app, requestedVersion ?? base.version);
      const manifest = buildManifest(base.app, version, properties ?? base.properties, args ?? base.arguments);
      if (!input.force && manifestsEqual(manifest, base)) {
        throw conflict(
          `The upgrade changes nothing: revision ${current.revision} of ${name} already runs this manifest. Pass force: true (in the console: tick "force") to make a new revision anyway.`,
        );
      }
      if (verify) {
        const run = resolveRun(manifest, verify.arguments, { timeoutSeconds: verify.timeoutSeconds });
        checkRunnable(this.programs, manifest.uri, run.pool);
      }
      const data = { appVersionId: version.id, manifest, kind: "UPGRADE", createdBy: ctx.actor, reason };
      const created = verify
        ? await createPending(tx, task.id, data)
        : await supersedeAndDeploy(tx, task.id, task.currentRevision, data);
      await audit(tx, ctx, { action: "upgradeTask", target: name, input });
      return created;
    });
    if (!verify) return release;
    const manifest = release.manifest as unknown as ReleaseManifest;
    const run = resolveRun(manifest, verify.arguments, { timeoutSeconds: verify.timeoutSeconds });
    return this.verifier.verify(name, release, run, verify.timeoutSeconds, ctx);
  }

  async rollback(input: RollbackTaskInput, ctx: RequestContext): Promise<Release> {
    const name = checkName(input.task, "task");
    const reason = checkReason(input.reason);
    return this.db.$transaction(async (tx) => {
      const task = await lockTask(tx, name);
      const releases = await tx.release.findMany({ where: { taskId: task.id }, orderBy: { revision: "asc" } });
      const target = rollbackTarget(name, releases as ReleaseSummary[], task.currentRevision, input.revision);
      const source = releases.find((r) => r.revision === target) as Release;
      const version = await tx.appVersion.findUniqueOrThrow({ where: { id: source.appVersionId } });
      if (version.unregisteredAt) {
        throw conflict(
          `Revision ${target} of ${name} runs app version ${version.version}, which was unregistered; register it again first.`,
        );
      }
      const created = await supersedeAndDeploy(tx, task.id, task.currentRevision, {
        appVersionId: source.appVersionId,
        manifest: source.manifest as unknown as ReleaseManifest,
        kind: "ROLLBACK",
        sourceRevision: target,
        createdBy: ctx.actor,
        reason,
      });
      await audit(tx, ctx, { action: "rollbackTask", target: name, input });
      return created;
    });
  }

  async diff(
    task: string,
    from: number,
    to: number,
  ): Promise<{ from: Release; to: Release; changes: ManifestChange[] }> {
    const row = await this.db.taskDefinition.findFirst({ where: { name: task }, orderBy: { createdAt: "desc" } });
    if (!row) throw notFound(`No task named ${task}.`);
    const [a, b] = await Promise.all([
      this.db.release.findUnique({ where: { taskId_revision: { taskId: row.id, revision: from } } }),
      this.db.release.findUnique({ where: { taskId_revision: { taskId: row.id, revision: to } } }),
    ]);
    if (!a || !b) throw notFound(`Task ${task} has no revision ${a ? to : from}.`);
    return { from: a, to: b, changes: maskChanges(diffManifests(a.manifest, b.manifest)) };
  }
}

async function findVersion(tx: Tx, appId: string, app: string, version: string) {
  const row = await tx.appVersion.findFirst({ where: { appId, version, unregisteredAt: null } });
  if (!row) throw notFound(`App ${app} has no registered version ${version}; register it first.`);
  return row;
}

async function createPending(tx: Tx, taskId: string, data: Parameters<typeof supersedeAndDeploy>[3]): Promise<Release> {
  const last = await tx.release.aggregate({ where: { taskId }, _max: { revision: true } });
  return tx.release.create({
    data: {
      ...data,
      taskId,
      revision: (last._max.revision ?? 0) + 1,
      status: "PENDING",
      manifest: { ...data.manifest },
    },
  });
}

function checkReason(reason: string | null | undefined): string | null {
  if (reason === undefined || reason === null) return null;
  if (reason.length > 1000) throw badInput("reason must be at most 1000 characters.");
  return reason;
}

function checkVerify(v: NonNullable<UpgradeTaskInput["verify"]>): { arguments: string[]; timeoutSeconds: number } {
  const timeoutSeconds = v.timeoutSeconds ?? 300;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600) {
    throw badInput("verify.timeoutSeconds must be a whole number from 1 to 3600.");
  }
  return { arguments: checkArguments(v.arguments, "verify.arguments"), timeoutSeconds };
}
