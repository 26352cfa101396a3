import { AckPolicy, DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { Subjects } from "./subjects.js";

const MINUTE_NS = 60_000_000_000;

/**
 * Creates (or keeps) the work-queue stream of runner events. Idempotent: every control
 * plane and runner calls it on start, whichever comes up first.
 * Work-queue retention: a message is gone once acknowledged, so the stream
 * holds only what is not yet ingested. File storage: a published event
 * survives a NATS restart. (Run commands need no stream: the control plane
 * sends each to the runner admission chose, and Postgres holds the promise.)
 */
export async function ensureStreams(jsm: JetStreamManager, s: Subjects): Promise<void> {
  const common = {
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: 2 * MINUTE_NS,
    num_replicas: 1,
  };
  await upsert(jsm, { ...common, name: s.eventStream, subjects: [s.eventsAll] });
}

async function upsert(jsm: JetStreamManager, config: Parameters<JetStreamManager["streams"]["add"]>[0]): Promise<void> {
  try {
    await jsm.streams.info(config.name as string);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (err) {
      // Another process created it between our look-up and add.
      if (!String(err).includes("already in use")) throw err;
    }
  }
}

/** Durable pull consumer of trigger messages, shared by every control plane instance. */
export const triggerConsumerConfig = () => ({
  durable_name: "control-plane-triggers",
  ack_policy: AckPolicy.Explicit,
  // A message takes milliseconds; one held by a control plane that died comes back after this.
  // Handled twice meanwhile changes nothing: its event row is unique on the stream sequence.
  ack_wait: 10_000_000_000,
  max_deliver: -1,
  max_ack_pending: 1000,
});

/** Durable pull consumer shared by every control plane instance. */
export const ingestConsumerConfig = (s: Subjects) => ({
  durable_name: "control-plane-ingest",
  filter_subject: s.eventsAll,
  ack_policy: AckPolicy.Explicit,
  ack_wait: 30_000_000_000,
  max_deliver: -1,
  max_ack_pending: 10_000,
});
