import { randomUUID } from "node:crypto";
import type { Execution } from "@baton/db";
import { badInput, notFound } from "../domain/errors.js";
import type { StoredEvent } from "../domain/events.js";
import type { ReleaseManifest } from "../domain/manifest.js";
import { resolveRun } from "../domain/manifest.js";
import { type Origin, originEnv } from "../domain/origin.js";
import { checkRunnable, launchRefusal, type ProgramAllowlist } from "../domain/program-allowlist.js";
import { checkProperties, type DeploymentProperties } from "../domain/properties.js";
import { checkName } from "../domain/validation.js";
import { insertRun } from "../store/dag-store.js";
import type { NewQueuedRun, Queryable, RunStore } from "../store/run-store.js";
import type { DagRunsService } from "./dags/dag-runs.service.js";
import type { ExecutionsService, NodeTask } from "./executions.service.js";

/** What a schedule or trigger starts: exactly one of a task and a DAG, by name. */
export interface Target {
  taskName: string | null;
  dagName: string | null;
}

/** A target as found before the transaction (its release read, its file checked), or why it cannot run. */
export type PreparedTarget =
  | { kind: "task"; name: string; node: NodeTask }
  | { kind: "dag"; name: string; dagId: string; version: number }
  | { kind: "unavailable"; name: string; reason: string; missing: boolean };

/** One run to insert, its id chosen before the transaction so a fire or trigger event can name it. */
export type PlannedRun =
  | { kind: "task"; task: string; run: NewQueuedRun }
  | { kind: "dag"; id: string; dagId: string; version: number; arguments: string[]; origin: Origin };

export interface Launched {
  executions: { row: Execution; event: StoredEvent; task: string }[];
  dagRuns: string[];
}

export const targetKey = (t: Target): string => (t.taskName ? `task:${t.taskName}` : `dag:${t.dagName}`);

/**
 * The target an input names: exactly one of task and dag, checked as names;
 * on an update that names neither, the current one.
 */
export function chooseTarget(
  input: { task?: string | null; dag?: string | null },
  current: Target | undefined,
  what: "schedule" | "trigger",
): Target {
  const taskGiven = input.task !== undefined && input.task !== null;
  const dagGiven = input.dag !== undefined && input.dag !== null;
  if (taskGiven && dagGiven)
    throw badInput(`Give either task or dag, not both: a ${what} starts one of them.`, { field: "task" });
  if (!taskGiven && !dagGiven) {
    if (current) return { taskName: current.taskName, dagName: current.dagName };
    throw badInput(`Give task or dag: the ${what} must start a task or a DAG.`, { field: "task" });
  }
  return {
    taskName: taskGiven ? checkName(input.task as string, "task") : null,
    dagName: dagGiven ? checkName(input.dag as string, "dag") : null,
  };
}

/** Properties are a task's: a DAG's nodes run with their own tasks' properties. */
export function checkTargetProperties(target: Target, properties: unknown): void {
  if (target.dagName && properties && typeof properties === "object" && Object.keys(properties).length > 0)
    throw badInput(
      "properties apply to a task's runs; a DAG's nodes run with their own tasks' properties. Leave properties out.",
      { field: "properties" },
    );
}

/**
 * Starts the runs of schedules and triggers on the caller's transaction, so
 * the record of why (a fire, a trigger event) and the run commit together.
 * Reading releases and files happens before (`prepare`), the insert does no
 * other I/O, and `announce` publishes after the commit (the redispatch sweep
 * and the DAG sweep cover a crash in between).
 */
export class Launcher {
  constructor(
    private readonly store: RunStore,
    private readonly executions: ExecutionsService,
    private readonly dagRuns: DagRunsService,
    /** BATON_ALLOWED_PROGRAMS; undefined allows every program in every pool. */
    private readonly programs?: ProgramAllowlist,
  ) {}

