import type { Execution, Prisma } from "@baton/db";
import type { DagGraph } from "../domain/dag/index.js";
import type { ExecutionStatus } from "../domain/execution-state.js";
import type { Origin, OriginKind } from "../domain/origin.js";
import type { Queryable } from "./run-store.js";

export interface DagRunRow {
  id: string;
  dagId: string;
  version: number;
  status: ExecutionStatus;
  attempt: number;
  arguments: string[];
  idempotencyKey: string | null;
  createdAt: Date;
  endedAt: Date | null;
  cancelRequestedAt: Date | null;
  errorMessage: string | null;
  originKind: OriginKind;
  originName: string | null;
  origin: Origin | null;
  scheduleId: string | null;
}

export interface NodeRunRow {
  nodeId: string;
  attempt: number;
  executionId: string;
  current: boolean;
  status: ExecutionStatus;
  exitCode: number | null;
  exitMessage: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

const graphs = new Map<string, DagGraph>();

/** A version's graph never changes once written, so it is parsed from JSON once per process. */
export async function loadGraph(db: Queryable, dagId: string, version: number): Promise<DagGraph> {
  const key = `${dagId}:${version}`;
  const cached = graphs.get(key);
  if (cached) return cached;
  const { rows } = await db.query<{ graph: DagGraph }>(
    `SELECT graph FROM dag_versions WHERE "dagId" = $1 AND version = $2`,
    [dagId, version],
  );
  const graph = rows[0]?.graph;
  if (!graph) throw new Error(`DAG version ${key} is missing`);
  if (graphs.size > 200) graphs.clear();
  graphs.set(key, graph);
  return graph;
}

/** The run, locked, with its DAG's name. */
/** The run, locked, with its DAG's name and maxParallel, in one round trip. */
export async function lockRun(
  db: Queryable,
  id: string,
): Promise<(DagRunRow & { dagName: string; maxParallel: number | null }) | undefined> {
  const { rows } = await db.query<DagRunRow & { dagName: string; maxParallel: number | null }>(
    `SELECT r.*, d.name AS "dagName", d."maxParallel" FROM dag_runs r JOIN dags d ON d.id = r."dagId"
     WHERE r.id = $1 FOR UPDATE OF r`,
    [id],
  );
  return rows[0];
}

/** Inserts a RUNNING DAG run (its first nodes start on the next advance, or the sweep's). */
export async function insertRun(
  db: Queryable,
  run: {
    id: string;
    dagId: string;
    version: number;
    arguments: string[];
    idempotencyKey?: string | null;
    origin: Origin;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO dag_runs (id, "dagId", version, status, attempt, arguments, "idempotencyKey", "createdAt",
                           "originKind", "originName", origin, "scheduleId")
     VALUES ($1, $2, $3, 'RUNNING', 1, $4, $5, now() AT TIME ZONE 'UTC', $6, $7, $8, $9)`,
    [
      run.id,
      run.dagId,
      run.version,
      run.arguments,
      run.idempotencyKey ?? null,
      run.origin.kind,
      run.origin.name ?? null,
      JSON.stringify(run.origin),
      run.origin.scheduleId ?? null,
    ],
  );
}

export async function getRun(db: Queryable, id: string): Promise<DagRunRow | undefined> {
  const { rows } = await db.query<DagRunRow>(`SELECT * FROM dag_runs WHERE id = $1`, [id]);
  return rows[0];
}

/** Node runs with their executions' state; `currentOnly` leaves out attempts a restart replaced. */
export async function nodeRuns(db: Queryable, runId: string, currentOnly: boolean): Promise<NodeRunRow[]> {
  const { rows } = await db.query<NodeRunRow>(
    `SELECT n."nodeId", n.attempt, n."executionId", n.current, e.status, e."exitCode", e."exitMessage", e."startedAt", e."endedAt"
     FROM dag_node_runs n JOIN executions e ON e.id = n."executionId"
     WHERE n."dagRunId" = $1 ${currentOnly ? "AND n.current" : ""} ORDER BY n.attempt, n."createdAt"`,
    [runId],
  );
  return rows;
}

export async function finishRun(
  db: Queryable,
  id: string,
  status: ExecutionStatus,
  errorMessage?: string,
): Promise<void> {
  await db.query(
    `UPDATE dag_runs SET status = $2, "endedAt" = now() AT TIME ZONE 'UTC', "errorMessage" = COALESCE($3, "errorMessage") WHERE id = $1`,
    [id, status, errorMessage ?? null],
  );
}

/** RUNNING runs none of whose current nodes is still going: an end event may have been missed. */
export async function stalledRuns(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT r.id FROM dag_runs r WHERE r.status = 'RUNNING' AND r."createdAt" < (now() AT TIME ZONE 'UTC') - interval '2 seconds'
       AND NOT EXISTS (SELECT 1 FROM dag_node_runs n JOIN executions e ON e.id = n."executionId"
                       WHERE n."dagRunId" = r.id AND n.current AND e.status IN ('QUEUED', 'DISPATCHED', 'RUNNING'))
     LIMIT 100`,
  );
  return rows.map((r) => r.id);
}

/** Every attempt of each run's nodes (the read side: one query for many runs), in `nodeRuns`' order. */
export async function nodeRunsOfRuns(
  db: Queryable,
  runIds: readonly string[],
): Promise<(NodeRunRow & { dagRunId: string })[]> {
  const { rows } = await db.query<NodeRunRow & { dagRunId: string }>(
    `SELECT n."dagRunId", n."nodeId", n.attempt, n."executionId", n.current, e.status, e."exitCode", e."exitMessage", e."startedAt", e."endedAt"
     FROM dag_node_runs n JOIN executions e ON e.id = n."executionId"
     WHERE n."dagRunId" = ANY($1::uuid[]) ORDER BY n.attempt, n."createdAt"`,
    [runIds],
  );
  return rows;
}

/** Executions by id, in any order (missing ids are left out). */
export async function executionsByIds(db: Queryable, ids: readonly string[]): Promise<Execution[]> {
  const { rows } = await db.query<Execution>(`SELECT * FROM executions WHERE id = ANY($1::uuid[])`, [ids]);
  return rows;
}

/** Locks the live DAG named, inside the caller's Prisma transaction; its id, or undefined when there is none. */
export async function lockLiveDag(tx: Prisma.TransactionClient, name: string): Promise<string | undefined> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM dags WHERE "liveName" = ${name} FOR UPDATE`;
  return rows[0]?.id;
}

/** For an execution that ended: the DAG run whose current node it ran, and whether a schedule may wait on it. */
export async function endedExecutionLinks(
  db: Queryable,
  executionId: string,
): Promise<{ dagRunId: string | null; scheduled: boolean } | undefined> {
  const { rows } = await db.query<{ dagRunId: string | null; scheduled: boolean }>(
    `SELECT n."dagRunId", (e."scheduleId" IS NOT NULL OR n."dagRunId" IS NOT NULL) AS scheduled
       FROM executions e LEFT JOIN dag_node_runs n ON n."executionId" = e.id AND n.current
       WHERE e.id = $1`,
    [executionId],
  );
  return rows[0];
}

export async function markCancelRequested(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE dag_runs SET "cancelRequestedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1`, [id]);
}

/** A restart: these nodes' attempts are no longer current (their reruns will be). */
export async function retireNodeRuns(db: Queryable, runId: string, nodeIds: string[]): Promise<void> {
  await db.query(`UPDATE dag_node_runs SET current = false WHERE "dagRunId" = $1 AND "nodeId" = ANY($2)`, [
    runId,
    nodeIds,
  ]);
}

/** A restart: the run is RUNNING again as its next attempt. */
export async function reopenRun(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE dag_runs SET status = 'RUNNING', attempt = attempt + 1, "endedAt" = NULL, "cancelRequestedAt" = NULL, "errorMessage" = NULL WHERE id = $1`,
    [id],
  );
}
