import { randomUUID } from "node:crypto";
import type { Execution, PrismaClient } from "@baton/db";
import { decodeCursor, encodeCursor, pageSize } from "../../domain/cursor.js";
import { type DagGraph, downstreamOf, nextNodes, outcomeStatus } from "../../domain/dag/index.js";
import { conflict, notFound } from "../../domain/errors.js";
import type { StoredEvent } from "../../domain/events.js";
import { isTerminal } from "../../domain/execution-state.js";
import { checkArguments, checkIdempotencyKey, checkName } from "../../domain/validation.js";
import type { Log } from "../../observability/logger.js";
import { NO_METRICS, type RunMetrics } from "../../observability/metrics.js";
import { audit } from "../../store/audit.js";
import {
  type DagRunRow,
  endedExecutionLinks,
  finishRun,
  getRun,
  insertRun,
  loadGraph,
  lockRun,
  markCancelRequested,
  type NodeRunRow,
  nodeRuns,
  reopenRun,
  retireNodeRuns,
  stalledRuns,
} from "../../store/dag-store.js";
import { inTransaction } from "../../store/pool.js";
import type { RunStore } from "../../store/run-store.js";
import type { CancelService } from "../cancel.service.js";
import { type RequestContext, SYSTEM_CONTEXT } from "../context.js";
import type { ExecutionsService, NodeTask } from "../executions.service.js";

export interface LaunchDagInput {
  name: string;
  arguments?: string[] | null;
  idempotencyKey?: string | null;
}

export interface Notifier {
  notify(runId: string): void;
}

type Launched = { row: Execution; event: StoredEvent; task: string };

/** What one locked round decided; `unprepared` tasks must be prepared and the round run again. */
interface AdvanceStep {
  changed: boolean;
  launched: Launched[];
  toCancel: string[];
  unprepared: string[];
  /** The run ended in this round (for the metrics, after the commit). */
  ended?: { dag: string; status: string };
}

