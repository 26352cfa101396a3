import { access, constants } from "node:fs/promises";
import type { Execution, ExecutionEvent, PrismaClient, StepExecution } from "@baton/db";
import { type RunSpec, traceMark, traceNow } from "@baton/proto";
import { demandOfRow } from "../domain/admission/demand.js";
import { decodeCursor, encodeCursor, pageSize } from "../domain/cursor.js";
import { badInput, conflict, notFound } from "../domain/errors.js";
import { type StoredEvent, statusEvent } from "../domain/events.js";
import { type ExecutionStatus, isTerminal } from "../domain/execution-state.js";
import { type ReleaseManifest, type ResolvedRun, resolveRun } from "../domain/manifest.js";
import { searchText } from "../domain/name-window.js";
import { type Origin, originEnv } from "../domain/origin.js";
import { checkRunnable, launchRefusal, type ProgramAllowlist } from "../domain/program-allowlist.js";
import { checkProperties, type DeploymentProperties, overlayProperties } from "../domain/properties.js";
import { parseAppUri } from "../domain/uri.js";
import { checkArguments, checkIdempotencyKey, checkName, isUuid } from "../domain/validation.js";
import type { Log } from "../observability/logger.js";
import { type AuditEntry, audit } from "../store/audit.js";
import { lastLines } from "../store/event-rows.js";
import { ExecutionQueryStore } from "../store/execution-query-store.js";
import { inTransaction } from "../store/pool.js";
import { type NewRun, type NodeLink, type Queryable, type RunStore, updateExecution } from "../store/run-store.js";
import type { RequestContext } from "./context.js";
import type { AdmissionWake, EventPublisher } from "./ports.js";
import { isUniqueViolation } from "./prisma-errors.js";

/** Log lines per page of `logs(after:)`. */
const LOG_PAGE_MAX = 10_000;
/** The highest seq (Postgres integer). */
const MAX_SEQ = 2_147_483_647;

export interface LaunchTaskInput {
  task: string;
  arguments?: string[] | null;
  properties?: unknown;
  idempotencyKey?: string | null;
}

export interface RelaunchExecutionInput {
  id: string;
  /** Instead of the execution's arguments; omitted or null: the same ones. */
  arguments?: string[] | null;
  /** Laid over the properties it was launched with. */
  properties?: unknown;
}

export interface ExecutionFilter {
  task?: string | null;
  status?: ExecutionStatus | null;
  /** Queued at or after / at or before. */
  since?: Date | null;
  until?: Date | null;
  first?: number | null;
  after?: string | null;
  /** Why it started (OriginKind), and the schedule, trigger or DAG by name. */
  origin?: string | null;
  originName?: string | null;
  /** Text the run's arguments or exit message contain (any case). */
  search?: string | null;
}

/** A DAG node's task as `prepareNodeTask` found it: its current release. */
export interface NodeTask {
  task: string;
  taskId: string;
  revision: number;
  manifest: ReleaseManifest;
}

