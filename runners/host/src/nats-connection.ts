import { readFileSync } from "node:fs";
import { type NatsLogin, natsConnectProblem, natsTarget, type Subjects } from "@baton/proto";
import { type ConnectionOptions, connect, type NatsConnection, nkeyAuthenticator } from "@nats-io/transport-node";
import type { NatsCredentials, RunnerConfig } from "./config.js";

/** The connection options that prove who this runner is; reads the password or seed file now. */
export function natsLoginOptions(
  auth: NatsCredentials | undefined,
  url: string,
): { options: Partial<ConnectionOptions>; login: NatsLogin } {
  const fromUrl = natsTarget(url);
  if (!auth) {
    if (fromUrl.user === undefined) return { options: {}, login: undefined };
    return { options: { user: fromUrl.user, pass: fromUrl.password ?? "" }, login: { user: fromUrl.user } };
  }
  if ("nkeySeedFile" in auth) {
    const seed = readSecretFile(auth.nkeySeedFile, "NATS_NKEY_SEED_FILE");
    return {
      options: { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) },
      login: { nkeySeedFile: auth.nkeySeedFile },
    };
  }
  const pass = "password" in auth ? auth.password : readSecretFile(auth.passwordFile, "NATS_PASSWORD_FILE");
  return { options: { user: auth.user, pass }, login: { user: auth.user } };
}

/** A file holding one secret; a trailing newline (what `echo` and editors add) is not part of it. */
function readSecretFile(path: string, variable: string): string {
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (err) {
    throw new Error(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/**
 * The runner's connection: its own credentials and its own inbox prefix (so
 * NATS can let it subscribe to its replies and nobody else's). A refused
 * login fails at once with a sentence naming NATS_USER; after the first
 * connection it reconnects for ever.
 */
export async function connectRunner(config: RunnerConfig, s: Subjects): Promise<NatsConnection> {
  const { options, login } = natsLoginOptions(config.natsAuth, config.natsUrl);
  try {
    return await connect({
      servers: natsTarget(config.natsUrl).servers,
      name: `baton-runner ${config.runnerId}`,
      inboxPrefix: s.inbox(config.runnerId),
      maxReconnectAttempts: -1,
      // Back soon after NATS is: the control plane allows runners RUNNER_RECONNECT_MS more than itself
      // (services/control-plane/src/services/runners.service.ts) before it may judge them silent.
      reconnectTimeWait: 500,
      reconnectJitter: 100,
      ...options,
    });
  } catch (err) {
    throw new Error(natsConnectProblem(err, config.natsUrl, login));
  }
}

/** NATS refused a publish or subscription for want of permission (nats.js PermissionViolationError, maybe wrapped). */
export function isPermissionViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === "PermissionViolationError" || /permissions violation/i.test(e.message)) return true;
  }
  return false;
}
