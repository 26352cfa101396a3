import type { DagRunRow, DagRunSnapshot } from "../../services/dags/dag-run-reads.js";
import type { DagRunWatches } from "../../services/dags/dag-run-reads-live.js";
import { abortable } from "../abortable.js";

/** A DagRun as resolvers get it: the row, and for a dagRunEvents payload the snapshot its fields read from. */
export type DagRunRoot = DagRunRow & { snapshot?: DagRunSnapshot };

/**
 * dagRunEvents' source: the run's shared snapshots (one reader per run on
 * this instance, woken by the run's notifications and its nodes' status
 * events; see DagRunWatches). Stops at once when the subscriber leaves.
 */
export function dagRunStream(watches: DagRunWatches, id: string): AsyncGenerator<DagRunRoot, undefined> {
  return abortable(async function* (signal) {
    for await (const snapshot of watches.watch(id, signal)) yield { ...snapshot.run, snapshot };
  });
}
