import { triggerConsumerConfig } from "@baton/proto";
import { DiscardPolicy, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { conflict } from "../domain/errors.js";
import type { TriggerIntake } from "../services/triggers/intake.js";
import type { Bus } from "./connection.js";

/** Keeps the trigger stream capturing exactly the subjects triggers listen on. */
export interface TriggerSubjects {
  sync(subjects: readonly string[]): Promise<void>;
}

const DAY_NS = 86_400_000_000_000;

export function jetStreamTriggerSubjects(bus: Bus): TriggerSubjects {
  return {
    async sync(list) {
      const subjects = list.length > 0 ? [...new Set(list)].sort() : [bus.s.triggerIdle];
      const name = bus.s.triggerStream;
      try {
        const info = await bus.jsm.streams.info(name).catch(() => undefined);
        if (!info) {
          await bus.jsm.streams.add({
            name,
            subjects,
            retention: RetentionPolicy.Workqueue,
            storage: StorageType.File,
            discard: DiscardPolicy.Old,
            // Messages wait at most a week for a control plane; a webhook retried by its sender is deduplicated by id.
            max_age: 7 * DAY_NS,
            num_replicas: 1,
          });
          return;
        }
        const current = [...(info.config.subjects ?? [])].sort();
        if (current.join("\n") !== subjects.join("\n"))
          await bus.jsm.streams.update(name, { ...info.config, subjects });
      } catch (err) {
        const text = String(err);
        if (text.includes("overlap") || text.includes("already in use"))
          throw conflict(
            `A subject is already captured by another JetStream stream on this NATS server (${text.replace(/^Error: /, "")}); pick a subject no other stream uses.`,
          );
        throw err;
      }
    },
  };
}

/**
 * Pulls trigger messages from the shared durable consumer, one at a time, and
 * acknowledges each once its outcome is committed (a crash before the ack
 * redelivers it; the event row, unique on the stream sequence, makes the
 * second delivery change nothing). A malformed message is recorded as
 * rejected and acknowledged: it never blocks the stream.
 */
export async function startTriggerIntake(
  bus: Bus,
  intake: TriggerIntake,
  log: (m: string) => void,
): Promise<() => Promise<void>> {
  // The stream exists even when syncing its subjects failed (say, another stream took one): the consumer needs it.
  const exists = await bus.jsm.streams.info(bus.s.triggerStream).catch(() => undefined);
  if (!exists) await jetStreamTriggerSubjects(bus).sync([]);
  const config = triggerConsumerConfig();
  await bus.jsm.consumers.add(bus.s.triggerStream, config).catch((err) => {
    if (!String(err).includes("already")) throw err;
  });
  const consumer = await bus.js.consumers.get(bus.s.triggerStream, config.durable_name);
  const messages = await consumer.consume({ max_messages: 100 });
  const loop = (async () => {
    for await (const msg of messages) {
      if (msg.subject === bus.s.triggerIdle) {
        msg.ack();
        continue;
      }
      try {
        await intake.fromNats(msg.subject, `stream:${msg.seq}`, Buffer.from(msg.data));
        msg.ack();
      } catch (err) {
        log(`trigger message ${msg.seq} on ${msg.subject} failed, will retry: ${(err as Error).message}`);
        msg.nak(1000);
      }
    }
  })();
  return async () => {
    await messages.close().catch(() => undefined);
    await loop.catch(() => undefined);
  };
}
