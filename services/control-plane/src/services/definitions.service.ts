import type { Dag, Prisma, PrismaClient } from "@baton/db";
import type { TriggerSubjects } from "../bus/triggers.js";
import { checkDag, withNodeProperties } from "../domain/dag/index.js";
import { attempt } from "../domain/definitions/attempt.js";
import { manifestsEqual } from "../domain/definitions/diff.js";
import { dagLineError, lineOfEntry, parseDocument, renderDocument } from "../domain/definitions/document.js";
import {
  type DagColumns,
  dagChange,
  dagEntry,
  sameEntry,
  scheduleEntry,
  timingChanged,
  triggerEntry,
} from "../domain/definitions/document-rows.js";
import { retentionDoc } from "../domain/definitions/document-tasks.js";
import { parseScdfRegistry } from "../domain/definitions/scdf-registry.js";
import type {
  DagDefinitionDoc,
  DefinitionsDocument,
  DocumentLines,
  LineError,
  ScheduleDefinitionDoc,
  TriggerDefinitionDoc,
} from "../domain/definitions/types.js";
import { API_VERSION, type TaskRetentionDoc } from "../domain/definitions/types.js";
import { BatonError, badInput, conflict } from "../domain/errors.js";
import { buildManifest, type ReleaseManifest, resolveRun } from "../domain/manifest.js";
import { checkRunnable, type ProgramAllowlist } from "../domain/program-allowlist.js";
import type { RetentionOverride } from "../domain/retention.js";
import { nextFireTimes } from "../domain/schedule/index.js";
import { audit } from "../store/audit.js";
import { lockLiveDag } from "../store/dag-store.js";
import type { RequestContext } from "./context.js";
import { checkFileExists } from "./executions.service.js";
import { registerIn } from "./registry.service.js";
import { lockTask, supersedeAndDeploy, type Tx } from "./release-store.js";
import type { ScheduleInput, SchedulesService } from "./schedules/schedules.service.js";
import { createTaskIn } from "./tasks.service.js";
import type { TriggerInput, TriggersService } from "./triggers/triggers.service.js";

export interface ImportSummary {
  appVersionsRegistered: number;
  tasksCreated: number;
  tasksUpgraded: number;
  /** Tasks whose retention changed, with no new revision. */
  tasksUpdated: number;
  tasksUnchanged: number;
  dagsCreated: number;
  dagsUpdated: number;
  dagsUnchanged: number;
  schedulesCreated: number;
  schedulesUpdated: number;
  schedulesUnchanged: number;
  triggersCreated: number;
  triggersUpdated: number;
  triggersUnchanged: number;
  skipped: string[];
  /** What a person should know about the import (a created trigger's secret is not shown, for one). */
  notes: string[];
}

/** What the import needs besides Postgres: the services that write schedules and triggers, and their rules' inputs. */
export interface DefinitionsDeps {
  schedules: Pick<SchedulesService, "create" | "update">;
  triggers: Pick<TriggersService, "create" | "update">;
  /** Baton's own NATS subject prefix, which a trigger may not listen under. */
  natsPrefix: string;
  /** The trigger stream's subjects: set before the commit, so NATS refusing one refuses the whole import. */
  subjects?: TriggerSubjects;
  clock?: () => Date;
  /** BATON_ALLOWED_PROGRAMS: app versions outside it are refused, as registerApp refuses them. */
  programs?: ProgramAllowlist;
}

/** A schedule or trigger change, checked inside the import's transaction and written by its service after the commit. */
type Planned<T> = { entry: T; create: boolean };

interface ImportPlan {
  summary: ImportSummary;
  schedules: Planned<ScheduleDefinitionDoc>[];
  triggers: Planned<TriggerDefinitionDoc>[];
}

/** Whether a schedule's or trigger's task or DAG can start; a task's manifest comes with it for the dry run. */
type TargetCheck = { ok: true; manifest?: ReleaseManifest } | { ok: false; reason: string };

const emptySummary = (): ImportSummary => ({
  appVersionsRegistered: 0,
  tasksCreated: 0,
  tasksUpgraded: 0,
  tasksUpdated: 0,
  tasksUnchanged: 0,
  dagsCreated: 0,
  dagsUpdated: 0,
  dagsUnchanged: 0,
  schedulesCreated: 0,
  schedulesUpdated: 0,
  schedulesUnchanged: 0,
  triggersCreated: 0,
  triggersUpdated: 0,
  triggersUnchanged: 0,
  skipped: [],
  notes: [],
});

