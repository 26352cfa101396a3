import type { StoredEvent } from "../domain/events.js";
import type { EventPublisher } from "../services/ports.js";
import type { Bus } from "./connection.js";

type Listener = (events: StoredEvent[]) => void;

interface LiveMessage {
  executionId: string;
  events: (Omit<StoredEvent, "at"> & { at: string })[];
}

/**
 * Every control plane publishes the events it persisted on a core NATS
 * subject and listens to all of them, so a subscriber on any instance sees
 * runs ingested by any other. Core NATS may drop a message under pressure;
 * subscribers fill gaps from Postgres by seq, so loss here only costs latency.
 */
export class LiveHub implements EventPublisher {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(private readonly bus: Bus) {
    const sub = bus.nc.subscribe(bus.s.liveAll);
    (async () => {
      for await (const msg of sub) this.deliver(msg.data);
    })().catch(() => undefined);
  }

  publish(executionId: string, events: StoredEvent[]): void {
    if (events.length === 0) return;
    const message: LiveMessage = { executionId, events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
    try {
      this.bus.nc.publish(this.bus.s.live(executionId), this.encoder.encode(JSON.stringify(message)));
    } catch {
      // Connection closing: subscribers read the events from Postgres.
    }
  }

  listen(executionId: string, listener: Listener): () => void {
    let set = this.listeners.get(executionId);
    if (!set) {
      set = new Set();
      this.listeners.set(executionId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(executionId);
    };
  }

  private deliver(data: Uint8Array): void {
    const message = JSON.parse(this.decoder.decode(data)) as LiveMessage;
    const set = this.listeners.get(message.executionId);
    if (!set) return;
    const events = message.events.map((e) => ({ ...e, at: new Date(e.at) }) as StoredEvent);
    for (const listener of set) listener(events);
  }
}
