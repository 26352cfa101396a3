/**
 * Connecting to NATS with credentials, the parts the control plane and the
 * runner share: NATS_URL may carry `user:password@` (nats.js does not read
 * it from a URL), and a refused login must end the process with a sentence
 * that names what to fix, not loop on reconnects.
 */

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
