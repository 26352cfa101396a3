import { randomUUID } from "node:crypto";
import type { Execution, PrismaClient } from "@baton/db";
import { decodeCursor, encodeCursor, pageSize } from "../../domain/cursor.js";
import { type DagGraph, downstreamOf, nextNodes, outcomeStatus } from "../../domain/dag/index.js";
import { conflict, notFound } from "../../domain/errors.js";
import type { StoredEvent } from "../../domain/events.js";
import { isTerminal } from "../../domain/execution-state.js";
import { checkArguments, checkIdempotencyKey, checkName } from "../../domain/validation.js";
import { auditPg } from "../../store/audit.js";
import { type DagRunRow, finishRun, getRun, loadGraph, lockRun, nodeRuns, stalledRuns } from "../../store/dag-store.js";
import { inTransaction } from "../../store/pool.js";
import type { RunStore } from "../../store/run-store.js";
import type { CancelService } from "../cancel.service.js";
import { type RequestContext, SYSTEM_CONTEXT } from "../context.js";
import type { ExecutionsService } from "../executions.service.js";

export interface LaunchDagInput {
  name: string;
  arguments?: string[] | null;
  idempotencyKey?: string | null;
}

export interface Notifier {
  notify(runId: string): void;
}

type Launched = { row: Execution; event: StoredEvent; task: string };

/**
 * Runs DAGs. The control plane advances a run when one of its node
 * executions ends (an event, never a polling loop): under the run's row lock
 * it reads the node outcomes, asks the pure `nextNodes` what is ready, and
 * inserts those executions in the same transaction.
 */
export class DagRunsService {
  constructor(
    private readonly db: PrismaClient,
    private readonly store: RunStore,
    private readonly executions: ExecutionsService,
    private readonly cancels: CancelService,
    private readonly notifier: Notifier,
    private readonly log: (m: string) => void,
  ) {}

  async launch(input: LaunchDagInput, ctx: RequestContext): Promise<DagRunRow> {
    const name = checkName(input.name, "name");
    const args = checkArguments(input.arguments);
    const key = checkIdempotencyKey(input.idempotencyKey);
    const dag = await this.db.dag.findUnique({ where: { liveName: name } });
    if (!dag) throw notFound(`No DAG named ${name}; create it with createDag first.`);
    if (key) {
      const first = await this.db.dagRun.findUnique({
        where: { dagId_idempotencyKey: { dagId: dag.id, idempotencyKey: key } },
      });
      if (first) return first as DagRunRow;
    }
    const id = randomUUID();
    try {
      await inTransaction(this.store.pool, async (tx) => {
        await tx.query(
          `INSERT INTO dag_runs (id, "dagId", version, status, attempt, arguments, "idempotencyKey", "createdAt")
           VALUES ($1, $2, $3, 'RUNNING', 1, $4, $5, now() AT TIME ZONE 'UTC')`,
          [id, dag.id, dag.currentVersion, args, key ?? null],
        );
        await auditPg(tx, ctx, { action: "launchDag", target: id, input });
      });
    } catch (err) {
      const first = key
        ? await this.db.dagRun.findUnique({ where: { dagId_idempotencyKey: { dagId: dag.id, idempotencyKey: key } } })
        : null;
      if (first) return first as DagRunRow;
      throw err;
    }
    await this.advance(id, ctx);
    return (await getRun(this.store.pool, id)) as DagRunRow;
  }

  /** Called for every execution that reached a terminal status (on the instance that recorded it). */
  async onExecutionEnded(executionId: string): Promise<void> {
    const { rows } = await this.store.pool.query<{ dagRunId: string }>(
      `SELECT "dagRunId" FROM dag_node_runs WHERE "executionId" = $1 AND current`,
      [executionId],
    );
    if (rows[0]) await this.advance(rows[0].dagRunId, SYSTEM_CONTEXT);
  }

