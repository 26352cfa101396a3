import type { Bus } from "./connection.js";
import { DroppedMessages } from "./dropped.js";

type Listener = () => void;

/**
 * "Something about this DAG run changed": fan-out to every control plane;
 * readers re-read Postgres. Only the subject matters (any payload is
 * ignored), and a listener that throws loses only that notification: the
 * loop never stops.
 */
export class DagRunNotifier {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly dropped: DroppedMessages;

  constructor(
    private readonly bus: Bus,
    log: (m: string) => void = console.error,
  ) {
    this.dropped = new DroppedMessages("DAG run notifications", log);
    const sub = bus.nc.subscribe(bus.s.dagRunAll);
    (async () => {
      for await (const msg of sub) this.deliver(msg.subject);
    })().catch((err) => log(`DAG run notifications stopped: ${(err as Error).message}`));
  }

  notify(runId: string): void {
    try {
      this.bus.nc.publish(this.bus.s.dagRun(runId));
    } catch {
      // Closing: a watched run is read again after it has been quiet (dag-run-reads-live.ts).
    }
  }

  listen(runId: string, listener: Listener): () => void {
    const set = this.listeners.get(runId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(runId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  private deliver(subject: string): void {
    const id = subject.slice(subject.lastIndexOf(".") + 1);
    for (const listener of this.listeners.get(id) ?? []) {
      try {
        listener();
      } catch (err) {
        this.dropped.drop(subject, `a listener failed: ${(err as Error).message}`);
      }
    }
  }
}
