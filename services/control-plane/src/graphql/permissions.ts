import type { Role } from "../domain/auth/roles.js";
import { parseDag } from "../domain/dag/index.js";

/** Names of tasks and DAGs behind ids and names, for grants limited to a prefix (store/auth-targets.ts). */
export interface TargetLookup {
  executionTask(id: string): Promise<string[] | undefined>;
  dagRunDag(id: string): Promise<string[] | undefined>;
  scheduleTarget(name: string): Promise<string[] | undefined>;
  triggerTarget(name: string): Promise<string[] | undefined>;
}

type Args = Record<string, unknown>;
/** The task and DAG names an operation acts on; undefined when the target does not exist. */
export type Targets = (args: Args, lookup: TargetLookup) => Promise<string[] | undefined> | string[] | undefined;

export interface Permission {
  /** Every one of these is needed; [] means any signed-in identity (its own tokens, who am I). */
  roles: readonly Role[];
  /**
   * What the operation acts on. With it, a grant limited to a name prefix
   * (team-a=DEPLOY:settle-*) is enough when every name starts with the
   * prefix; without it, the role must be held on everything.
   */
  targets?: Targets;
  /** For the README's table. */
  on?: string;
}

const input = (args: Args): Args => (args.input ?? {}) as Args;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const names = (...values: unknown[]): string[] => values.map(str).filter((v): v is string => v !== undefined);

const taskName: Targets = (a) => names(a.name);
const inputTask: Targets = (a) => names(input(a).task);
const inputName: Targets = (a) => names(input(a).name);
const execution: Targets = (a, l) => l.executionTask(String(a.id));
const dagRun: Targets = (a, l) => l.dagRunDag(String(a.id));
/** A DAG and every task its definition runs (a DAG must not launch another team's tasks). */
const dagAndTasks: Targets = (a) => {
  const i = input(a);
  const parsed = typeof i.definition === "string" ? parseDag(i.definition) : undefined;
  const tasks = parsed?.ok ? parsed.graph.nodes.map((n) => n.task) : [];
  return [...names(i.name), ...tasks];
};
const newTarget = (i: Args): string[] => names(i.task, i.dag);
const schedule: Targets = async (a, l) => {
  const existing = await l.scheduleTarget(String(input(a).name ?? a.name));
  return existing && [...existing, ...newTarget(input(a))];
};
const trigger: Targets = async (a, l) => {
  const existing = await l.triggerTarget(String(input(a).name ?? a.name));
  return existing && [...existing, ...newTarget(input(a))];
};

const VIEW: Permission = { roles: ["VIEW"] };
const SIGNED_IN: Permission = { roles: [] };
const everything = (role: Role): Permission => ({ roles: [role] });
const on = (role: Role, targets: Targets, what: string): Permission => ({ roles: [role], targets, on: what });

/**
 * The one table of who may do what: every query, mutation and subscription
 * names the roles it needs (Spring Cloud Data Flow's seven). An operation
 * missing here is refused for everyone, and authorize.test.ts fails for it.
 * README.md's "Roles" table is checked against this one.
 */
export const PERMISSIONS: Readonly<
  Record<"Query" | "Mutation" | "Subscription", Readonly<Record<string, Permission>>>
> = {
  Query: {
    about: VIEW,
    app: VIEW,
    apps: VIEW,
    auditRecords: VIEW,
    dag: VIEW,
    dagRun: VIEW,
    dagRuns: VIEW,
    dags: VIEW,
    execution: VIEW,
    executions: VIEW,
    exportDefinitions: VIEW,
    overview: VIEW,
    parseDag: VIEW,
    pools: VIEW,
    previewCron: VIEW,
    queue: VIEW,
    releaseDiff: VIEW,
    runners: VIEW,
    schedule: VIEW,
    schedules: VIEW,
    stepStatistics: VIEW,
    task: VIEW,
    tasks: VIEW,
    trigger: VIEW,
    triggers: VIEW,
    me: SIGNED_IN,
    apiTokens: SIGNED_IN,
  },
  Mutation: {
    registerApp: everything("CREATE"),
    importAppRegistry: everything("CREATE"),
    setDefaultAppVersion: everything("MODIFY"),
    unregisterAppVersion: everything("DESTROY"),
    importDefinitions: { roles: ["CREATE", "MODIFY"] },
    createTask: on("CREATE", inputName, "the task"),
    upgradeTask: on("MODIFY", inputTask, "the task"),
    rollbackTask: on("MODIFY", inputTask, "the task"),
    setTaskRetention: on("MODIFY", (a) => names(a.task), "the task"),
    deleteTask: on("DESTROY", taskName, "the task"),
    launchTask: on("DEPLOY", inputTask, "the task"),
    cancelExecution: on("DEPLOY", execution, "the execution's task"),
    restartExecution: on("DEPLOY", execution, "the execution's task"),
    relaunchExecution: on("DEPLOY", (a, l) => l.executionTask(String(input(a).id)), "the execution's task"),
    createDag: on("CREATE", dagAndTasks, "the DAG and every task in it"),
    updateDag: on("MODIFY", dagAndTasks, "the DAG and every task in it"),
    deleteDag: on("DESTROY", taskName, "the DAG"),
    launchDag: on("DEPLOY", inputName, "the DAG"),
    cancelDagRun: on("DEPLOY", dagRun, "the run's DAG"),
    restartDagRun: on("DEPLOY", dagRun, "the run's DAG"),
    createSchedule: on("SCHEDULE", (a) => newTarget(input(a)), "the task or DAG it launches"),
    updateSchedule: on("SCHEDULE", schedule, "the task or DAG it launches (before and after)"),
    deleteSchedule: on("SCHEDULE", schedule, "the task or DAG it launches"),
    backfillSchedule: on("SCHEDULE", schedule, "the task or DAG it launches"),
    createTrigger: on("SCHEDULE", (a) => newTarget(input(a)), "the task or DAG it launches"),
    updateTrigger: on("SCHEDULE", trigger, "the task or DAG it launches (before and after)"),
    deleteTrigger: on("SCHEDULE", trigger, "the task or DAG it launches"),
    rotateTriggerSecret: on("SCHEDULE", trigger, "the task or DAG it launches"),
    drainRunner: everything("MANAGE"),
    resumeRunner: everything("MANAGE"),
    setPoolLimit: everything("MANAGE"),
    createApiToken: SIGNED_IN,
    revokeApiToken: SIGNED_IN,
  },
  Subscription: {
    executionEvents: VIEW,
    dagRunEvents: VIEW,
  },
};
