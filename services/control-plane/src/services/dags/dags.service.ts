import type { Dag, DagVersion, Prisma, PrismaClient } from "@baton/db";
import { checkDag, type DagError, type DagGraph, withNodeProperties } from "../../domain/dag/index.js";
import { badInput, conflict, notFound } from "../../domain/errors.js";
import { type NameWindow, prismaNameFilter } from "../../domain/name-window.js";
import type { NumberWindow } from "../../domain/number-window.js";
import { checkName } from "../../domain/validation.js";
import { audit } from "../../store/audit.js";
import { lockLiveDag } from "../../store/dag-store.js";
import type { RequestContext } from "../context.js";
import { isUniqueViolation } from "../prisma-errors.js";
import { startersOf } from "../tasks.service.js";

export interface DagInput {
  name: string;
  definition: string;
  maxParallel?: number | null;
  maxConcurrent?: number | null;
  /** node id -> deployment properties laid over that node's task's (a node's own retry policy...). */
  nodeProperties?: unknown;
}

export type ParseOutcome = { ok: true; graph: DagGraph } | { ok: false; errors: DagError[] };

const MAX_DEFINITION_BYTES = 4 * 1024 * 1024;

/** DAG definitions: each change is a new DagVersion; runs are pinned to one. */
export class DagsService {
  constructor(private readonly db: PrismaClient) {}

  /** Parses and checks against the live tasks, without saving. */
  async parse(definition: string): Promise<ParseOutcome> {
    if (Buffer.byteLength(definition) > MAX_DEFINITION_BYTES) {
      return { ok: false, errors: [{ line: 1, column: 1, message: "the definition is larger than 4 MB" }] };
    }
    const tasks = await this.db.taskDefinition.findMany({ where: { liveName: { not: null } }, select: { name: true } });
    const result = checkDag(definition, new Set(tasks.map((t) => t.name)));
    return result.ok ? { ok: true, graph: result.graph } : { ok: false, errors: result.errors };
  }

  async create(input: DagInput, ctx: RequestContext): Promise<Dag> {
    const name = checkName(input.name, "name");
    const maxParallel = checkLimit(input.maxParallel, "maxParallel");
    const maxConcurrent = checkLimit(input.maxConcurrent, "maxConcurrent");
    const graph = withNodeProperties(await this.graphOrThrow(input.definition), input.nodeProperties);
    try {
      return await this.db.$transaction(async (tx) => {
        const dag = await tx.dag.create({
          data: { name, liveName: name, maxParallel, maxConcurrent, currentVersion: 1 },
        });
        await tx.dagVersion.create({
          data: {
            dagId: dag.id,
            version: 1,
            definition: input.definition,
            graph: graph as unknown as Prisma.InputJsonValue,
            createdBy: ctx.actor,
          },
        });
        await audit(tx, ctx, { action: "createDag", target: name, input });
        return dag;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`A DAG named ${name} already exists; use updateDag to change it.`);
      throw err;
    }
  }

  /** A new version; runs in progress keep the version they started with. */
  async update(input: DagInput, ctx: RequestContext): Promise<Dag> {
    const name = checkName(input.name, "name");
    const maxParallel = checkLimit(input.maxParallel, "maxParallel");
    const maxConcurrent = checkLimit(input.maxConcurrent, "maxConcurrent");
    const graph = withNodeProperties(await this.graphOrThrow(input.definition), input.nodeProperties);
    return this.db.$transaction(async (tx) => {
      const id = await lockLiveDag(tx, name);
      if (!id) throw notFound(`No DAG named ${name}; create it with createDag.`);
      const dag = await tx.dag.findUniqueOrThrow({ where: { id } });
      const version = dag.currentVersion + 1;
      await tx.dagVersion.create({
        data: {
          dagId: id,
          version,
          definition: input.definition,
          graph: graph as unknown as Prisma.InputJsonValue,
          createdBy: ctx.actor,
        },
      });
      await audit(tx, ctx, { action: "updateDag", target: name, input });
      return tx.dag.update({ where: { id }, data: { currentVersion: version, maxParallel, maxConcurrent } });
    });
  }

  async delete(name: string, ctx: RequestContext): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const dag = await tx.dag.findUnique({ where: { liveName: name } });
      if (!dag) throw notFound(`No DAG named ${name}.`);
      const running = await tx.dagRun.count({ where: { dagId: dag.id, status: "RUNNING" } });
      if (running > 0) throw conflict(`DAG ${name} has ${running} run(s) in progress; cancel them before deleting it.`);
      const starters = await startersOf(tx, { dagName: name });
      if (starters)
        throw conflict(`DAG ${name} is started by ${starters}; delete them or point them at another DAG first.`);
      await tx.dag.update({ where: { id: dag.id }, data: { liveName: null, deletedAt: new Date() } });
      await audit(tx, ctx, { action: "deleteDag", target: name, input: { name } });
      return true;
    });
  }

  dag(name: string): Promise<Dag | null> {
    return this.db.dag.findUnique({ where: { liveName: name } });
  }

  dagById(id: string): Promise<Dag | null> {
    return this.db.dag.findUnique({ where: { id } });
  }

  /** Many DAGs by id in one query (deleted ones included: runs keep their DAG). */
  dagsByIds(ids: readonly string[]): Promise<Dag[]> {
    return this.db.dag.findMany({ where: { id: { in: [...ids] } } });
  }

  dags(window?: NameWindow): Promise<Dag[]> {
    return this.db.dag.findMany({
      where: { liveName: { not: null, ...(window ? prismaNameFilter(window) : {}) } },
      orderBy: { name: "asc" },
      take: window?.limit,
    });
  }

  version(dagId: string, version: number): Promise<DagVersion | null> {
    return this.db.dagVersion.findUnique({ where: { dagId_version: { dagId, version } } });
  }

  /** Newest first, the window's page of them. */
  versions(dagId: string, window: NumberWindow): Promise<DagVersion[]> {
    return this.db.dagVersion.findMany({
      where: { dagId, ...(window.before === undefined ? {} : { version: { lt: window.before } }) },
      orderBy: { version: "desc" },
      ...(window.limit === undefined ? {} : { take: window.limit }),
    });
  }

  private async graphOrThrow(definition: string): Promise<DagGraph> {
    const parsed = await this.parse(definition);
    if (parsed.ok) return parsed.graph;
    const shown = parsed.errors.slice(0, 5).map((e) => `line ${e.line}, column ${e.column}: ${e.message}`);
    const more = parsed.errors.length > 5 ? ` (and ${parsed.errors.length - 5} more)` : "";
    throw badInput(`The definition was not saved. ${shown.join("; ")}${more}`, { errors: parsed.errors });
  }
}

function checkLimit(value: number | null | undefined, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > 10_000)
    throw badInput(`${field} must be a whole number from 1 to 10000.`, { field });
  return value;
}
