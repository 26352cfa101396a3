import { notFound } from "../../domain/errors.js";
import { isTerminal } from "../../domain/execution-state.js";
import type { DagRunsService } from "../../services/dags/dag-runs.service.js";
import { type DagRunRow, nodeRuns } from "../../store/dag-store.js";

export interface RunNotifications {
  listen(runId: string, listener: () => void): () => void;
}

/**
 * Snapshots of a DAG run whenever it or one of its node executions changes:
 * woken by the run's notifications, and re-reading every 250 ms meanwhile so
 * node status changes (RUNNING...) show without a notification of their own.
 */
export async function* dagRunStream(
  runs: DagRunsService,
  notifications: RunNotifications,
  id: string,
): AsyncGenerator<DagRunRow> {
  let wake: (() => void) | undefined;
  const unlisten = notifications.listen(id, () => wake?.());
  try {
    let last = "";
    for (;;) {
      const run = await runs.get(id).catch(() => undefined);
      if (!run) throw notFound(`No DAG run ${id}.`);
      const nodes = await nodeRuns(runs.pool(), id, false);
      const key = JSON.stringify([run.status, run.attempt, nodes.map((n) => [n.nodeId, n.attempt, n.status])]);
      if (key !== last) {
        last = key;
        yield run;
      }
      if (isTerminal(run.status)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  } finally {
    unlisten();
  }
}
