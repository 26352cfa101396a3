import { waitClass } from "../domain/admission/wait-class.js";
import type { QueueSample } from "../observability/metrics.js";
import type { Queryable } from "./run-store.js";

const NOW = `(now() AT TIME ZONE 'UTC')`;

/** What the metrics need to know of an execution whose status changed: its task, its times, its DAG node. */
export interface RunFacts {
  id: string;
  task: string;
  queuedAt: Date;
  startedAt: Date | null;
  dag: string | null;
  node: string | null;
}

/** The reads behind /metrics and the run observer (one statement each; nothing here writes). */
export const metricsStore = {
  async runFacts(db: Queryable, ids: readonly string[]): Promise<RunFacts[]> {
    const { rows } = await db.query<RunFacts>(
      `SELECT e.id, t.name AS task, e."queuedAt", e."startedAt", d.name AS dag, n."nodeId" AS node
       FROM executions e
       JOIN task_definitions t ON t.id = e."taskId"
       LEFT JOIN dag_node_runs n ON n."executionId" = e.id
       LEFT JOIN dag_runs r ON r.id = n."dagRunId"
       LEFT JOIN dags d ON d.id = r."dagId"
       WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows;
  },

  /** QUEUED runs by pool and wait reason (classified: admission's sentences carry values); the partial index on QUEUED rows serves it. */
  async queue(db: Queryable): Promise<QueueSample[]> {
    const { rows } = await db.query<{
      pool: string;
      reason: string | null;
      backoff: boolean;
      depth: string;
      wait: number;
    }>(
      `SELECT pool, "waitReason" AS reason, COALESCE("notBefore" > ${NOW}, false) AS backoff, count(*) AS depth,
              GREATEST(0, EXTRACT(EPOCH FROM ${NOW} - min("queuedAt")))::float8 AS wait
       FROM executions WHERE status = 'QUEUED' GROUP BY 1, 2, 3`,
    );
    const samples = new Map<string, QueueSample>();
    for (const r of rows) {
      const reason = waitClass(r.reason, r.backoff);
      const key = `${r.pool}\u0000${reason}`;
      const s = samples.get(key) ?? { pool: r.pool, reason, depth: 0, oldestWaitSeconds: 0 };
      s.depth += Number(r.depth);
      s.oldestWaitSeconds = Math.max(s.oldestWaitSeconds, r.wait);
      samples.set(key, s);
    }
    return [...samples.values()];
  },
};