  async advance(runId: string, ctx: RequestContext): Promise<void> {
    const launched: Launched[] = [];
    const toCancel: string[] = [];
    const changed = await inTransaction(this.store.pool, async (tx) => {
      const run = await lockRun(tx, runId);
      if (run?.status !== "RUNNING") return false;
      const graph = await loadGraph(tx, run.dagId, run.version);
      const nodes = await nodeRuns(tx, runId, true);
      const finished = new Map<string, string>();
      const running = new Set<string>();
      let cancelled = run.cancelRequestedAt !== null;
      for (const n of nodes) {
        if (!isTerminal(n.status)) running.add(n.nodeId);
        else {
          finished.set(
            n.nodeId,
            outcomeStatus({ status: n.status as never, exitCode: n.exitCode, exitMessage: n.exitMessage }),
          );
          cancelled ||= n.status === "CANCELLED";
        }
      }
      if (cancelled) {
        // Nothing new starts after a cancel; the run ends once its running nodes have.
        if (!run.cancelRequestedAt)
          await tx.query(`UPDATE dag_runs SET "cancelRequestedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`, [runId]);
        toCancel.push(...nodes.filter((n) => !isTerminal(n.status)).map((n) => n.executionId));
        if (running.size === 0) await finishRun(tx, runId, "CANCELLED");
        return true;
      }
      const progress = nextNodes(graph, finished, running);
      if (progress.done) {
        await finishRun(tx, runId, progress.failed ? "FAILED" : "COMPLETED");
        return true;
      }
      const dag = await tx.query<{ maxParallel: number | null }>(`SELECT "maxParallel" FROM dags WHERE id = $1`, [
        run.dagId,
      ]);
      const limit = dag.rows[0]?.maxParallel ?? Number.POSITIVE_INFINITY;
      for (const nodeId of progress.ready.slice(0, Math.max(0, limit - running.size))) {
        const node = graph.nodes.find((n) => n.id === nodeId) as DagGraph["nodes"][number];
        const link = { dagRunId: runId, nodeId, attempt: run.attempt };
        const result = await this.executions.insertForNode(
          tx,
          node.task,
          [...node.arguments, ...run.arguments],
          link,
          ctx,
        );
        if (typeof result === "string") {
          await finishRun(tx, runId, "FAILED", result);
          return true;
        }
        launched.push({ ...result, task: node.task });
      }
      return launched.length > 0;
    });
    for (const l of launched) this.executions.announce(l.row, l.event, l.task);
    for (const id of toCancel) void this.cancels.cancel(id, SYSTEM_CONTEXT).catch(() => undefined);
    if (changed) this.notifier.notify(runId);
  }

  /** Reruns the failed or cancelled nodes and everything downstream, keeping completed ones: a new attempt of the same run. */
  async restart(id: string, ctx: RequestContext): Promise<DagRunRow> {
    await inTransaction(this.store.pool, async (tx) => {
      const run = await lockRun(tx, id);
      if (!run) throw notFound(`No DAG run ${id}.`);
      if (run.status !== "FAILED" && run.status !== "CANCELLED") {
        throw conflict(`DAG run ${id} is ${run.status}; only FAILED or CANCELLED runs can be restarted.`);
      }
      const graph = await loadGraph(tx, run.dagId, run.version);
      const nodes = await nodeRuns(tx, id, true);
      const bad = nodes.filter((n) => n.status !== "COMPLETED").map((n) => n.nodeId);
      const rerun = downstreamOf(graph, bad);
      await tx.query(`UPDATE dag_node_runs SET current = false WHERE "dagRunId" = $1 AND "nodeId" = ANY($2)`, [
        id,
        [...rerun],
      ]);
      await tx.query(
        `UPDATE dag_runs SET status = 'RUNNING', attempt = attempt + 1, "endedAt" = NULL, "cancelRequestedAt" = NULL, "errorMessage" = NULL WHERE id = $1`,
        [id],
      );
      await auditPg(tx, ctx, { action: "restartDagRun", target: id, input: { id } });
    });
    await this.advance(id, ctx);
    return (await getRun(this.store.pool, id)) as DagRunRow;
  }

  async cancel(id: string, ctx: RequestContext): Promise<DagRunRow> {
    const running = await inTransaction(this.store.pool, async (tx) => {
      const run = await lockRun(tx, id);
      if (!run) throw notFound(`No DAG run ${id}.`);
      if (run.status === "CANCELLED") return [];
      if (run.status !== "RUNNING")
        throw conflict(`DAG run ${id} already ended as ${run.status}; there is nothing to cancel.`);
      await tx.query(`UPDATE dag_runs SET "cancelRequestedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`, [id]);
      await auditPg(tx, ctx, { action: "cancelDagRun", target: id, input: { id } });
      return (await nodeRuns(tx, id, true)).filter((n) => !isTerminal(n.status)).map((n) => n.executionId);
    });
    await Promise.all(running.map((e) => this.cancels.cancel(e, ctx).catch(() => undefined)));
    await this.advance(id, ctx);
    return (await getRun(this.store.pool, id)) as DagRunRow;
  }

  /** Newest first, keyset-paginated like executions. */
  async list(filter: { dag?: string | null; status?: string | null; first?: number | null; after?: string | null }) {
    const size = pageSize(filter.first);
    const where: Record<string, unknown> = {};
    if (filter.dag) where.dag = { name: filter.dag };
    if (filter.status) where.status = filter.status;
    if (filter.after) {
      const c = decodeCursor(filter.after);
      where.OR = [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }];
    }
    const rows = (await this.db.dagRun.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: size + 1,
    })) as DagRunRow[];
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return {
      edges: page.map((node) => ({ node, cursor: encodeCursor({ at: node.createdAt, id: node.id }) })),
      pageInfo: {
        hasNextPage: rows.length > size,
        endCursor: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
      },
    };
  }

  pool(): RunStore["pool"] {
    return this.store.pool;
  }

  get(id: string): Promise<DagRunRow | undefined> {
    return getRun(this.store.pool, id);
  }

  /** Safety net for a missed end event (a crash between commit and advance). */
  async sweep(): Promise<void> {
    for (const id of await stalledRuns(this.store.pool)) {
      await this.advance(id, SYSTEM_CONTEXT).catch((err) =>
        this.log(`advancing DAG run ${id} failed: ${(err as Error).message}`),
      );
    }
  }
}
