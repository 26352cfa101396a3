import type { Prisma, PrismaClient, Release, TaskDefinition } from "@baton/db";
import { conflict, notFound } from "../domain/errors.js";
import { buildManifest } from "../domain/manifest.js";
import { type NameWindow, prismaNameFilter } from "../domain/name-window.js";
import type { NumberWindow } from "../domain/number-window.js";
import { checkProperties, type DeploymentProperties } from "../domain/properties.js";
import {
  checkRetentionInput,
  effectiveRetention,
  type RetentionOverride,
  type RetentionPolicy,
} from "../domain/retention.js";
import { checkArguments, checkName, checkVersion } from "../domain/validation.js";
import { audit } from "../store/audit.js";
import type { RequestContext } from "./context.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface CreateTaskInput {
  name: string;
  app: string;
  version?: string | null;
  properties?: unknown;
  arguments?: string[] | null;
}

const IN_FLIGHT = ["QUEUED", "DISPATCHED", "RUNNING"];

/** Task definitions and their release revisions (revision 1 is made with the task). */
/** The schedules and triggers that start a task or DAG, in words; undefined when none does. */
export async function startersOf(
  tx: Prisma.TransactionClient,
  target: { taskName: string } | { dagName: string },
): Promise<string | undefined> {
  const [schedules, triggers] = await Promise.all([
    tx.schedule.findMany({ where: target, select: { name: true }, orderBy: { name: "asc" } }),
    tx.trigger.findMany({ where: target, select: { name: true }, orderBy: { name: "asc" } }),
  ]);
  const parts = [
    schedules.length ? `schedule(s) ${schedules.map((s) => s.name).join(", ")}` : "",
    triggers.length ? `trigger(s) ${triggers.map((t) => t.name).join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" and ") : undefined;
}

/** A task's retention: its own settings (null: the global one) and what applies. */
export interface TaskRetentionView {
  days: number | null;
  runs: number | null;
  logDays: number | null;
  effective: RetentionPolicy;
}

/** Retention off: what a TasksService built without the global settings reports. */
const KEEP_ALL: RetentionPolicy = { days: 0, runs: 0, logDays: 0 };

export class TasksService {
  constructor(
    private readonly db: PrismaClient,
    private readonly retentionDefaults: RetentionPolicy = KEEP_ALL,
  ) {}

  /** Sets (null: clears) the task's retention overrides; audited like other task edits. */
  async setRetention(
    name: string,
    input: { days?: number | null; runs?: number | null; logDays?: number | null },
    ctx: RequestContext,
  ): Promise<TaskDefinition> {
    const data = checkRetentionInput(input);
    return this.db.$transaction(async (tx) => {
      const task = await tx.taskDefinition.findUnique({ where: { liveName: name } });
      if (!task) throw notFound(`No task named ${name}.`);
      const updated = await tx.taskDefinition.update({ where: { id: task.id }, data });
      await audit(tx, ctx, { action: "setTaskRetention", target: name, input: { task: name, retention: input } });
      return updated;
    });
  }

  /** The task's own retention settings and the policy that applies to it. */
  retention(task: RetentionOverride): TaskRetentionView {
    return {
      days: task.retentionDays,
      runs: task.retentionRuns,
      logDays: task.logRetentionDays,
      effective: effectiveRetention(this.retentionDefaults, task),
    };
  }

  async createTask(input: CreateTaskInput, ctx: RequestContext): Promise<TaskDefinition> {
    const name = checkName(input.name, "name");
    const appName = checkName(input.app, "app");
    const properties = checkProperties(input.properties);
    const args = checkArguments(input.arguments);
    try {
      return await this.db.$transaction(async (tx) => {
        const task = await createTaskIn(
          tx,
          { name, app: appName, version: input.version, properties, arguments: args },
          ctx,
        );
        await audit(tx, ctx, { action: "createTask", target: name, input });
        return task;
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(`A task named ${name} already exists; pick another name or delete it first.`);
      throw err;
    }
  }

  /** Deletes the definition; its executions and releases stay as history. */
  async deleteTask(name: string, ctx: RequestContext): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const task = await tx.taskDefinition.findUnique({ where: { liveName: name } });
      if (!task) throw notFound(`No task named ${name}.`);
      const running = await tx.execution.count({ where: { taskId: task.id, status: { in: IN_FLIGHT } } });
      if (running > 0) {
        throw conflict(`Task ${name} has ${running} execution(s) queued or running; cancel them before deleting it.`);
      }
      const starters = await startersOf(tx, { taskName: name });
      if (starters)
        throw conflict(`Task ${name} is started by ${starters}; delete them or point them at another task first.`);
      await tx.taskDefinition.update({ where: { id: task.id }, data: { liveName: null, deletedAt: new Date() } });
      await audit(tx, ctx, { action: "deleteTask", target: name, input: { name } });
      return true;
    });
  }

  tasks(window?: NameWindow): Promise<TaskDefinition[]> {
    return this.db.taskDefinition.findMany({
      where: { liveName: { not: null, ...(window ? prismaNameFilter(window) : {}) } },
      orderBy: { name: "asc" },
      take: window?.limit,
    });
  }

  task(name: string): Promise<TaskDefinition | null> {
    return this.db.taskDefinition.findUnique({ where: { liveName: name } });
  }

  taskById(id: string): Promise<TaskDefinition | null> {
    return this.db.taskDefinition.findUnique({ where: { id } });
  }

  /** Newest first, the window's page of them. */
  releases(taskId: string, window: NumberWindow): Promise<Release[]> {
    return this.db.release.findMany({
      where: { taskId, ...(window.before === undefined ? {} : { revision: { lt: window.before } }) },
      orderBy: { revision: "desc" },
      ...(window.limit === undefined ? {} : { take: window.limit }),
    });
  }

  release(taskId: string, revision: number): Promise<Release | null> {
    return this.db.release.findUnique({ where: { taskId_revision: { taskId, revision } } });
  }
}

export interface NewTask {
  name: string;
  app: string;
  version?: string | null | undefined;
  properties: DeploymentProperties;
  arguments: string[];
}

/** Creates a task and its release revision 1 inside the caller's transaction (createTask and imports). */
export async function createTaskIn(
  tx: Prisma.TransactionClient,
  t: NewTask,
  ctx: RequestContext,
): Promise<TaskDefinition> {
  const app = await tx.app.findUnique({ where: { name: t.app } });
  if (!app) throw notFound(`App ${t.app} is not registered; call registerApp first.`);
  const version = t.version
    ? await tx.appVersion.findFirst({
        where: { appId: app.id, version: checkVersion(t.version), unregisteredAt: null },
      })
    : app.defaultVersionId
      ? await tx.appVersion.findUnique({ where: { id: app.defaultVersionId } })
      : null;
  if (!version) {
    throw notFound(
      t.version
        ? `App ${t.app} has no version ${t.version}; register it or pick one of the app's versions.`
        : `App ${t.app} has no default version; pass "version" or register one with makeDefault.`,
    );
  }
  const manifest = buildManifest(t.app, version, t.properties, t.arguments);
  const task = await tx.taskDefinition.create({
    data: { name: t.name, liveName: t.name, appId: app.id, currentRevision: 1 },
  });
  await tx.release.create({
    data: {
      taskId: task.id,
      revision: 1,
      status: "DEPLOYED",
      appVersionId: version.id,
      manifest: { ...manifest },
      createdBy: ctx.actor,
    },
  });
  return task;
}
