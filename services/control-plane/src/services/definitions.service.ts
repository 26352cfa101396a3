import type { PrismaClient } from "@baton/db";
import { manifestsEqual } from "../domain/definitions/diff.js";
import { parseDocument, renderDocument } from "../domain/definitions/document.js";
import { parseScdfRegistry } from "../domain/definitions/scdf-registry.js";
import type { DefinitionsDocument, LineError } from "../domain/definitions/types.js";
import { API_VERSION } from "../domain/definitions/types.js";
import { BatonError, badInput, conflict } from "../domain/errors.js";
import { buildManifest, type ReleaseManifest } from "../domain/manifest.js";
import { auditPrisma } from "../store/audit.js";
import type { RequestContext } from "./context.js";
import { registerIn } from "./registry.service.js";
import { lockTask, supersedeAndDeploy, type Tx } from "./release-store.js";
import { createTaskIn } from "./tasks.service.js";

export interface ImportSummary {
  appVersionsRegistered: number;
  tasksCreated: number;
  tasksUpgraded: number;
  tasksUnchanged: number;
  skipped: string[];
}

/** Bulk import (SCDF's registry format, Baton's YAML) and export: all or nothing, idempotent. */
export class DefinitionsService {
  constructor(private readonly db: PrismaClient) {}

  async importAppRegistry(text: string, ctx: RequestContext): Promise<ImportSummary> {
    const parsed = parseScdfRegistry(text);
    if (!parsed.ok) throw lineErrors("The registry file", parsed.errors);
    if (parsed.apps.length === 0) {
      const streams = parsed.skipped.length ? ` (its ${parsed.skipped.length} stream app line(s) are skipped)` : "";
      throw badInput(
        `The registry file has no task.<name>=<uri> lines${streams}, so there is nothing to register. ` +
          "Write one line per task app, for example task.expire-passes=file:///opt/jobs/expire-passes.mjs, and import again.",
      );
    }
    return this.db.$transaction(async (tx) => {
      let registered = 0;
      for (const entry of parsed.apps) {
        registered += await this.register(tx, entry.name, entry.version, entry.uri, false, `line ${entry.line}`);
      }
      await auditPrisma(tx, ctx, { action: "importAppRegistry", target: null, input: { entries: parsed.apps } });
      const skipped = parsed.skipped.map((s) => `line ${s.line}: ${s.reason}`);
      return { appVersionsRegistered: registered, tasksCreated: 0, tasksUpgraded: 0, tasksUnchanged: 0, skipped };
    });
  }

  async importDefinitions(text: string, ctx: RequestContext): Promise<ImportSummary> {
    const parsed = parseDocument(text);
    if (!parsed.ok) throw lineErrors("The document", parsed.errors);
    const doc = parsed.doc;
    if (doc.dags.length > 0 || doc.schedules.length > 0) {
      throw badInput(
        "This Baton does not run DAGs or schedules yet; remove the dags and schedules entries and import again.",
      );
    }
    return this.db.$transaction(async (tx) => {
      const summary: ImportSummary = {
        appVersionsRegistered: 0,
        tasksCreated: 0,
        tasksUpgraded: 0,
        tasksUnchanged: 0,
        skipped: [],
      };
      for (const app of doc.apps) {
        for (const v of app.versions) {
          summary.appVersionsRegistered += await this.register(
            tx,
            app.name,
            v.version,
            v.uri,
            v.version === app.defaultVersion,
            `app ${app.name}`,
          );
        }
      }
      for (const task of doc.tasks) {
        const outcome = await this.applyTask(tx, task, ctx);
        if (outcome === "created") summary.tasksCreated++;
        else if (outcome === "upgraded") summary.tasksUpgraded++;
        else summary.tasksUnchanged++;
      }
      await auditPrisma(tx, ctx, { action: "importDefinitions", target: null, input: { document: doc, summary } });
      return summary;
    });
  }

