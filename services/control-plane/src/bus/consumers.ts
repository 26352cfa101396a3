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
  traceMark,
} from "@baton/proto";
import type { JsMsg } from "@nats-io/jetstream";
import type { Msg } from "@nats-io/transport-node";
import type { Log } from "../observability/logger.js";
import type { IngestService } from "../services/ingest.service.js";
import type { RunnersService } from "../services/runners.service.js";
import type { Bus } from "./connection.js";
import { DroppedMessages } from "./dropped.js";

interface Pending {
  msg: JsMsg;
  event: RunEvent;
}

/**
 * Back-pressure: runner events held in memory (received, not yet written and
 * acknowledged) stop the pulling at this many bytes, and a pull asks for at
 * most PULL_BYTES. A run printing as fast as it can is then paced by
 * ingestion (its runner's publishes wait for acks, its pipe fills, the
 * program blocks on write) instead of filling the control plane's memory.
 */
const HELD_BYTES_MAX = 16 * 1024 * 1024;
const PULL_BYTES = 4 * 1024 * 1024;

/**
 * Pulls runner events from the shared durable consumer. Events of one
 * execution are ingested one batch after another (whatever arrived while the
 * previous batch was being written goes in the next, in one transaction);
 * different executions proceed in parallel.
 *
 * The sender is the runner named in the subject (NATS guarantees it under
 * authentication): an event whose payload names another runner or execution
 * than its subject, or that reports on a run its runner was not given, is
 * refused (terminated, so never delivered again) and logged.
 */
export async function startIngest(bus: Bus, ingest: IngestService, log: Log): Promise<() => Promise<void>> {
  const config = ingestConsumerConfig(bus.s);
  await bus.jsm.consumers.add(bus.s.eventStream, config).catch(async (err) => {
    if (!String(err).includes("already")) throw err;
  });
  const consumer = await bus.js.consumers.get(bus.s.eventStream, config.durable_name);
  const messages = await consumer.consume({ max_bytes: PULL_BYTES });
  const queues = new Map<string, Pending[]>();
  let heldBytes = 0;
  let belowLimit: (() => void) | undefined;
  const release = (batch: readonly Pending[]): void => {
    for (const p of batch) heldBytes -= p.msg.data.length;
    if (heldBytes < HELD_BYTES_MAX && belowLimit) {
      belowLimit();
      belowLimit = undefined;
    }
  };
  const draining = new Map<string, Promise<void>>();
  const refused = new DroppedMessages("runner events refused", log);
  const refuse = (msg: JsMsg, reason: string): void => {
    msg.term();
    refused.drop(msg.subject, reason);
  };

  const writeBatch = async (id: string, batch: Pending[]): Promise<void> => {
    batch.sort((a, b) => a.event.rseq - b.event.rseq);
    try {
      const verdicts = await ingest.ingest(
        id,
        batch.map((p) => p.event),
      );
      for (const [i, p] of batch.entries()) {
        const verdict = verdicts[i];
        if (verdict === "early") p.msg.nak(100);
        else if (verdict === "refused") refuse(p.msg, `runner ${p.event.runnerId} was not given execution ${id}`);
        else p.msg.ack();
      }
    } catch (err) {
      log(`ingest of ${batch.length} event(s) of ${id} failed, will retry: ${(err as Error).message}`, {
        level: "warn",
        executionId: id,
      });
      for (const p of batch) p.msg.nak(1000);
    }
  };
  const drain = async (id: string): Promise<void> => {
    for (let batch = queues.get(id); batch?.length; batch = queues.get(id)) {
      queues.set(id, []);
      await writeBatch(id, batch);
      release(batch);
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
      const sender = bus.s.parseEvents(msg.subject);
      if (!sender) {
        refuse(msg, "not a runner's events subject (<prefix>.evt.<runnerId>.<executionId>)");
        continue;
      }
      if (sender.runnerId !== event.runnerId || sender.executionId !== event.executionId) {
        refuse(msg, `the event names runner ${event.runnerId} and execution ${event.executionId}`);
        continue;
      }
      const id = event.executionId;
      traceMark(id, `ingest.in.${event.type}`);
      const queue = queues.get(id) ?? [];
      queue.push({ msg, event });
      queues.set(id, queue);
      heldBytes += msg.data.length;
      if (!draining.has(id)) draining.set(id, drain(id));
      if (heldBytes >= HELD_BYTES_MAX) await new Promise<void>((resolve) => (belowLimit = resolve));
    }
  })();
  return async () => {
    messages.stop();
    await loop.catch(() => undefined);
    await Promise.all(draining.values());
  };
}

