import { ensureStreams, type Subjects, subjects } from "@baton/proto";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  s: Subjects;
}

export async function connectBus(url: string, prefix: string, name: string): Promise<Bus> {
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  const jsm = await jetstreamManager(nc);
  const s = subjects(prefix);
  await ensureStreams(jsm, s);
  return { nc, js: jetstream(nc), jsm, s };
}
