import { readFileSync } from "node:fs";
import { ensureStreams, type NatsLogin, natsConnectProblem, natsTarget, type Subjects, subjects } from "@baton/proto";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type ConnectionOptions, connect, type NatsConnection, nkeyAuthenticator } from "@nats-io/transport-node";
import type { ControlPlaneConfig } from "../config.js";

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  s: Subjects;
}

/** The control plane's NATS login: NATS_USER / NATS_PASSWORD, or NATS_NKEY_SEED_FILE, or user:password@ in the URL. */
export type BusLogin = Pick<ControlPlaneConfig, "natsUser" | "natsPassword" | "natsNkeySeedFile">;

/** The options that log the control plane in, and what to name if NATS refuses them. */
export function busLoginOptions(url: string, login: BusLogin): { options: Partial<ConnectionOptions>; who: NatsLogin } {
  if (login.natsNkeySeedFile) {
    if (login.natsUser) throw new Error("NATS_NKEY_SEED_FILE: use either an NKEY or NATS_USER, not both");
    let seed: string;
    try {
      seed = readFileSync(login.natsNkeySeedFile, "utf8").trim();
    } catch (err) {
      throw new Error(`NATS_NKEY_SEED_FILE: cannot read ${login.natsNkeySeedFile}: ${(err as Error).message}`);
    }
    return {
      options: { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) },
      who: { nkeySeedFile: login.natsNkeySeedFile },
    };
  }
  if (login.natsUser)
    return { options: { user: login.natsUser, pass: login.natsPassword ?? "" }, who: { user: login.natsUser } };
  if (login.natsPassword !== undefined) throw new Error("NATS_USER: NATS_PASSWORD is set without NATS_USER");
  const fromUrl = natsTarget(url);
  if (fromUrl.user === undefined) return { options: {}, who: undefined };
  return { options: { user: fromUrl.user, pass: fromUrl.password ?? "" }, who: { user: fromUrl.user } };
}

/**
 * Connects (the control plane may do everything on NATS: under
 * authentication its user has no permission limits) and makes sure the
 * events stream exists. A refused login fails at once with a sentence naming
 * NATS_USER; after the first connection it reconnects for ever.
 */
export async function connectBus(url: string, prefix: string, name: string, login: BusLogin = {}): Promise<Bus> {
  const { options, who } = busLoginOptions(url, login);
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
