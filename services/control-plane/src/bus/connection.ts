import {
  ensureStreams,
  type NatsCredentials,
  natsConnectProblem,
  natsLoginOptions,
  natsTarget,
  type Subjects,
  subjects,
} from "@baton/proto";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { ControlPlaneConfig } from "../config.js";

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  s: Subjects;
}

/** The control plane's NATS login: NATS_USER / NATS_PASSWORD, or NATS_NKEY_SEED_FILE, or user:password@ in the URL. */
export type BusLogin = Pick<ControlPlaneConfig, "natsUser" | "natsPassword" | "natsNkeySeedFile">;

/** The control plane's credentials as NATS takes them; a half-given login is an Error naming the variable. */
export function busCredentials(login: BusLogin): NatsCredentials | undefined {
  if (login.natsNkeySeedFile) {
    if (login.natsUser) throw new Error("NATS_NKEY_SEED_FILE: use either an NKEY or NATS_USER, not both");
    return { nkeySeedFile: login.natsNkeySeedFile };
  }
  if (login.natsUser) return { user: login.natsUser, password: login.natsPassword ?? "" };
  if (login.natsPassword !== undefined) throw new Error("NATS_USER: NATS_PASSWORD is set without NATS_USER");
  return undefined;
}

/**
 * Connects (the control plane may do everything on NATS: under
 * authentication its user has no permission limits) and makes sure the
 * events stream exists. A refused login fails at once with a sentence naming
 * NATS_USER; after the first connection it reconnects for ever.
 */
export async function connectBus(url: string, prefix: string, name: string, login: BusLogin = {}): Promise<Bus> {
  const { options, login: who } = natsLoginOptions(busCredentials(login), url);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: natsTarget(url).servers,
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      ...options,
    });
  } catch (err) {
    throw new Error(natsConnectProblem(err, url, who));
  }
  const jsm = await jetstreamManager(nc);
  const s = subjects(prefix);
  await ensureStreams(jsm, s);
  return { nc, js: jetstream(nc), jsm, s };
}
