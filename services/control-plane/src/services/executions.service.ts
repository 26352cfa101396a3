import { access, constants } from "node:fs/promises";
import type { Execution, ExecutionEvent, PrismaClient, StepExecution } from "@baton/db";
import type { RunSpec } from "@baton/proto";
import { decodeCursor, encodeCursor, pageSize } from "../domain/cursor.js";
import { badInput, conflict, notFound } from "../domain/errors.js";
import { statusEvent } from "../domain/events.js";
import { type ExecutionStatus, isTerminal } from "../domain/execution-state.js";
import { type ReleaseManifest, resolveRun } from "../domain/manifest.js";
import { checkProperties } from "../domain/properties.js";
import { parseAppUri } from "../domain/uri.js";
import { checkArguments, checkIdempotencyKey, checkName } from "../domain/validation.js";
import type { Dispatch } from "./dispatch.js";
import { appendEvents, lockExecution } from "./execution-store.js";
import type { EventPublisher } from "./ports.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface LaunchTaskInput {
  task: string;
  arguments?: string[] | null;
  properties?: unknown;
  idempotencyKey?: string | null;
}

export interface ExecutionFilter {
  task?: string | null;
  status?: ExecutionStatus | null;
  first?: number | null;
  after?: string | null;
}

export interface ExecutionPage {
  rows: Execution[];
  endCursor: string | null;
  hasNextPage: boolean;
}

interface NewRun {
  taskId: string;
  revision: number;
  platform: string;
  pool: string;
  spec: RunSpec;
  arguments: string[];
  idempotencyKey?: string;
  restartOfId?: string;
}

/** Launch, restart and query executions. Cancelling lives in CancelService. */
export class ExecutionsService {
  constructor(
    private readonly db: PrismaClient,
    private readonly dispatch: Dispatch,
    private readonly live: EventPublisher,
  ) {}

  async launch(input: LaunchTaskInput): Promise<Execution> {
    const name = checkName(input.task, "task");
    const args = checkArguments(input.arguments);
    const props = checkProperties(input.properties);
    const key = checkIdempotencyKey(input.idempotencyKey);
    const task = await this.db.taskDefinition.findUnique({ where: { liveName: name } });
    if (!task) throw notFound(`No task named ${name}; create it with createTask first.`);
    if (key) {
      const first = await this.db.execution.findUnique({
        where: { taskId_idempotencyKey: { taskId: task.id, idempotencyKey: key } },
      });
      if (first) return first;
    }
    const release = await this.db.release.findUniqueOrThrow({
      where: { taskId_revision: { taskId: task.id, revision: task.currentRevision } },
    });
    const manifest = release.manifest as unknown as ReleaseManifest;
    const run = resolveRun(manifest, args, props, {
      BATON_TASK: name,
      BATON_RELEASE_REVISION: String(release.revision),
    });
    if (run.platform === "local") await checkFileExists(manifest);
    const common = {
      taskId: task.id,
      revision: release.revision,
      platform: run.platform,
      pool: run.pool,
      spec: run.spec,
    };
    try {
      return await this.createAndDispatch({
        ...common,
        arguments: run.arguments,
        ...(key ? { idempotencyKey: key } : {}),
      });
    } catch (err) {
      if (key && isUniqueViolation(err)) {
        return this.db.execution.findUniqueOrThrow({
          where: { taskId_idempotencyKey: { taskId: task.id, idempotencyKey: key } },
        });
      }
      throw err;
    }
  }

  /** A new execution of the same revision and arguments that resumes from the failed one's checkpoints. */
  async restart(id: string): Promise<Execution> {
    const failed = await this.get(id);
    if (!failed) throw notFound(`No execution ${id}.`);
    const status = failed.status as ExecutionStatus;
    if (!isTerminal(status) || status === "COMPLETED") {
      throw conflict(
        `Execution ${id} is ${status}; only FAILED, CANCELLED, TIMED_OUT or LOST executions can be restarted.`,
      );
    }
    const task = await this.db.taskDefinition.findUniqueOrThrow({ where: { id: failed.taskId } });
    if (!task.liveName) throw conflict(`Task ${task.name} was deleted; its executions cannot be restarted.`);
    const steps = await this.steps(id);
    const resume = {
      restartOf: id,
      completedSteps: steps.filter((s) => s.status === "COMPLETED").map((s) => s.name),
      checkpoints: Object.fromEntries(steps.filter((s) => s.checkpoint !== null).map((s) => [s.name, s.checkpoint])),
    };
    const spec = failed.spec as unknown as RunSpec;
    return this.createAndDispatch({
      taskId: task.id,
      revision: failed.releaseRevision,
      platform: failed.platform,
      pool: failed.pool,
      spec: { ...spec, env: { ...spec.env, BATON_RESUME: JSON.stringify(resume) } },
      arguments: failed.arguments,
      restartOfId: id,
    });
  }

