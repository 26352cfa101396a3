import type { Dag, Execution } from "@baton/db";
import DataLoader from "dataloader";
import type { DagRunReads, NodeRunRow } from "../../services/dags/dag-run-reads.js";
import type { GraphQLContext } from "../context.js";

/**
 * Per-request batching of what DagRun fields read: every run's node runs,
 * every node's execution and every run's DAG each take one query per tick,
 * not one per run or per node. Nothing is cached (`cache: false`): a
 * subscription keeps its context for all its payloads, and each payload
 * must see the run as it is then.
 */
export interface DagRunLoaders {
  nodeRuns: DataLoader<string, NodeRunRow[]>;
  executions: DataLoader<string, Execution | null>;
  dags: DataLoader<string, Dag | null>;
}

export function createDagRunLoaders(reads: DagRunReads): DagRunLoaders {
  const batchOnly = { cache: false } as const;
  return {
    nodeRuns: new DataLoader<string, NodeRunRow[]>((ids) => reads.nodeRuns(ids), batchOnly),
    executions: new DataLoader<string, Execution | null>((ids) => reads.executions(ids), batchOnly),
    dags: new DataLoader<string, Dag | null>((ids) => reads.dagsById(ids), batchOnly),
  };
}

/** The request's loaders, made on first use and kept in its context. */
export function dagRunLoaders(ctx: GraphQLContext, reads: DagRunReads): DagRunLoaders {
  ctx.dagRunLoaders ??= createDagRunLoaders(reads);
  return ctx.dagRunLoaders;
}
