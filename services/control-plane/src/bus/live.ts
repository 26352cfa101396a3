import { headers, type MsgHdrs } from "@nats-io/transport-node";
import { z } from "zod";
import type { StoredEvent } from "../domain/events.js";
import type { EventPublisher } from "../services/ports.js";
import type { Bus } from "./connection.js";
import { DroppedMessages } from "./dropped.js";

type Listener = (events: StoredEvent[]) => void;

/** The NATS header naming the hub that published a message, read before (instead of) decoding it. */
const ORIGIN_HEADER = "Baton-Origin";

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a time");
const liveEvent = z.discriminatedUnion("kind", [
  z.looseObject({ kind: z.literal("STATUS"), payload: z.looseObject({ status: z.string(), cause: z.string() }) }),
  z.looseObject({ kind: z.literal("LOG"), payload: z.looseObject({ stream: z.string(), text: z.string() }) }),
  z.looseObject({ kind: z.literal("STEP"), payload: z.looseObject({ name: z.string(), status: z.string() }) }),
]);
/** What one control plane publishes after a commit; anything else on a live subject is dropped. */
const liveMessage = z
  .object({
    executionId: z.string().min(1),
    /** The instance that published it: it delivered the events to its own listeners already. */
    origin: z.string().optional(),
    events: z.array(
      z.intersection(
        liveEvent,
        z.looseObject({ executionId: z.string(), seq: z.number().int().positive(), at: isoTime }),
      ),
    ),
  })
  .refine((m) => m.events.every((e) => e.executionId === m.executionId), "events of another execution");

type LiveMessage = z.infer<typeof liveMessage>;

/**
 * Every control plane publishes the events it persisted on a core NATS
 * subject and listens to all of them, so a subscriber on any instance sees
 * runs ingested by any other. Its own listeners get them at once, in process
 * (no round trip through NATS, nothing to decode); its own messages coming
 * back from NATS are skipped by their origin. Core NATS may drop a message under pressure;
 * subscribers fill gaps from Postgres by seq, so loss here only costs latency.
 * A message that is not one of ours (not JSON, the wrong shape, empty) is
 * dropped and counted, and a listener that throws loses only that delivery:
 * the fan-out itself never stops.
 */
export class LiveHub implements EventPublisher {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private readonly dropped: DroppedMessages;
  private readonly originHeaders: MsgHdrs;

  constructor(
    private readonly bus: Bus,
    log: (m: string) => void = console.error,
    /** Unique to this hub (never configured, so two instances never share it): its messages carry it. */
    private readonly origin: string = crypto.randomUUID(),
  ) {
    this.dropped = new DroppedMessages("live fan-out", log);
    this.originHeaders = headers();
    this.originHeaders.set(ORIGIN_HEADER, origin);
    const sub = bus.nc.subscribe(bus.s.liveAll);
    (async () => {
      for await (const msg of sub) this.deliver(msg.subject, msg.data, msg.headers);
    })().catch((err) => log(`live fan-out stopped: ${(err as Error).message}`));
  }

  publish(executionId: string, events: StoredEvent[]): void {
    if (events.length === 0) return;
    this.toListeners(executionId, events, this.bus.s.live(executionId));
    const message = {
      executionId,
      origin: this.origin,
      events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    };
    try {
      this.bus.nc.publish(this.bus.s.live(executionId), this.encoder.encode(JSON.stringify(message)), {
        headers: this.originHeaders,
      });
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

  private deliver(subject: string, data: Uint8Array, msgHeaders: MsgHdrs | undefined): void {
    // Nothing to decode for our own messages, nor for a run nobody here listens to: during a log flood
    // these are most messages, and decoding and checking them cost as much as ingesting them.
    if (msgHeaders?.get(ORIGIN_HEADER) === this.origin) return;
    if (!this.listeners.has(subject.slice(subject.lastIndexOf(".") + 1))) return;
    const message = this.decode(subject, data);
    if (!message || message.origin === this.origin) return;
    const events = message.events.map((e) => ({ ...e, at: new Date(e.at) }) as unknown as StoredEvent);
    this.toListeners(message.executionId, events, subject);
  }

  private toListeners(executionId: string, events: StoredEvent[], subject: string): void {
    const set = this.listeners.get(executionId);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(events);
      } catch (err) {
        this.dropped.drop(subject, `a listener failed: ${(err as Error).message}`);
      }
    }
  }

  private decode(subject: string, data: Uint8Array): LiveMessage | undefined {
    let json: unknown;
    try {
      json = JSON.parse(this.decoder.decode(data));
    } catch {
      this.dropped.drop(subject, data.length === 0 ? "empty payload" : "not JSON");
      return undefined;
    }
    const parsed = liveMessage.safeParse(json);
    if (!parsed.success) {
      this.dropped.drop(subject, `not a live message (${parsed.error.issues[0]?.message ?? "wrong shape"})`);
      return undefined;
    }
    if (subject.slice(subject.lastIndexOf(".") + 1) !== parsed.data.executionId) {
      this.dropped.drop(subject, "events of another execution than the subject names");
      return undefined;
    }
    return parsed.data;
  }
}