  /**
   * prepare(), then a dry run of the arguments and properties: a schedule or
   * trigger that could never start a run is refused when it is saved (a
   * program its pool does not allow: FORBIDDEN).
   */
  async check(target: Target, args: string[], properties: unknown, kind: Origin["kind"]): Promise<void> {
    const prepared = await this.prepare(target);
    if (prepared.kind === "unavailable") {
      if (!prepared.missing) throw badInput(`task ${prepared.name} cannot run: ${prepared.reason}`, { field: "task" });
      throw notFound(
        target.taskName
          ? `No task named ${target.taskName}; create it with createTask first.`
          : `No DAG named ${target.dagName}; create it with createDag first.`,
      );
    }
    const dry = this.planRun(prepared, args, properties, { kind }, "check");
    if (typeof dry === "string") throw badInput(dry, { field: "properties" });
    if (dry.kind === "task") checkRunnable(this.programs, dry.run.spec.uri, dry.run.pool);
  }

  async prepare(target: Target): Promise<PreparedTarget> {
    if (target.taskName) {
      const node = await this.executions.prepareNodeTask(target.taskName);
      if (typeof node !== "string") return { kind: "task", name: target.taskName, node };
      const missing = !(await this.store.currentRelease(target.taskName));
      return { kind: "unavailable", name: target.taskName, reason: node, missing };
    }
    const name = target.dagName ?? "";
    const { rows } = await this.store.pool.query<{ id: string; currentVersion: number }>(
      `SELECT id, "currentVersion" FROM dags WHERE "liveName" = $1`,
      [name],
    );
    const dag = rows[0];
    return dag
      ? { kind: "dag", name, dagId: dag.id, version: dag.currentVersion }
      : { kind: "unavailable", name, reason: `DAG ${name} no longer exists`, missing: true };
  }

  /**
   * The rows for one run (no I/O), or why this run cannot start: a fire or a
   * trigger event records that reason (FAILED, REJECTED) and no run.
   */
  plan(
    target: PreparedTarget,
    args: string[],
    properties: unknown,
    origin: Origin,
    cause: string,
  ): PlannedRun | string {
    const planned = this.planRun(target, args, properties, origin, cause);
    if (typeof planned === "string" || planned.kind !== "task") return planned;
    const refused = launchRefusal(this.programs, planned.run.spec.uri, planned.run.pool);
    return refused ? `task ${planned.task}: ${refused}` : planned;
  }

  private planRun(
    target: PreparedTarget,
    args: string[],
    properties: unknown,
    origin: Origin,
    cause: string,
  ): PlannedRun | string {
    if (target.kind === "unavailable") return target.reason;
    if (target.kind === "dag") {
      return { kind: "dag", id: randomUUID(), dagId: target.dagId, version: target.version, arguments: args, origin };
    }
    try {
      const props: DeploymentProperties = checkProperties(properties ?? {});
      const manifest: ReleaseManifest = target.node.manifest;
      const run = resolveRun(manifest, args, props, {
        BATON_TASK: target.name,
        BATON_RELEASE_REVISION: String(target.node.revision),
        ...originEnv(origin),
      });
      return {
        kind: "task",
        task: target.name,
        run: {
          id: randomUUID(),
          cause,
          taskId: target.node.taskId,
          revision: target.node.revision,
          platform: run.platform,
          pool: run.pool,
          spec: run.spec,
          arguments: run.arguments,
          origin,
          demand: run.demand,
        },
      };
    } catch (err) {
      return `task ${target.name}: ${(err as Error).message}`;
    }
  }

  async insert(db: Queryable, planned: readonly PlannedRun[], now: Date): Promise<Launched> {
    const tasks = planned.filter((p): p is Extract<PlannedRun, { kind: "task" }> => p.kind === "task");
    const taskOf = new Map(tasks.map((p) => [p.run.id, p.task]));
    const rows = await this.store.insertQueuedMany(
      db,
      tasks.map((p) => p.run),
      now,
    );
    const dagRuns: string[] = [];
    for (const p of planned) {
      if (p.kind !== "dag") continue;
      await insertRun(db, { id: p.id, dagId: p.dagId, version: p.version, arguments: p.arguments, origin: p.origin });
      dagRuns.push(p.id);
    }
    return { executions: rows.map((r) => ({ ...r, task: taskOf.get(r.row.id) ?? "" })), dagRuns };
  }

  /** After the commit: tell subscribers, send the commands, start the DAG runs' first nodes. */
  announce(launched: Launched): void {
    this.executions.announceMany(launched.executions);
    for (const id of launched.dagRuns) void this.dagRuns.advanceSystem(id).catch(() => undefined);
  }
}
