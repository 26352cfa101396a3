import { claimRequest, decode, encode, heartbeat, ingestConsumerConfig, type RunEvent, runEvent } from "@baton/proto";
import type { JsMsg } from "@nats-io/jetstream";
import type { IngestService } from "../services/ingest.service.js";
import type { RunnersService } from "../services/runners.service.js";
import type { Bus } from "./connection.js";

/**
 * Pulls runner events from the shared durable consumer. Events of one
 * execution are applied one after another (a chain per execution); different
 * executions proceed in parallel.
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
  const chains = new Map<string, Promise<void>>();
  const handle = async (msg: JsMsg, event: RunEvent): Promise<void> => {
    try {
      const result = await ingest.ingest(event);
      if (result === "early") msg.nak(100);
      else msg.ack();
    } catch (err) {
      log(`ingest of ${event.executionId}#${event.rseq} failed, will retry: ${(err as Error).message}`);
      msg.nak(1000);
    }
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
      const next = (chains.get(id) ?? Promise.resolve()).then(() => handle(msg, event));
      chains.set(id, next);
      void next.then(() => {
        if (chains.get(id) === next) chains.delete(id);
      });
    }
  })();
  return async () => {
    messages.stop();
    await loop.catch(() => undefined);
    await Promise.all(chains.values());
  };
}

/** Runners' claim requests; a queue group so exactly one instance answers each. */
export function startClaims(bus: Bus, ingest: IngestService, log: (m: string) => void): void {
  const sub = bus.nc.subscribe(bus.s.claim, { queue: "control-plane" });
  (async () => {
    for await (const msg of sub) {
      try {
        const req = decode(claimRequest, msg.data);
        msg.respond(encode(await ingest.claim(req.executionId, req.runnerId)));
      } catch (err) {
        log(`claim failed: ${(err as Error).message}`);
        msg.respond(encode({ ok: false, retry: true, reason: "control plane error" }));
      }
    }
  })().catch(() => undefined);
}

export function startHeartbeats(bus: Bus, runners: RunnersService, log: (m: string) => void): void {
  const sub = bus.nc.subscribe(bus.s.heartbeatAll, { queue: "control-plane" });
  (async () => {
    for await (const msg of sub) {
      try {
        await runners.heartbeat(decode(heartbeat, msg.data));
      } catch (err) {
        log(`bad heartbeat on ${msg.subject}: ${(err as Error).message}`);
      }
    }
  })().catch(() => undefined);
}
