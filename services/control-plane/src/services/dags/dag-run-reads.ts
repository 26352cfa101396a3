import type { Dag, Execution } from "@baton/db";
import type { DagGraph } from "../../domain/dag/index.js";
import { inKeyOrder } from "../../domain/key-order.js";
import { isUuid } from "../../domain/validation.js";
import {
  type DagRunRow,
  executionsByIds,
  getRun,
  loadGraph,
  type NodeRunRow,
  nodeRuns,
  nodeRunsOfRuns,
} from "../../store/dag-store.js";
import type { Queryable } from "../../store/run-store.js";

export type { DagRunRow, NodeRunRow };

/**
 * One read of a DAG run, shared by everyone watching it on this instance:
 * the run and every attempt of its nodes with their executions' state. The
 * nodes' execution rows and the DAG are read on first demand, once per
 * snapshot, whichever subscriber asks first.
 */
export interface DagRunSnapshot {
  run: DagRunRow;
  nodes: NodeRunRow[];
  execution(id: string): Promise<Execution | null>;
  dag(): Promise<Dag | null>;
}

export interface DagLookup {
  dagsByIds(ids: readonly string[]): Promise<Dag[]>;
}

/** Memoizes a read: the first call starts it, later calls share it. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read();
    return value;
  };
}

/** The read side of DAG runs for the GraphQL layer: batched loads and shared snapshots. */
export class DagRunReads {
  /** Snapshot reads made by this process: subscribers of one run share them (tests count them). */
  snapshotReads = 0;

  constructor(
    private readonly db: Queryable,
    private readonly dags: DagLookup,
  ) {}

  /** The version's graph (cached per process: a version never changes). */
  graph(dagId: string, version: number): Promise<DagGraph> {
    return loadGraph(this.db, dagId, version);
  }

  /** Every attempt of each run's nodes, in one query, in the order of `runIds`. */
  async nodeRuns(runIds: readonly string[]): Promise<NodeRunRow[][]> {
    const rows = await nodeRunsOfRuns(this.db, runIds);
    const byRun = new Map<string, NodeRunRow[]>();
    for (const { dagRunId, ...row } of rows) {
      const list = byRun.get(dagRunId) ?? [];
      list.push(row);
      byRun.set(dagRunId, list);
    }
    return runIds.map((id) => byRun.get(id) ?? []);
  }

  /** Executions in one query, in the order of `ids` (null for one that is gone). */
  async executions(ids: readonly string[]): Promise<(Execution | null)[]> {
    return inKeyOrder(ids, await executionsByIds(this.db, [...new Set(ids)]), (e) => e.id);
  }

  /** DAGs in one query, in the order of `ids`. */
  async dagsById(ids: readonly string[]): Promise<(Dag | null)[]> {
    return inKeyOrder(ids, await this.dags.dagsByIds([...new Set(ids)]), (d) => d.id);
  }

  /** The run and its nodes now; undefined when there is no such run. */
  async snapshot(id: string): Promise<DagRunSnapshot | undefined> {
    this.snapshotReads++;
    if (!isUuid(id)) return undefined;
    const run = await getRun(this.db, id);
    if (!run) return undefined;
    const nodes = await nodeRuns(this.db, id, false);
    const executions = once(async () => {
      const ids = nodes.map((n) => n.executionId);
      const rows = await this.executions(ids);
      return new Map(ids.map((executionId, i) => [executionId, rows[i] ?? null]));
    });
    return {
      run,
      nodes,
      execution: async (executionId) => (await executions()).get(executionId) ?? null,
      dag: once(async () => (await this.dagsById([run.dagId]))[0] ?? null),
    };
  }
}
