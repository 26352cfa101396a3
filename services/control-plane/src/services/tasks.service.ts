import type { PrismaClient, Release, TaskDefinition } from "@baton/db";
import { conflict, notFound } from "../domain/errors.js";
import type { ReleaseManifest } from "../domain/manifest.js";
import { checkProperties } from "../domain/properties.js";
import { checkArguments, checkName, checkVersion } from "../domain/validation.js";
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
export class TasksService {
  constructor(private readonly db: PrismaClient) {}

  async createTask(input: CreateTaskInput): Promise<TaskDefinition> {
    const name = checkName(input.name, "name");
    const appName = checkName(input.app, "app");
    const properties = checkProperties(input.properties);
    const args = checkArguments(input.arguments);
    const app = await this.db.app.findUnique({ where: { name: appName } });
    if (!app) throw notFound(`App ${appName} is not registered; call registerApp first.`);
    const version = input.version
      ? await this.db.appVersion.findFirst({
          where: { appId: app.id, version: checkVersion(input.version), unregisteredAt: null },
        })
      : app.defaultVersionId
        ? await this.db.appVersion.findUnique({ where: { id: app.defaultVersionId } })
        : null;
    if (!version) {
      throw notFound(
        input.version
          ? `App ${appName} has no version ${input.version}; register it or pick one of the app's versions.`
          : `App ${appName} has no default version; pass "version" or register one with makeDefault.`,
      );
    }
    const manifest: ReleaseManifest = {
      app: appName,
      version: version.version,
      uri: version.uri,
      properties,
      arguments: args,
    };
    try {
      return await this.db.$transaction(async (tx) => {
        const task = await tx.taskDefinition.create({
          data: { name, liveName: name, appId: app.id, currentRevision: 1 },
        });
        await tx.release.create({
          data: {
            taskId: task.id,
            revision: 1,
            status: "DEPLOYED",
            appVersionId: version.id,
            manifest: { ...manifest },
          },
        });
        return task;
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(`A task named ${name} already exists; pick another name or delete it first.`);
      throw err;
    }
  }

  /** Deletes the definition; its executions and releases stay as history. */
  async deleteTask(name: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const task = await tx.taskDefinition.findUnique({ where: { liveName: name } });
      if (!task) throw notFound(`No task named ${name}.`);
      const running = await tx.execution.count({ where: { taskId: task.id, status: { in: IN_FLIGHT } } });
      if (running > 0) {
        throw conflict(`Task ${name} has ${running} execution(s) queued or running; cancel them before deleting it.`);
      }
      await tx.taskDefinition.update({ where: { id: task.id }, data: { liveName: null, deletedAt: new Date() } });
      return true;
    });
  }

  tasks(): Promise<TaskDefinition[]> {
    return this.db.taskDefinition.findMany({ where: { liveName: { not: null } }, orderBy: { name: "asc" } });
  }

  task(name: string): Promise<TaskDefinition | null> {
    return this.db.taskDefinition.findUnique({ where: { liveName: name } });
  }

  taskById(id: string): Promise<TaskDefinition | null> {
    return this.db.taskDefinition.findUnique({ where: { id } });
  }

  releases(taskId: string): Promise<Release[]> {
    return this.db.release.findMany({ where: { taskId }, orderBy: { revision: "desc" } });
  }

  release(taskId: string, revision: number): Promise<Release | null> {
    return this.db.release.findUnique({ where: { taskId_revision: { taskId, revision } } });
  }
}
