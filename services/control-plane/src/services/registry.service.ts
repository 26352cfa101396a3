import type { App, AppVersion, Prisma, PrismaClient } from "@baton/db";
import { conflict, notFound } from "../domain/errors.js";
import { type NameWindow, prismaNameFilter } from "../domain/name-window.js";
import { checkRegistrable, type ProgramAllowlist } from "../domain/program-allowlist.js";
import { parseAppUri } from "../domain/uri.js";
import { checkName, checkVersion } from "../domain/validation.js";
import { audit } from "../store/audit.js";
import { versionUseRows } from "../store/registry-store.js";
import type { RequestContext } from "./context.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface RegisterAppInput {
  name: string;
  version: string;
  uri: string;
  makeDefault?: boolean | null;
}

/** The app registry: apps and their versions (SCDF's app registry for tasks). */
export class RegistryService {
  constructor(
    private readonly db: PrismaClient,
    /** BATON_ALLOWED_PROGRAMS; undefined allows every program. */
    private readonly programs?: ProgramAllowlist,
  ) {}

  /** Adds a version, creating the app on first use. Registering the same name, version and URI again is a no-op. */
  async registerApp(input: RegisterAppInput, ctx: RequestContext): Promise<AppVersion> {
    const name = checkName(input.name, "name");
    const version = checkVersion(input.version);
    const uri = input.uri.trim();
    parseAppUri(uri);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.$transaction(async (tx) => {
          const row = await registerIn(tx, name, version, uri, input.makeDefault ?? false, this.programs);
          await audit(tx, ctx, { action: "registerApp", target: `${name}@${version}`, input });
          return row;
        });
      } catch (err) {
        // Lost a race to create the same app: the second try finds it.
        if (attempt === 0 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  async unregisterAppVersion(input: { name: string; version: string }, ctx: RequestContext): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const app = await tx.app.findUnique({ where: { name: input.name } });
      const row = app
        ? await tx.appVersion.findUnique({ where: { appId_version: { appId: app.id, version: input.version } } })
        : null;
      if (!app || !row || row.unregisteredAt) {
        throw notFound(`App ${input.name} has no registered version ${input.version}.`);
      }
      const inUse = (await versionUses(tx, row.id)).filter((u) => u.current).map((u) => u.task);
      if (inUse.length > 0) {
        throw conflict(
          `App ${input.name} ${input.version} is the current release of task(s) ${inUse.join(", ")}; upgrade or delete them first.`,
          { tasks: inUse },
        );
      }
      await tx.appVersion.update({ where: { id: row.id }, data: { unregisteredAt: new Date() } });
      await audit(tx, ctx, { action: "unregisterAppVersion", target: `${input.name}@${input.version}`, input });
      if (app.defaultVersionId === row.id) {
        const next = await tx.appVersion.findFirst({
          where: { appId: app.id, unregisteredAt: null },
          orderBy: { createdAt: "desc" },
        });
        await tx.app.update({ where: { id: app.id }, data: { defaultVersionId: next?.id ?? null } });
      }
      return true;
    });
  }

  async setDefaultVersion(input: { name: string; version: string }, ctx: RequestContext): Promise<App> {
    return this.db.$transaction(async (tx) => {
      const app = await tx.app.findUnique({ where: { name: input.name } });
      const row = app
        ? await tx.appVersion.findFirst({ where: { appId: app.id, version: input.version, unregisteredAt: null } })
        : null;
      if (!app || !row) throw notFound(`App ${input.name} has no registered version ${input.version}.`);
      await audit(tx, ctx, { action: "setDefaultAppVersion", target: `${input.name}@${input.version}`, input });
      return tx.app.update({ where: { id: app.id }, data: { defaultVersionId: row.id } });
    });
  }

  apps(window?: NameWindow): Promise<App[]> {
    return this.db.app.findMany({
      where: window ? { name: prismaNameFilter(window) } : {},
      orderBy: { name: "asc" },
      take: window?.limit,
    });
  }

  app(name: string): Promise<App | null> {
    return this.db.app.findUnique({ where: { name } });
  }

  // Reads for the request's loaders (graphql/registry-loaders.ts): one query for every key asked at once.

  appsByIds(ids: readonly string[]): Promise<App[]> {
    return this.db.app.findMany({ where: { id: { in: [...ids] } } });
  }

  versionsByIds(ids: readonly string[]): Promise<AppVersion[]> {
    return this.db.appVersion.findMany({ where: { id: { in: [...ids] } } });
  }

  /** The registered (not unregistered) versions of each app, oldest first, by app id. */
  async versionsOfApps(appIds: readonly string[]): Promise<Map<string, AppVersion[]>> {
    const rows = await this.db.appVersion.findMany({
      where: { appId: { in: [...appIds] }, unregisteredAt: null },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return groupBy(rows, (row) => row.appId);
  }

  /** AppVersion.tasks of several versions in one query, by version id. */
  usesOfVersions(appVersionIds: readonly string[]): Promise<Map<string, VersionUse[]>> {
    return versionUsesOf(this.db, appVersionIds);
  }
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** A live task whose release revisions use an app version; current when its current revision does. */
export interface VersionUse {
  task: string;
  revisions: number[];
  current: boolean;
}

/**
 * The live (not deleted) tasks with a release revision on this app version,
 * by task name. unregisterAppVersion refuses when one is current, and
 * AppVersion.tasks shows them: one function, so the two cannot disagree.
 */
export async function versionUses(
  db: PrismaClient | Prisma.TransactionClient,
  appVersionId: string,
): Promise<VersionUse[]> {
  return (await versionUsesOf(db, [appVersionId])).get(appVersionId) ?? [];
}

/** versionUses of several versions in one query: by version id, each list by task name (absent: no task uses it). */
export async function versionUsesOf(
  db: PrismaClient | Prisma.TransactionClient,
  appVersionIds: readonly string[],
): Promise<Map<string, VersionUse[]>> {
  const uses = new Map<string, VersionUse[]>();
  for (const row of await versionUseRows(db, appVersionIds)) {
    const use = { task: row.task, revisions: row.revisions, current: row.revisions.includes(row.currentRevision) };
    const list = uses.get(row.appVersionId);
    if (list) list.push(use);
    else uses.set(row.appVersionId, [use]);
  }
  for (const list of uses.values()) list.sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
  return uses;
}

/**
 * Registers one version inside the caller's transaction (registerApp and the
 * importers share it). Same name, version and URI again: no-op. A program no
 * pool of BATON_ALLOWED_PROGRAMS allows is FORBIDDEN, before anything is written.
 */
export async function registerIn(
  tx: Prisma.TransactionClient,
  name: string,
  version: string,
  uri: string,
  makeDefault: boolean,
  programs: ProgramAllowlist | undefined,
): Promise<AppVersion> {
  checkRegistrable(programs, uri);
  const app = await tx.app.upsert({ where: { name }, create: { name }, update: {} });
  const existing = await tx.appVersion.findUnique({ where: { appId_version: { appId: app.id, version } } });
  let row: AppVersion;
  if (existing && !existing.unregisteredAt) {
    if (existing.uri !== uri) {
      throw conflict(
        `App ${name} version ${version} is already registered with ${existing.uri}; register the new URI as another version.`,
      );
    }
    row = existing;
  } else if (existing) {
    row = await tx.appVersion.update({ where: { id: existing.id }, data: { uri, unregisteredAt: null } });
  } else {
    row = await tx.appVersion.create({ data: { appId: app.id, version, uri } });
  }
  if (makeDefault || !app.defaultVersionId) {
    await tx.app.update({ where: { id: app.id }, data: { defaultVersionId: row.id } });
  }
  return row;
}