  private async createAndDispatch(run: NewRun): Promise<Execution> {
    const now = new Date();
    const [row, events] = await this.db.$transaction(async (tx) => {
      const created = await tx.execution.create({
        data: {
          taskId: run.taskId,
          releaseRevision: run.revision,
          status: "QUEUED",
          platform: run.platform,
          pool: run.pool,
          arguments: run.arguments,
          spec: { ...run.spec },
          idempotencyKey: run.idempotencyKey ?? null,
          restartOfId: run.restartOfId ?? null,
          queuedAt: now,
          lastSeq: 1,
        },
      });
      const cause = run.restartOfId ? `restart of ${run.restartOfId}` : `launched revision ${run.revision}`;
      const stored = await appendEvents(tx, created.id, 0, [statusEvent("QUEUED", cause, now)]);
      return [created, stored] as const;
    });
    this.live.publish(row.id, events);
    return (await this.dispatch.send(row)) ?? row;
  }

  get(id: string): Promise<Execution | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.db.execution.findUnique({ where: { id } });
  }

  async list(filter: ExecutionFilter): Promise<ExecutionPage> {
    const size = pageSize(filter.first);
    const where: Record<string, unknown> = {};
    if (filter.task) {
      const tasks = await this.db.taskDefinition.findMany({ where: { name: filter.task }, select: { id: true } });
      where.taskId = { in: tasks.map((t) => t.id) };
    }
    if (filter.status) where.status = filter.status;
    if (filter.after) {
      const c = decodeCursor(filter.after);
      where.OR = [{ queuedAt: { lt: c.at } }, { queuedAt: c.at, id: { lt: c.id } }];
    }
    const rows = await this.db.execution.findMany({
      where,
      orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
      take: size + 1,
    });
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return {
      rows: page,
      hasNextPage: rows.length > size,
      endCursor: last ? encodeCursor({ at: last.queuedAt, id: last.id }) : null,
    };
  }

  steps(executionId: string): Promise<StepExecution[]> {
    return this.db.stepExecution.findMany({ where: { executionId }, orderBy: [{ position: "asc" }, { name: "asc" }] });
  }

  /** The last `tail` log lines (all, up to 50,000, without tail), oldest first. */
  async logs(executionId: string, tail?: number | null): Promise<ExecutionEvent[]> {
    if (tail !== undefined && tail !== null && (!Number.isInteger(tail) || tail < 0)) {
      throw badInput("tail must be a whole number of lines, 0 or more.");
    }
    const rows = await this.db.executionEvent.findMany({
      where: { executionId, kind: "LOG" },
      orderBy: { seq: "desc" },
      take: Math.min(tail ?? 50_000, 50_000),
    });
    return rows.reverse();
  }

  /** Persisted events with fromSeq <= seq < toSeq, in order (replay and gap filling). */
  eventsBetween(executionId: string, fromSeq: number, toSeq = 2_147_483_647, limit = 5000): Promise<ExecutionEvent[]> {
    return this.db.executionEvent.findMany({
      where: { executionId, seq: { gte: fromSeq, lt: toSeq } },
      orderBy: { seq: "asc" },
      take: limit,
    });
  }

  /** Marks a QUEUED execution CANCELLED when no runner has claimed it; undefined if it had been claimed. */
  async cancelUnclaimed(id: string, cause: string): Promise<boolean> {
    const now = new Date();
    const events = await this.db.$transaction(async (tx) => {
      const row = await lockExecution(tx, id);
      if (!row || row.runnerId || isTerminal(row.status)) return undefined;
      const stored = await appendEvents(tx, id, row.lastSeq, [statusEvent("CANCELLED", cause, now)]);
      await tx.execution.update({
        where: { id },
        data: { status: "CANCELLED", endedAt: now, cancelRequestedAt: now, lastSeq: row.lastSeq + stored.length },
      });
      return stored;
    });
    if (events) this.live.publish(id, events);
    return events !== undefined;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isExecutionId(id: string): boolean {
  return UUID.test(id);
}

async function checkFileExists(manifest: ReleaseManifest): Promise<void> {
  const uri = parseAppUri(manifest.uri);
  if (uri.kind !== "file") return;
  try {
    await access(uri.path, constants.R_OK);
  } catch {
    throw badInput(
      `The file ${uri.path} of app ${manifest.app} ${manifest.version} does not exist or cannot be read; restore it or upgrade the task to a version whose file exists.`,
    );
  }
}