interface Advancing {
  again: boolean;
  ctx: RequestContext;
  done: Promise<void>;
}

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
    private readonly log: Log,
    private readonly metrics: Pick<RunMetrics, "dagRunEnded"> = NO_METRICS,
  ) {}

  private readonly advancing = new Map<string, Advancing>();

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
        await insertRun(tx, {
          id,
          dagId: dag.id,
          version: dag.currentVersion,
          arguments: args,
          idempotencyKey: key,
          origin: { kind: "MANUAL", name: name, actor: ctx.actor },
        });
        await audit(tx, ctx, { action: "launchDag", target: id, input });
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

  /** Starts or moves on a run no request is waiting for (one a schedule or trigger inserted). */
  advanceSystem(runId: string): Promise<void> {
    return this.advance(runId, SYSTEM_CONTEXT);
  }

  /** Called for every execution that reached a terminal status (on the instance that recorded it). */
  /**
   * An execution ended: advances its DAG run if it ran a node, and says
   * whether a schedule may have been waiting on it (it or its DAG run was
   * started by one), in one query. Plain runs cost nothing more.
   */
  async onExecutionEnded(executionId: string): Promise<{ scheduled: boolean }> {
    const row = await endedExecutionLinks(this.store.pool, executionId);
    if (row?.dagRunId) await this.advance(row.dagRunId, SYSTEM_CONTEXT);
    return { scheduled: row?.scheduled ?? false };
  }

  /**
   * Advances a run. Calls for one run are coalesced in this process: while an
   * advance is going, further calls ask for one more round after it (and
   * wait for that round), so a wide split whose branches end together takes
   * one connection here, not one per branch queued on the run's row lock.
   */
  advance(runId: string, ctx: RequestContext): Promise<void> {
    const going = this.advancing.get(runId);
    if (going) {
      going.again = true;
      going.ctx = ctx;
      return going.done;
    }
    const entry: Advancing = { again: true, ctx, done: Promise.resolve() };
    this.advancing.set(runId, entry);
    entry.done = (async () => {
      try {
        while (entry.again) {
          entry.again = false;
          await this.advanceOnce(runId, entry.ctx);
        }
      } finally {
        this.advancing.delete(runId);
      }
    })();
    return entry.done;
  }

  /**
   * One round. The transaction uses its own connection only and does no
   * other I/O: the ready nodes' tasks (their releases, their files) are
   * prepared before it. When the run turns out to need a task not prepared
   * yet (another node ended meanwhile), the transaction is rolled back, the
   * task prepared, and the round tried again.
   */
  private async advanceOnce(runId: string, ctx: RequestContext): Promise<void> {
    const prepared = new Map<string, NodeTask | string>();
    await this.prepareLikely(runId, prepared);
    for (let attempt = 0; ; attempt++) {
      const step = await this.advanceLocked(runId, ctx, prepared);
      if (step.unprepared.length === 0) {
        for (const l of step.launched) this.executions.announce(l.row, l.event, l.task);
        for (const id of step.toCancel) void this.cancels.cancel(id, SYSTEM_CONTEXT).catch(() => undefined);
        if (step.changed) this.notifier.notify(runId);
        if (step.ended) this.metrics.dagRunEnded(step.ended.dag, step.ended.status);
        return;
      }
      if (attempt >= 20) throw new Error(`DAG run ${runId}: its ready nodes' tasks kept changing; will try again`);
      for (const task of step.unprepared) prepared.set(task, await this.executions.prepareNodeTask(task));
    }
  }

  /**
   * Prepares, before the round's transaction, the tasks of the nodes that
   * look ready from an unlocked read, so that the transaction usually finds
   * them prepared and runs once (a rolled-back first try cost five round
   * trips on every DAG edge). A guess only: the transaction decides under
   * the lock and prepares what the guess missed.
   */
  private async prepareLikely(runId: string, prepared: Map<string, NodeTask | string>): Promise<void> {
    const [run, nodes] = await Promise.all([getRun(this.store.pool, runId), nodeRuns(this.store.pool, runId, true)]);
    if (run?.status !== "RUNNING" || run.cancelRequestedAt !== null) return;
    const graph = await loadGraph(this.store.pool, run.dagId, run.version);
    const { finished, running, cancelledNode } = progressOf(nodes);
    if (cancelledNode) return;
    const progress = nextNodes(graph, finished, running);
    const tasks = new Set(progress.ready.map((id) => graph.nodes.find((n) => n.id === id)?.task));
    await Promise.all(
      [...tasks]
        .filter((task): task is string => task !== undefined)
        .map(async (task) => prepared.set(task, await this.executions.prepareNodeTask(task))),
    );
  }

  private async advanceLocked(
    runId: string,
    ctx: RequestContext,
    prepared: Map<string, NodeTask | string>,
  ): Promise<AdvanceStep> {
    const step: AdvanceStep = { changed: false, launched: [], toCancel: [], unprepared: [] };
    await inTransaction(this.store.pool, async (tx) => {
      const run = await lockRun(tx, runId);
      if (run?.status !== "RUNNING") return;
      const graph = await loadGraph(tx, run.dagId, run.version);
      const nodes = await nodeRuns(tx, runId, true);
      const { finished, running, cancelledNode } = progressOf(nodes);
      const cancelled = run.cancelRequestedAt !== null || cancelledNode;
      if (cancelled) {
        // Nothing new starts after a cancel; the run ends once its running nodes have.
        if (!run.cancelRequestedAt) await markCancelRequested(tx, runId);
        step.toCancel.push(...nodes.filter((n) => !isTerminal(n.status)).map((n) => n.executionId));
        if (running.size === 0) {
          await finishRun(tx, runId, "CANCELLED");
          step.ended = { dag: run.dagName, status: "CANCELLED" };
        }
        step.changed = true;
        return;
      }
      const progress = nextNodes(graph, finished, running);
      if (progress.done) {
        const status = progress.failed ? "FAILED" : "COMPLETED";
        await finishRun(tx, runId, status);
        step.ended = { dag: run.dagName, status };
        step.changed = true;
        return;
      }
      const limit = run.maxParallel ?? Number.POSITIVE_INFINITY;
      const ready = progress.ready
        .slice(0, Math.max(0, limit - running.size))
        .map((nodeId) => graph.nodes.find((n) => n.id === nodeId) as DagGraph["nodes"][number]);
      step.unprepared = [...new Set(ready.map((n) => n.task).filter((t) => !prepared.has(t)))];
      if (step.unprepared.length > 0) return; // rolled back: nothing was written
      for (const node of ready) {
        const task = prepared.get(node.task) as NodeTask | string;
        const link = { dagRunId: runId, nodeId: node.id, attempt: run.attempt, dagName: run.dagName };
        const result =
          typeof task === "string"
            ? `node ${node.id}: ${task}`
            : await this.executions.insertForNode(
                tx,
                task,
                [...node.arguments, ...run.arguments],
                link,
                ctx,
                run.origin,
                node.properties,
              );
        if (typeof result === "string") {
          // Nodes inserted before this one are committed with the failure and still announced.
          await finishRun(tx, runId, "FAILED", result);
          step.ended = { dag: run.dagName, status: "FAILED" };
          step.changed = true;
          return;
        }
        step.launched.push({ ...result, task: node.task });
      }
      step.changed = step.launched.length > 0;
    });
    return step;
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
      await retireNodeRuns(tx, id, [...rerun]);
      await reopenRun(tx, id);
      await audit(tx, ctx, { action: "restartDagRun", target: id, input: { id } });
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
      await markCancelRequested(tx, id);
      await audit(tx, ctx, { action: "cancelDagRun", target: id, input: { id } });
      return (await nodeRuns(tx, id, true)).filter((n) => !isTerminal(n.status)).map((n) => n.executionId);
    });
    await Promise.all(running.map((e) => this.cancels.cancel(e, ctx).catch(() => undefined)));
    await this.advance(id, ctx);
    return (await getRun(this.store.pool, id)) as DagRunRow;
  }

  /** Newest first, keyset-paginated like executions. */
  async list(filter: {
    dag?: string | null;
    status?: string | null;
    first?: number | null;
    after?: string | null;
    origin?: string | null;
    originName?: string | null;
  }) {
    const size = pageSize(filter.first);
    const where: Record<string, unknown> = {};
    if (filter.dag) where.dag = { name: filter.dag };
    if (filter.status) where.status = filter.status;
    if (filter.origin) where.originKind = filter.origin;
    if (filter.originName) where.originName = filter.originName;
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

  get(id: string): Promise<DagRunRow | undefined> {
    return getRun(this.store.pool, id);
  }

  /** Safety net for a missed end event (a crash between commit and advance). */
  async sweep(): Promise<void> {
    for (const id of await stalledRuns(this.store.pool)) {
      await this.advance(id, SYSTEM_CONTEXT).catch((err) =>
        this.log(`advancing DAG run ${id} failed: ${(err as Error).message}`, { level: "warn", dagRunId: id }),
      );
    }
  }
}

/** Each finished node's outcome, the running ones, and whether a node was cancelled. */
function progressOf(nodes: readonly NodeRunRow[]): {
  finished: Map<string, string>;
  running: Set<string>;
  cancelledNode: boolean;
} {
  const finished = new Map<string, string>();
  const running = new Set<string>();
  let cancelledNode = false;
  for (const n of nodes) {
    if (!isTerminal(n.status)) running.add(n.nodeId);
    else {
      finished.set(
        n.nodeId,
        outcomeStatus({ status: n.status as never, exitCode: n.exitCode, exitMessage: n.exitMessage }),
      );
      cancelledNode ||= n.status === "CANCELLED";
    }
  }
  return { finished, running, cancelledNode };
}