export interface ExecutionPage {
  rows: Execution[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Launch, restart and query executions. Cancelling lives in CancelService. */
export class ExecutionsService {
  constructor(
    private readonly db: PrismaClient,
    private readonly store: RunStore,
    private readonly admission: AdmissionWake,
    private readonly live: EventPublisher,
    /** BATON_ALLOWED_PROGRAMS; undefined allows every program in every pool. */
    private readonly programs?: ProgramAllowlist,
    private readonly log: Log = () => undefined,
  ) {}

  async launch(input: LaunchTaskInput, ctx: RequestContext): Promise<Execution> {
    const t0 = traceNow();
    const name = checkName(input.task, "task");
    const args = checkArguments(input.arguments);
    const props = checkProperties(input.properties);
    const key = checkIdempotencyKey(input.idempotencyKey);
    const current = await this.store.currentRelease(name);
    if (!current) throw notFound(`No task named ${name}; create it with createTask first.`);
    if (key) {
      const first = await this.store.byIdempotencyKey(current.taskId, key);
      if (first) return this.replayed(first, input, ctx);
    }
    const manifest = current.manifest as ReleaseManifest;
    const run = resolveRun(manifest, args, props, {
      BATON_TASK: name,
      BATON_RELEASE_REVISION: String(current.revision),
    });
    checkRunnable(this.programs, manifest.uri, run.pool);
    if (run.platform === "local") await checkFileExists(manifest);
    try {
      const row = await this.createAndDispatch(
        name,
        ctx,
        { action: "launchTask", target: null, input },
        {
          ...newRun(current, run),
          ...(key ? { idempotencyKey: key } : {}),
          ...(Object.keys(props).length > 0 ? { launchProperties: props } : {}),
        },
      );
      traceMark(row.id, "launch.in", t0);
      return row;
    } catch (err) {
      // Two launches with one key raced; the unique index let one in.
      const first = key && isUniqueViolation(err) ? await this.store.byIdempotencyKey(current.taskId, key) : undefined;
      if (first) return this.replayed(first, input, ctx);
      throw err;
    }
  }

  /** A new execution of the same revision and arguments that resumes from the failed one's checkpoints. */
  async restart(id: string, ctx: RequestContext): Promise<Execution> {
    const failed = await this.get(id);
    if (!failed) throw notFound(`No execution ${id}.`);
    const status = failed.status as ExecutionStatus;
    if (!isTerminal(status) || status === "COMPLETED") {
      throw conflict(
        `Execution ${id} is ${status}; only FAILED, CANCELLED, TIMED_OUT, LOST or EXPIRED executions can be restarted.`,
      );
    }
    const task = await this.db.taskDefinition.findUniqueOrThrow({ where: { id: failed.taskId } });
    if (!task.liveName) throw conflict(`Task ${task.name} was deleted; its executions cannot be restarted.`);
    const resume = { restartOf: id, ...(await this.resumeState(failed)) };
    const spec = failed.spec as unknown as RunSpec;
    return this.createAndDispatch(
      task.name,
      ctx,
      { action: "restartExecution", target: null, input: { id } },
      {
        taskId: task.id,
        revision: failed.releaseRevision,
        platform: failed.platform,
        pool: failed.pool,
        spec: { ...spec, env: { ...spec.env, BATON_RESUME: JSON.stringify(resume) } },
        arguments: failed.arguments,
        restartOfId: id,
        origin: { kind: "RESTART", actor: ctx.actor, restartOf: id },
        demand: demandOfRow(failed),
      },
    );
  }

  /**
   * A new run of an ended execution's task (its current release, as a launch
   * would) with the execution's arguments, or `arguments` instead, and the
   * properties it was launched with, `properties` laid over them (env and
   * secrets key by key). Checked like a launch; the run records which one it
   * relaunched.
   */
  async relaunch(input: RelaunchExecutionInput, ctx: RequestContext): Promise<Execution> {
    const original = await this.get(input.id);
    if (!original) throw notFound(`No execution ${input.id}.`);
    const status = original.status as ExecutionStatus;
    if (!isTerminal(status)) {
      throw conflict(`Execution ${input.id} is ${status}; relaunch it once it has ended, or cancel it first.`);
    }
    const args = input.arguments === null || input.arguments === undefined ? original.arguments : input.arguments;
    const checkedArgs = checkArguments(args);
    const changes = checkProperties(input.properties);
    const before = checkProperties(original.launchProperties, "the original launch's properties");
    const props = overlayProperties(before, changes);
    const task = await this.db.taskDefinition.findUniqueOrThrow({ where: { id: original.taskId } });
    if (!task.liveName) throw conflict(`Task ${task.name} was deleted; its executions cannot be relaunched.`);
    const current = await this.store.currentRelease(task.liveName);
    if (!current) throw notFound(`No task named ${task.liveName}.`);
    const manifest = current.manifest as ReleaseManifest;
    const run = resolveRun(manifest, checkedArgs, props, {
      BATON_TASK: task.liveName,
      BATON_RELEASE_REVISION: String(current.revision),
    });
    // As launch: the allowlist before the file check, so a refused path's existence is not revealed.
    checkRunnable(this.programs, manifest.uri, run.pool);
    if (run.platform === "local") await checkFileExists(manifest);
    return this.createAndDispatch(
      task.liveName,
      ctx,
      { action: "relaunchExecution", target: null, input },
      {
        ...newRun(current, run),
        ...(Object.keys(props).length > 0 ? { launchProperties: props } : {}),
        origin: { kind: "MANUAL", actor: ctx.actor, relaunchOf: original.id },
      },
      `relaunch of ${original.id}`,
    );
  }

  /** A run of a given revision (an upgrade's verification): the caller has validated everything. */
  launchRevision(taskName: string, run: NewRun, ctx: RequestContext, cause: string): Promise<Execution> {
    return this.createAndDispatch(
      taskName,
      ctx,
      { action: "verifyRelease", target: null, input: run.arguments },
      { ...run, origin: run.origin ?? { kind: "VERIFY", actor: ctx.actor } },
      cause,
    );
  }

  /**
   * What a DAG node's execution is made from, read before the DAG run's
   * transaction (so the transaction holds one connection and touches no
   * files): the task's current release and, for a local program, that its
   * file exists. A reason string instead when the task cannot run.
   */
  async prepareNodeTask(task: string): Promise<NodeTask | string> {
    const current = await this.store.currentRelease(task);
    if (!current) return `task ${task} no longer exists`;
    const manifest = current.manifest as ReleaseManifest;
    try {
      if (resolveRun(manifest, [], {}).platform === "local") await checkFileExists(manifest);
    } catch (err) {
      return (err as Error).message;
    }
    return { task, taskId: current.taskId, revision: current.revision, manifest };
  }

  /**
   * Inserts the execution of a DAG node on the DAG run's transaction, with
   * no other I/O; the caller calls `announce` after its commit. A reason
   * string instead when the node cannot run.
   */
  async insertForNode(
    db: Queryable,
    prepared: NodeTask,
    args: string[],
    node: NodeLink & { dagName: string },
    ctx: RequestContext,
    runOrigin?: Origin | null,
    nodeProperties: DeploymentProperties = {},
  ): Promise<{ row: Execution; event: StoredEvent } | string> {
    let run: ResolvedRun;
    try {
      run = resolveRun(prepared.manifest, args, nodeProperties, {
        BATON_TASK: prepared.task,
        BATON_RELEASE_REVISION: String(prepared.revision),
        BATON_DAG_RUN: node.dagRunId,
        BATON_DAG_NODE: node.nodeId,
        ...originEnv(runOrigin),
      });
    } catch (err) {
      return `node ${node.nodeId}: ${(err as Error).message}`;
    }
    const refused = launchRefusal(this.programs, prepared.manifest.uri, run.pool);
    if (refused) return `node ${node.nodeId}: ${refused}`;
    const origin: Origin = {
      kind: "DAG",
      name: node.dagName,
      dagRunId: node.dagRunId,
      scheduledTime: runOrigin?.scheduledTime ?? null,
    };
    const spec = { ...newRun(prepared, run), origin };
    const cause = `node ${node.nodeId} of DAG run ${node.dagRunId}`;
    return this.store.insertQueued(
      spec,
      cause,
      new Date(),
      ctx,
      { action: "launchDagNode", target: null, input: { node, args } },
      db,
      { dagRunId: node.dagRunId, nodeId: node.nodeId, attempt: node.attempt },
    );
  }

  /** announce() for many runs inserted together: one admission pass takes them all. */
  announceMany(runs: readonly { row: Execution; event: StoredEvent; task: string }[]): void {
    for (const r of runs) this.live.publish(r.row.id, [r.event]);
    if (runs.length > 0) this.admission.request();
  }

  /** After the inserting transaction committed: tell subscribers and ask admission to look at the queue. */
  announce(row: Execution, event: StoredEvent, _task: string): void {
    traceMark(row.id, "queued");
    this.live.publish(row.id, [event]);
    this.admission.request();
  }

  /** A repeated idempotency key: nothing new runs, but the request is on record. */
  private async replayed(first: Execution, input: LaunchTaskInput, ctx: RequestContext): Promise<Execution> {
    await audit(this.store.pool, ctx, {
      action: "launchTask",
      target: first.id,
      input: { ...input, replayed: true },
    });
    return first;
  }

  /**
   * What a restart resumes from, gathered along the whole restartOf chain (a
   * restart of a restart must not redo steps completed two runs back): every
   * step completed in any run, and each step's newest checkpoint.
   */
  /** What a restart of `from` would resume: the completed steps and each step's last checkpoint, along the restart chain. */
  async resumeState(from: Execution): Promise<{ completedSteps: string[]; checkpoints: Record<string, unknown> }> {
    const completed = new Set<string>();
    const checkpoints: Record<string, unknown> = {};
    let current: Execution | null = from;
    for (let depth = 0; current && depth < 100; depth++) {
      for (const step of await this.steps(current.id)) {
        if (step.status === "COMPLETED") completed.add(step.name);
        if (step.checkpoint !== null && !(step.name in checkpoints)) checkpoints[step.name] = step.checkpoint;
      }
      current = current.restartOfId ? await this.get(current.restartOfId) : null;
    }
    return { completedSteps: [...completed], checkpoints };
  }

  /**
   * The committed QUEUED row is the promise that the run happens: admission
   * gives it to a runner after the answer (its sweep looks again if this
   * instance died first), so a launch costs one statement on the caller's path.
   * Launches, restarts and verification runs all pass here: a program the
   * run's pool does not allow is FORBIDDEN before anything is written.
   */
  private async createAndDispatch(
    taskName: string,
    ctx: RequestContext,
    audit: AuditEntry,
    run: NewRun,
    why?: string,
  ): Promise<Execution> {
    checkRunnable(this.programs, run.spec.uri, run.pool);
    const cause = why ?? (run.restartOfId ? `restart of ${run.restartOfId}` : `launched revision ${run.revision}`);
    const { row, event } = await this.store.insertQueued(run, cause, new Date(), ctx, audit);
    this.announce(row, event, taskName);
    this.log(`execution ${row.id} of ${taskName} queued (${cause}) by ${ctx.actor}`, {
      executionId: row.id,
      task: taskName,
      correlationId: ctx.correlationId,
    });
    return row;
  }

  async get(id: string): Promise<Execution | null> {
    if (!isUuid(id)) return null;
    return (await this.store.get(id)) ?? null;
  }

  async list(filter: ExecutionFilter): Promise<ExecutionPage> {
    const size = pageSize(filter.first);
    if (filter.since && filter.until && filter.since > filter.until) throw badInput("since must be before until.");
    const after = filter.after ? decodeCursor(filter.after) : null;
    if (after && !isUuid(after.id)) {
      throw badInput(`"after" is not a cursor returned by this API; pass pageInfo.endCursor from the previous page.`);
    }
    const rows = await new ExecutionQueryStore(this.store.pool).page({
      task: filter.task,
      status: filter.status,
      originKind: filter.origin,
      originName: filter.originName,
      search: searchText(filter.search),
      since: filter.since,
      until: filter.until,
      after,
      limit: size + 1,
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
    return lastLines(this.store.pool, executionId, Math.min(tail ?? 50_000, 50_000));
  }

  /**
   * The log lines after seq `after`, oldest first, at most `first` (1 to
   * 10,000): a page of a log of any length (the console's download pages
   * through it). Empty once there is nothing after `after`.
   */
  async logsAfter(executionId: string, after: number, first?: number | null): Promise<ExecutionEvent[]> {
    if (!Number.isInteger(after) || after < 0) throw badInput("after must be a line's seq: a whole number, 0 or more.");
    const size = first ?? LOG_PAGE_MAX;
    if (!Number.isInteger(size) || size < 1 || size > LOG_PAGE_MAX)
      throw badInput(`first must be a whole number from 1 to ${LOG_PAGE_MAX}.`);
    // A window of seqs may hold only status and step events: go on to the next until a line or the end.
    for (let from = after + 1; ; ) {
      const events = await this.store.eventsBetween(executionId, from, MAX_SEQ, size);
      if (events.length === 0) return [];
      const lines = events.filter((e) => e.kind === "LOG");
      if (lines.length > 0) return lines.slice(0, size);
      from = (events.at(-1) as ExecutionEvent).seq + 1;
    }
  }

  /** Persisted events with fromSeq <= seq < toSeq, in order (replay and gap filling). */
  eventsBetween(executionId: string, fromSeq: number, toSeq = 2_147_483_647, limit = 5000): Promise<ExecutionEvent[]> {
    return this.store.eventsBetween(executionId, fromSeq, toSeq, limit);
  }

  /** Marks a QUEUED execution CANCELLED when no runner has claimed it; false if one had. */
  async cancelUnclaimed(id: string, cause: string, ctx: RequestContext): Promise<boolean> {
    const now = new Date();
    const events = await inTransaction(this.store.pool, async (tx) => {
      const row = await this.store.lock(tx, id);
      if (!row || row.runnerId || isTerminal(row.status)) return undefined;
      const stored = await this.store.appendEvents(tx, id, row.lastSeq, [statusEvent("CANCELLED", cause, now)]);
      await updateExecution(tx, id, {
        status: "CANCELLED",
        endedAt: now,
        cancelRequestedAt: now,
        lastSeq: row.lastSeq + 1,
      });
      await audit(tx, ctx, { action: "cancelExecution", target: id, input: { id } });
      return stored;
    });
    if (events) this.live.publish(id, events);
    return events !== undefined;
  }
}

/** The execution row's fields for a run of the task's current release. */
function newRun(current: { taskId: string; revision: number }, run: ResolvedRun): NewRun {
  return {
    taskId: current.taskId,
    revision: current.revision,
    platform: run.platform,
    pool: run.pool,
    spec: run.spec,
    arguments: run.arguments,
    demand: run.demand,
  };
}

/** A local program must be readable on this machine before a run of it is accepted. */
export async function checkFileExists(manifest: ReleaseManifest): Promise<void> {
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