/**
 * Bulk import (SCDF's registry format, Baton's YAML) and export. Idempotent,
 * and all or nothing for every refusal: the whole document is checked before
 * anything is committed (see importDefinitions).
 */
export class DefinitionsService {
  private readonly clock: () => Date;

  constructor(
    private readonly db: PrismaClient,
    private readonly deps: DefinitionsDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date());
  }

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
      await audit(tx, ctx, { action: "importAppRegistry", target: null, input: { entries: parsed.apps } });
      const skipped = parsed.skipped.map((s) => `line ${s.line}: ${s.reason}`);
      return { ...emptySummary(), appVersionsRegistered: registered, skipped };
    });
  }

  /**
   * Applies a document. A document that is refused changes nothing: it is
   * parsed and checked in full first (cron, time zones, policies, templates,
   * subjects, the DAG DSL; every error with its line), then apps, tasks and
   * DAGs are written in one Prisma transaction, and inside it, seeing what it
   * wrote, every schedule and trigger is checked as its service would (its
   * task or DAG exists, a local program is there, a dry run of arguments and
   * properties, the cron still fires) and compared with what is stored. Any
   * refusal so far rolls everything back. After the commit, SchedulesService
   * and TriggersService write the schedules and triggers that changed (their
   * own node-postgres transactions; a trigger's subject also goes to NATS),
   * checking each again. What can still fail there is an outage, NATS refusing
   * a subject another stream captures, or a change made meanwhile: the error
   * then says what was written, and importing the same document again
   * finishes the job, since what is already there is left as it is. The audit
   * record (one, in the transaction) carries the document and the summary.
   */
  async importDefinitions(text: string, ctx: RequestContext): Promise<ImportSummary> {
    const parsed = parseDocument(text, { natsPrefix: this.deps.natsPrefix });
    if (!parsed.ok) throw lineErrors("The document", parsed.errors);
    const { doc, lines } = parsed;
    const plan = await this.db.$transaction(async (tx): Promise<ImportPlan> => {
      const summary = emptySummary();
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
        else if (outcome === "updated") summary.tasksUpdated++;
        else summary.tasksUnchanged++;
      }
      const problems: LineError[] = [];
      await this.applyDags(tx, doc.dags, lines, problems, summary, ctx);
      const targets = new Map<string, Promise<TargetCheck>>();
      const target = (t: { task?: string; dag?: string }) => {
        const key = t.task !== undefined ? `task:${t.task}` : `dag:${t.dag}`;
        const known = targets.get(key) ?? this.checkTarget(tx, t);
        targets.set(key, known);
        return known;
      };
      const schedules = await this.planSchedules(tx, doc.schedules, lines, problems, summary, target);
      const triggers = await this.planTriggers(tx, doc.triggers, lines, problems, summary, target);
      if (problems.length > 0) throw lineErrors("The document", problems);
      if (this.deps.subjects && triggers.some((p) => p.entry.subject)) {
        const stored = await tx.trigger.findMany({ where: { subject: { not: null } }, select: { subject: true } });
        const wanted = [...stored.map((r) => r.subject as string), ...triggers.map((p) => p.entry.subject ?? "")];
        await this.deps.subjects.sync(wanted.filter((x) => x !== ""));
      }
      await audit(tx, ctx, { action: "importDefinitions", target: null, input: { document: doc, summary } });
      return { summary, schedules, triggers };
    });
    await this.applyPlanned(plan, ctx);
    return plan.summary;
  }

  /** Every app, task, DAG, schedule and trigger, read in one snapshot; never a trigger's secret. */
  async exportDefinitions(): Promise<string> {
    const doc = await this.db.$transaction(
      async (tx): Promise<DefinitionsDocument> => {
        const apps = await tx.app.findMany({
          include: { versions: { where: { unregisteredAt: null }, orderBy: { createdAt: "asc" } } },
        });
        const tasks = await tx.taskDefinition.findMany({
          where: { liveName: { not: null } },
          include: { releases: true },
        });
        const dags = await tx.dag.findMany({ where: { liveName: { not: null } } });
        const versions =
          dags.length === 0
            ? []
            : await tx.dagVersion.findMany({
                where: { OR: dags.map((d) => ({ dagId: d.id, version: d.currentVersion })) },
              });
        const versionOf = new Map(versions.map((v) => [v.dagId, v]));
        const schedules = await tx.schedule.findMany();
        const triggers = await tx.trigger.findMany({ omit: { secret: true } });
        return {
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
            const retention = retentionDoc(t);
            return {
              name: t.name,
              app: m.app,
              version: m.version,
              properties: m.properties,
              arguments: m.arguments,
              ...(retention ? { retention } : {}),
            };
          }),
          dags: dags.map((d) => {
            const v = versionOf.get(d.id);
            return dagEntry({ ...dagLimits(d), definition: v?.definition ?? "", graph: v?.graph ?? null });
          }),
          schedules: schedules.map(scheduleEntry),
          triggers: triggers.map(triggerEntry),
        };
      },
      { isolationLevel: "RepeatableRead" },
    );
    return renderDocument(doc);
  }

  /**
   * DAGs are written in the import's own transaction: each is checked with
   * checkDag against the live tasks (the document's included, as written just
   * before), as createDag does, and its nodeProperties with withNodeProperties.
   * An unchanged definition and nodeProperties add no version (changed limits
   * only update the row); an unchanged entry is left alone.
   */
  private async applyDags(
    tx: Tx,
    dags: DagDefinitionDoc[],
    lines: DocumentLines,
    problems: LineError[],
    summary: ImportSummary,
    ctx: RequestContext,
  ): Promise<void> {
    if (dags.length === 0) return;
    const live = await tx.taskDefinition.findMany({ where: { liveName: { not: null } }, select: { name: true } });
    const tasks = new Set(live.map((t) => t.name));
    for (const d of dags) {
      const { existing, stored } = await this.lockDag(tx, d.name);
      const change = stored ? dagChange(stored, d) : "version";
      const limits = { maxParallel: d.maxParallel ?? null, maxConcurrent: d.maxConcurrent ?? null };
      if (change === "unchanged") {
        summary.dagsUnchanged++;
        continue;
      }
      if (existing && change === "limits") {
        await tx.dag.update({ where: { id: existing.id }, data: limits });
        summary.dagsUpdated++;
        continue;
      }
      const graph = dagGraph(d, tasks, lines, problems);
      if (!graph) continue;
      const version = existing ? existing.currentVersion + 1 : 1;
      const dag = existing
        ? await tx.dag.update({ where: { id: existing.id }, data: { currentVersion: version, ...limits } })
        : await tx.dag.create({ data: { name: d.name, liveName: d.name, currentVersion: version, ...limits } });
      await tx.dagVersion.create({
        data: { dagId: dag.id, version, definition: d.definition, graph, createdBy: ctx.actor },
      });
      if (existing) summary.dagsUpdated++;
      else summary.dagsCreated++;
    }
  }

  /** The live DAG of that name, locked, and what its row and current version say as a document entry. */
  private async lockDag(tx: Tx, name: string): Promise<{ existing?: Dag; stored?: DagDefinitionDoc }> {
    const id = await lockLiveDag(tx, name);
    if (!id) return {};
    const existing = await tx.dag.findUniqueOrThrow({ where: { id } });
    const current = await tx.dagVersion.findUnique({
      where: { dagId_version: { dagId: existing.id, version: existing.currentVersion } },
    });
    if (!current) return { existing };
    const stored = dagEntry({ ...dagLimits(existing), definition: current.definition, graph: current.graph });
    return { existing, stored };
  }

  /**
   * What SchedulesService checks beyond the document's own rules, seen from
   * inside the import's transaction: the target, a dry run of arguments and
   * properties against the task's current manifest, and that the cron still
   * fires. Unchanged schedules are not checked again: they are left alone.
   */
  private async planSchedules(
    tx: Tx,
    schedules: ScheduleDefinitionDoc[],
    lines: DocumentLines,
    problems: LineError[],
    summary: ImportSummary,
    target: (t: { task?: string; dag?: string }) => Promise<TargetCheck>,
  ): Promise<Planned<ScheduleDefinitionDoc>[]> {
    const planned: Planned<ScheduleDefinitionDoc>[] = [];
    const now = this.clock();
    for (const s of schedules) {
      const line = lineOfEntry(lines, "schedule", s.name);
      const fail = (message: string) => problems.push({ line, message: `schedule ${s.name}: ${message}` });
      const row = await tx.schedule.findUnique({ where: { name: s.name } });
      const current = row ? scheduleEntry(row) : undefined;
      if (current && sameEntry(current, s)) {
        summary.schedulesUnchanged++;
        continue;
      }
      const checked = await target(s);
      if (!checked.ok) fail(checked.reason);
      else if (checked.manifest) {
        const manifest = checked.manifest;
        attempt(() => {
          const run = resolveRun(manifest, s.arguments, s.properties);
          checkRunnable(this.deps.programs, manifest.uri, run.pool);
        }, fail);
      }
      if (!current || timingChanged(current, s)) {
        const bounds = { startAt: toDate(s.startAt), endAt: toDate(s.endAt) };
        if (nextFireTimes(s.cron, s.timezone, now, 1, bounds).length === 0) {
          const until = s.endAt ? ` until endAt (${s.endAt})` : "";
          fail(`${s.cron} never fires from now${until}; change the cron or the end time.`);
        }
      }
      planned.push({ entry: s, create: !current });
      if (current) summary.schedulesUpdated++;
      else summary.schedulesCreated++;
    }
    return planned;
  }

  /** As planSchedules, for triggers: their target must be able to start. */
  private async planTriggers(
    tx: Tx,
    triggers: TriggerDefinitionDoc[],
    lines: DocumentLines,
    problems: LineError[],
    summary: ImportSummary,
    target: (t: { task?: string; dag?: string }) => Promise<TargetCheck>,
  ): Promise<Planned<TriggerDefinitionDoc>[]> {
    const planned: Planned<TriggerDefinitionDoc>[] = [];
    for (const t of triggers) {
      const line = lineOfEntry(lines, "trigger", t.name);
      const row = await tx.trigger.findUnique({ where: { name: t.name }, omit: { secret: true } });
      const current = row ? triggerEntry(row) : undefined;
      if (current && sameEntry(current, t)) {
        summary.triggersUnchanged++;
        continue;
      }
      const checked = await target(t);
      if (!checked.ok) problems.push({ line, message: `trigger ${t.name}: ${checked.reason}` });
      planned.push({ entry: t, create: !current });
      if (current) {
        summary.triggersUpdated++;
      } else {
        summary.triggersCreated++;
        summary.notes.push(
          `trigger ${t.name} was created with a new webhook secret, which is not shown; rotateTriggerSecret(name: "${t.name}") gives it one to share with the sender.`,
        );
      }
    }
    return planned;
  }

  /** As the scheduler prepares a run (Launcher.prepare): the task's current release, its local program readable. */
  private async checkTarget(tx: Tx, t: { task?: string; dag?: string }): Promise<TargetCheck> {
    if (t.task === undefined) {
      const dag = await tx.dag.findUnique({ where: { liveName: t.dag ?? "" } });
      return dag
        ? { ok: true }
        : {
            ok: false,
            reason: `DAG ${t.dag} does not exist and is not in this document; add it under dags, or create it first.`,
          };
    }
    const task = await tx.taskDefinition.findUnique({ where: { liveName: t.task } });
    const release = task
      ? await tx.release.findUnique({ where: { taskId_revision: { taskId: task.id, revision: task.currentRevision } } })
      : null;
    if (!release) {
      return {
        ok: false,
        reason: `task ${t.task} does not exist and is not in this document; add it under tasks, or create it first.`,
      };
    }
    const manifest = release.manifest as unknown as ReleaseManifest;
    try {
      if (resolveRun(manifest, [], {}).platform === "local") await checkFileExists(manifest);
    } catch (err) {
      if (!(err instanceof BatonError)) throw err;
      return { ok: false, reason: `task ${t.task}: ${err.message}` };
    }
    return { ok: true, manifest };
  }

  /** After the commit: the services write what changed, triggers first (they also need NATS), then schedules. */
  private async applyPlanned(plan: ImportPlan, ctx: RequestContext): Promise<void> {
    const steps = [
      ...plan.triggers.map((p) => ({
        what: `trigger ${p.entry.name}`,
        run: () =>
          p.create
            ? this.deps.triggers.create(triggerInput(p.entry), ctx)
            : this.deps.triggers.update(triggerInput(p.entry), ctx),
      })),
      ...plan.schedules.map((p) => ({
        what: `schedule ${p.entry.name}`,
        run: () =>
          p.create
            ? this.deps.schedules.create(scheduleInput(p.entry), ctx)
            : this.deps.schedules.update(scheduleInput(p.entry), ctx),
      })),
    ];
    for (const [done, step] of steps.entries()) {
      try {
        await step.run();
      } catch (err) {
        if (!(err instanceof BatonError)) throw err;
        throw new BatonError(
          err.code,
          `${step.what}: ${err.message} The apps, tasks and DAGs of the document were imported, and ${done} of its ${steps.length} schedule and trigger change(s); import the same document again once this is fixed: what is already there is left as it is.`,
          err.details,
        );
      }
    }
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
      await registerIn(tx, name, version, uri, makeDefault, this.deps.programs);
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
  ): Promise<"created" | "upgraded" | "updated" | "unchanged"> {
    const existing = await tx.taskDefinition.findUnique({ where: { liveName: t.name } });
    if (!existing) {
      const created = await createTaskIn(
        tx,
        { name: t.name, app: t.app, version: t.version, properties: t.properties, arguments: t.arguments },
        ctx,
      ).catch((err: unknown) => {
        throw err instanceof BatonError ? new BatonError(err.code, `task ${t.name}: ${err.message}`) : err;
      });
      if (t.retention)
        await tx.taskDefinition.update({ where: { id: created.id }, data: retentionColumns(t.retention) });
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
    // A document without retention means the global settings: it clears the task's own.
    const retention = retentionColumns(t.retention ?? {});
    const retentionChanged = !manifestsEqual(retentionDoc(existing) ?? {}, retentionDoc(retention) ?? {});
    if (retentionChanged) await tx.taskDefinition.update({ where: { id: task.id }, data: retention });
    const manifest = buildManifest(t.app, version, t.properties, t.arguments);
    if (manifestsEqual(manifest, base)) return retentionChanged ? "updated" : "unchanged";
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

/** A DAG row's columns that a document carries besides its version's. */
const dagLimits = (d: Dag): Pick<DagColumns, "name" | "maxParallel" | "maxConcurrent"> => ({
  name: d.name,
  maxParallel: d.maxParallel,
  maxConcurrent: d.maxConcurrent,
});

/**
 * The graph a new version of DAG d stores: checkDag against the live tasks,
 * then d's nodeProperties on its nodes. Undefined when refused; every problem
 * goes to `problems`, at the definition's line or the DAG's.
 */
function dagGraph(
  d: DagDefinitionDoc,
  tasks: ReadonlySet<string>,
  lines: DocumentLines,
  problems: LineError[],
): Prisma.InputJsonValue | undefined {
  const checked = checkDag(d.definition, tasks);
  if (!checked.ok) {
    for (const e of checked.errors) problems.push(dagLineError(d.name, lines.definitions.get(d.name), e));
    return undefined;
  }
  const line = lineOfEntry(lines, "dag", d.name);
  const graph = attempt(
    () => withNodeProperties(checked.graph, d.nodeProperties),
    (message) => problems.push({ line, message: `DAG ${d.name}: ${message}` }),
  );
  return graph as unknown as Prisma.InputJsonValue | undefined;
}

/** The whole definition, as createSchedule / updateSchedule take it: what the document leaves out is the default. */
function scheduleInput(s: ScheduleDefinitionDoc): ScheduleInput {
  return {
    name: s.name,
    task: s.task ?? null,
    dag: s.dag ?? null,
    cron: s.cron,
    timezone: s.timezone,
    arguments: s.arguments,
    properties: s.properties,
    overlap: s.overlap,
    misfire: s.misfire,
    enabled: s.enabled,
    startAt: toDate(s.startAt),
    endAt: toDate(s.endAt),
  };
}

/** The whole definition, as createTrigger / updateTrigger take it; null removes a subject or dedup key. */
function triggerInput(t: TriggerDefinitionDoc): TriggerInput {
  return {
    name: t.name,
    task: t.task ?? null,
    dag: t.dag ?? null,
    subject: t.subject ?? null,
    arguments: t.arguments,
    properties: t.properties,
    dedupKey: t.dedupKey ?? null,
    dedupWindowSeconds: t.dedupWindowSeconds ?? null,
    enabled: t.enabled,
  };
}

const toDate = (iso: string | undefined): Date | null => (iso === undefined ? null : new Date(iso));

function lineErrors(what: string, errors: LineError[]): BatonError {
  const lines = errors.slice(0, 10).map((e) => `line ${e.line}${e.column ? `, column ${e.column}` : ""}: ${e.message}`);
  const more = errors.length > 10 ? ` (and ${errors.length - 10} more)` : "";
  return badInput(`${what} has ${errors.length} error(s); nothing was imported. ${lines.join("; ")}${more}`, {
    errors,
  });
}

/** A document's retention as the task's columns (a limit it leaves out is null: the global setting). */
function retentionColumns(r: TaskRetentionDoc): RetentionOverride {
  return { retentionDays: r.days ?? null, retentionRuns: r.runs ?? null, logRetentionDays: r.logDays ?? null };
}