/**
 * Runners' claim requests; a queue group so exactly one instance answers each.
 * The claiming runner is the one the subject names, never just what the
 * request says: a request naming another runner is refused.
 */
export function startClaims(bus: Bus, ingest: IngestService, log: (m: string) => void): void {
  const sub = bus.nc.subscribe(bus.s.claimAll, { queue: "control-plane" });
  const refused = new DroppedMessages("claims refused", log);
  const answer = async (msg: Msg): Promise<void> => {
    try {
      const req = decode(claimRequest, msg.data);
      const runnerId = bus.s.runnerOf("claim", msg.subject);
      if (runnerId === undefined || runnerId !== req.runnerId) {
        const reason = `a claim for runner ${req.runnerId} must come on ${bus.s.prefix}.ctl.claim.${req.runnerId}`;
        refused.drop(msg.subject, reason);
        msg.respond(encode({ ok: false, retry: false, reason }));
        return;
      }
      traceMark(req.executionId, "claim.in");
      msg.respond(encode(await ingest.claim(req.executionId, runnerId)));
      traceMark(req.executionId, "claim.answered");
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
 * One naming another runner than its subject is dropped.
 */
export function startHeartbeats(
  bus: Bus,
  runners: RunnersService,
  log: (m: string) => void,
  /** After each recorded heartbeat: the runner may be new, back, or have free slots. */
  heard: () => void = () => undefined,
): void {
  const sub = bus.nc.subscribe(bus.s.heartbeatAll, { queue: "control-plane" });
  const dropped = new DroppedMessages("heartbeats dropped", log);
  (async () => {
    for await (const msg of sub) {
      let hb: Heartbeat;
      try {
        hb = decode(heartbeat, msg.data);
      } catch (err) {
        log(`bad heartbeat on ${msg.subject}: ${(err as Error).message}`);
        continue;
      }
      if (bus.s.runnerOf("heartbeat", msg.subject) !== hb.runnerId) {
        dropped.drop(msg.subject, `the heartbeat names runner ${hb.runnerId}`);
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
 * A runner asks for its own runs only: on the subject of its own id.
 */
export function startRecoverRequests(bus: Bus, runners: RunnersService, log: (m: string) => void): void {
  const sub = bus.nc.subscribe(bus.s.recoverAll, { queue: "control-plane" });
  const refused = new DroppedMessages("recover requests refused", log);
  const answer = async (msg: Msg): Promise<void> => {
    let request: RecoverRequest;
    try {
      request = decode(recoverRequest, msg.data);
    } catch (err) {
      log(`bad recover request: ${(err as Error).message}`);
      msg.respond(encode({ v: 1, ok: false, runs: [], reason: `undecodable request: ${(err as Error).message}` }));
      return;
    }
    if (bus.s.runnerOf("recover", msg.subject) !== request.runnerId) {
      const reason = `runner ${request.runnerId} must ask on ${bus.s.prefix}.ctl.recover.${request.runnerId}`;
      refused.drop(msg.subject, reason);
      msg.respond(encode({ v: 1, ok: false, runs: [], reason }));
      return;
    }
    msg.respond(encode(await runners.held(request)));
  };
  (async () => {
    for await (const msg of sub) void answer(msg);
  })().catch((err) => log(`recover listener stopped: ${(err as Error).message}`));
}