  async exportDefinitions(): Promise<string> {
    const apps = await this.db.app.findMany({
      include: { versions: { where: { unregisteredAt: null }, orderBy: { createdAt: "asc" } } },
    });
    const tasks = await this.db.taskDefinition.findMany({
      where: { liveName: { not: null } },
      include: { releases: true },
    });
    const doc: DefinitionsDocument = {
      apiVersion: API_VERSION,
      apps: apps
        .filter((a) => a.versions.length > 0)
        .map((a) => {
          const def = a.versions.find((v) => v.id === a.defaultVersionId)?.version;
          return {
            name: a.name,
            ...(def ? { defaultVersion: def } : {}),
            versions: a.versions.map((v) => ({ version: v.version, uri: v.uri })),
          };
        }),
      tasks: tasks.map((t) => {
        const m = t.releases.find((r) => r.revision === t.currentRevision)?.manifest as unknown as ReleaseManifest;
        return { name: t.name, app: m.app, version: m.version, properties: m.properties, arguments: m.arguments };
      }),
      dags: [],
      schedules: [],
    };
    return renderDocument(doc);
  }

  /** 1 when a version was added, 0 when it was already there with the same URI. */
  private async register(
    tx: Tx,
    name: string,
    version: string,
    uri: string,
    makeDefault: boolean,
    where: string,
  ): Promise<number> {
    const existed = await tx.appVersion.findFirst({ where: { app: { name }, version, unregisteredAt: null } });
    try {
      await registerIn(tx, name, version, uri, makeDefault);
    } catch (err) {
      if (err instanceof BatonError) throw new BatonError(err.code, `${where}: ${err.message}`);
      throw err;
    }
    return existed ? 0 : 1;
  }

  private async applyTask(
    tx: Tx,
    t: DefinitionsDocument["tasks"][number],
    ctx: RequestContext,
  ): Promise<"created" | "upgraded" | "unchanged"> {
    const existing = await tx.taskDefinition.findUnique({ where: { liveName: t.name } });
    if (!existing) {
      await createTaskIn(
        tx,
        { name: t.name, app: t.app, version: t.version, properties: t.properties, arguments: t.arguments },
        ctx,
      ).catch((err: unknown) => {
        throw err instanceof BatonError ? new BatonError(err.code, `task ${t.name}: ${err.message}`) : err;
      });
      return "created";
    }
    const task = await lockTask(tx, t.name);
    const current = await tx.release.findUniqueOrThrow({
      where: { taskId_revision: { taskId: task.id, revision: task.currentRevision } },
    });
    const base = current.manifest as unknown as ReleaseManifest;
    if (base.app !== t.app) {
      throw conflict(
        `task ${t.name} runs app ${base.app}, the document says ${t.app}; delete the task first to change its app.`,
      );
    }
    const version = await tx.appVersion.findFirst({
      where: { appId: task.appId, version: t.version ?? base.version, unregisteredAt: null },
    });
    if (!version) throw badInput(`task ${t.name}: app ${t.app} has no registered version ${t.version}.`);
    const manifest = buildManifest(t.app, version, t.properties, t.arguments);
    if (manifestsEqual(manifest, base)) return "unchanged";
    await supersedeAndDeploy(tx, task.id, task.currentRevision, {
      appVersionId: version.id,
      manifest,
      kind: "UPGRADE",
      createdBy: ctx.actor,
      reason: "importDefinitions",
    });
    return "upgraded";
  }
}

function lineErrors(what: string, errors: LineError[]): BatonError {
  const lines = errors.slice(0, 10).map((e) => `line ${e.line}${e.column ? `, column ${e.column}` : ""}: ${e.message}`);
  const more = errors.length > 10 ? ` (and ${errors.length - 10} more)` : "";
  return badInput(`${what} has ${errors.length} error(s); nothing was imported. ${lines.join("; ")}${more}`, {
    errors,
  });
}
