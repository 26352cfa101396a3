import {
  claimRequest,
  decode,
  encode,
  type Heartbeat,
  heartbeat,
  ingestConsumerConfig,
  type RecoverRequest,
  type RunEvent,
  recoverRequest,
  runEvent,
} from "@baton/proto";
import type { JsMsg } from "@nats-io/jetstream";
import type { Msg } from "@nats-io/transport-node";
import type { IngestService } from "../services/ingest.service.js";
import type { RunnersService } from "../services/runners.service.js";
import type { Bus } from "./connection.js";

interface Pending {
  msg: JsMsg;
  event: RunEvent;
}

/**
 * Pulls runner events from the shared durable consumer. Events of one
 * execution are ingested one batch after another (whatever arrived while the
 * previous batch was being written goes in the next, in one transaction);
 * different executions proceed in parallel.
 */
export async function startIngest(
  bus: Bus,
  ingest: IngestService,
  log: (m: string) => void,
): Promise<() => Promise<void>> {
  const config = ingestConsumerConfig(bus.s);
  await bus.jsm.consumers.add(bus.s.eventStream, config).catch(async (err) => {
    if (!String(err).includes("already")) throw err;
  });
  const consumer = await bus.js.consumers.get(bus.s.eventStream, config.durable_name);
  const messages = await consumer.consume({ max_messages: 1000 });
  const queues = new Map<string, Pending[]>();
  const draining = new Map<string, Promise<void>>();

  const writeBatch = async (id: string, batch: Pending[]): Promise<void> => {
    batch.sort((a, b) => a.event.rseq - b.event.rseq);
    try {
      const verdicts = await ingest.ingest(
        id,
        batch.map((p) => p.event),
      );
      for (const [i, p] of batch.entries()) {
        if (verdicts[i] === "early") p.msg.nak(100);
        else p.msg.ack();
      }
    } catch (err) {
      log(`ingest of ${batch.length} event(s) of ${id} failed, will retry: ${(err as Error).message}`);
      for (const p of batch) p.msg.nak(1000);
    }
  };
  const drain = async (id: string): Promise<void> => {
    for (let batch = queues.get(id); batch?.length; batch = queues.get(id)) {
      queues.set(id, []);
      await writeBatch(id, batch);
    }
    queues.delete(id);
    draining.delete(id);
  };

  const loop = (async () => {
    for await (const msg of messages) {
      let event: RunEvent;
      try {
        event = decode(runEvent, msg.data);
      } catch (err) {
        log(`dropping undecodable runner event on ${msg.subject}: ${(err as Error).message}`);
        msg.term();
        continue;
      }
      const id = event.executionId;
      const queue = queues.get(id) ?? [];
      queue.push({ msg, event });
      queues.set(id, queue);
      if (!draining.has(id)) draining.set(id, drain(id));
    }
  })();
  return async () => {
    messages.stop();
    await loop.catch(() => undefined);
    await Promise.all(draining.values());
  };
}

/** Runners' claim requests; a queue group so exactly one instance answers each. */
export function startClaims(bus: Bus, ingest: IngestService, log: (m: string) => void): void {
  const sub = bus.nc.subscribe(bus.s.claim, { queue: "control-plane" });
  const answer = async (msg: Msg): Promise<void> => {
    try {
      const req = decode(claimRequest, msg.data);
      msg.respond(encode(await ingest.claim(req.executionId, req.runnerId)));
    } catch (err) {
      log(`claim failed: ${(err as Error).message}`);
      msg.respond(encode({ ok: false, retry: true, reason: "control plane error" }));
    }
  };
  // Each claim is answered as soon as its own UPDATE is done, not after the ones before it.
  (async () => {
    for await (const msg of sub) void answer(msg);
  })().catch(() => undefined);
}

/**
 * Runners' heartbeats, spread over the instances by a queue group. A
 * heartbeat sent as a request gets a HeartbeatReply (runs to fence, the
 * LOST delay); one published without a reply subject is still recorded.
 */
export function startHeartbeats(
  bus: Bus,
  runners: RunnersService,
  log: (m: string) => void,
  /** After each recorded heartbeat: the runner may be new, back, or have free slots. */
  heard: () => void = () => undefined,
): void {
  const sub = bus.nc.subscribe(bus.s.heartbeatAll, { queue: "control-plane" });
  (async () => {
    for await (const msg of sub) {
      let hb: Heartbeat;
      try {
        hb = decode(heartbeat, msg.data);
      } catch (err) {
        log(`bad heartbeat on ${msg.subject}: ${(err as Error).message}`);
        continue;
      }
      const reply = await runners.heartbeat(hb);
      if (msg.reply) msg.respond(encode(reply));
      heard();
    }
  })().catch((err) => log(`heartbeat listener stopped: ${(err as Error).message}`));
}

/**
 * A starting runner's question "which runs did I hold?", spread over the
 * instances by a queue group; answered only once those runs' events are in.
 */
export function startRecoverRequests(bus: Bus, runners: RunnersService, log: (m: string) => void): void {
  const sub = bus.nc.subscribe(bus.s.recover, { queue: "control-plane" });
  const answer = async (msg: Msg): Promise<void> => {
    let request: RecoverRequest;
    try {
      request = decode(recoverRequest, msg.data);
    } catch (err) {
      log(`bad recover request: ${(err as Error).message}`);
      msg.respond(encode({ v: 1, ok: false, runs: [], reason: `undecodable request: ${(err as Error).message}` }));
      return;
    }
    msg.respond(encode(await runners.held(request)));
  };
  (async () => {
    for await (const msg of sub) void answer(msg);
  })().catch((err) => log(`recover listener stopped: ${(err as Error).message}`));
}
