/**
 * Connecting to NATS with credentials, the parts the control plane and the
 * runner share: NATS_URL may carry `user:password@` (nats.js does not read
 * it from a URL), and a refused login must end the process with a sentence
 * that names what to fix, not loop on reconnects.
 */

import { readFileSync } from "node:fs";
import { type ConnectionOptions, nkeyAuthenticator } from "@nats-io/nats-core";

/** Servers as nats.js takes them, and the credentials a URL carried. */
export interface NatsTarget {
  servers: string[];
  user?: string;
  password?: string;
}

/**
 * Splits "nats://user:pw@a:4222,nats://b:4222" into servers without
 * credentials and the (URL-decoded) user and password of the first URL that
 * has them. A URL it cannot parse is passed on as it is, for nats.js to refuse.
 */
export function natsTarget(url: string): NatsTarget {
  const target: NatsTarget = { servers: [] };
  for (const raw of url
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      target.servers.push(raw);
      continue;
    }
    if (u.username && target.user === undefined) {
      target.user = decodeURIComponent(u.username);
      target.password = decodeURIComponent(u.password);
    }
    target.servers.push(`${u.protocol}//${u.host}`);
  }
  return target;
}

/** How a process proved (or did not prove) who it is, for the message. */
export type NatsLogin = { user: string } | { nkeySeedFile: string } | undefined;

/** True for the errors NATS answers a refused login with (nats.js AuthorizationError and kin). */
export function isNatsAuthError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === "AuthorizationError" ||
    err.name === "UserAuthenticationExpiredError" ||
    /authorization violation|authentication (timeout|expired)/i.test(err.message)
  );
}

/**
 * The sentence for a first connection that failed: when NATS refused the
 * login it names the variables to set or fix; otherwise NATS's own message.
 */
export function natsConnectProblem(err: unknown, url: string, login: NatsLogin): string {
  const reason = err instanceof Error ? err.message : String(err);
  const where = natsTarget(url).servers.join(",");
  if (!isNatsAuthError(err)) return `cannot connect to NATS at ${where}: ${reason}`;
  if (login === undefined)
    return `NATS at ${where} requires credentials and none were given: set NATS_USER and NATS_PASSWORD (${reason})`;
  if ("nkeySeedFile" in login)
    return `NATS at ${where} refused the NKEY in NATS_NKEY_SEED_FILE (${login.nkeySeedFile}): check that the server lists its public key (${reason})`;
  return `NATS at ${where} refused the login of NATS_USER "${login.user}": check NATS_USER and NATS_PASSWORD (${reason})`;
}

/** A process's NATS credentials from its configuration (NATS_USER and its password, or an NKEY seed file). */
export type NatsCredentials =
  | { user: string; password: string }
  | { user: string; passwordFile: string }
  | { nkeySeedFile: string };

/**
 * The connection options that log a process in, and what to name if NATS
 * refuses them: the configured credentials (reading a password or seed file
 * now), else user:password@ in the URL, else none.
 */
export function natsLoginOptions(
  credentials: NatsCredentials | undefined,
  url: string,
): { options: Partial<ConnectionOptions>; login: NatsLogin } {
  if (!credentials) {
    const fromUrl = natsTarget(url);
    if (fromUrl.user === undefined) return { options: {}, login: undefined };
    return { options: { user: fromUrl.user, pass: fromUrl.password ?? "" }, login: { user: fromUrl.user } };
  }
  if ("nkeySeedFile" in credentials) {
    const seed = readSecretFile(credentials.nkeySeedFile, "NATS_NKEY_SEED_FILE");
    return {
      options: { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) },
      login: { nkeySeedFile: credentials.nkeySeedFile },
    };
  }
  const pass =
    "password" in credentials ? credentials.password : readSecretFile(credentials.passwordFile, "NATS_PASSWORD_FILE");
  return { options: { user: credentials.user, pass }, login: { user: credentials.user } };
}

/** A file holding one secret; a trailing newline (what `echo` and editors add) is not part of it. */
function readSecretFile(path: string, variable: string): string {
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (err) {
    throw new Error(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
}
