import type { Bus } from "./connection.js";

type Listener = () => void;

/** "Something about this DAG run changed": fan-out to every control plane; readers re-read Postgres. */
export class DagRunNotifier {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly bus: Bus) {
    const sub = bus.nc.subscribe(bus.s.dagRunAll);
    (async () => {
      for await (const msg of sub) {
        const id = msg.subject.slice(msg.subject.lastIndexOf(".") + 1);
        for (const listener of this.listeners.get(id) ?? []) listener();
      }
    })().catch(() => undefined);
  }

  notify(runId: string): void {
    try {
      this.bus.nc.publish(this.bus.s.dagRun(runId));
    } catch {
      // Closing: subscribers also poll.
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
}
