/** What a caller is told while PostgreSQL cannot be reached; the request may be sent again as it is. */
export const DATABASE_UNAVAILABLE = "The database is unavailable; retry in a few seconds.";

/** Socket errors of a server that is gone, restarting or not yet listening. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * SQLSTATEs of a server that is shutting down, restarting or full:
 * class 08 (connection exception), 57P01-57P03 (admin shutdown, crash
 * shutdown, cannot connect now) and 53300 (too many connections).
 */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/**
 * Prisma's codes for the same situations: P1001 can't reach, P1002 timed out,
 * P1008 socket timeout, P1017 server closed the connection, P2024 no pool
 * connection in time, P2037 too many connections.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

/** Messages node-postgres and pg-pool raise without a code. */
const MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "Connection refused",
  "the database system is starting up",
  "the database system is shutting down",
  "the database system is in recovery mode",
  "the database system is not yet accepting connections",
  "terminating connection due to unexpected postmaster exit",
  // Prisma's P2028 when no connection could be had within maxWait (P2028 also names other transaction errors).
  "Unable to start a transaction in the given time",
];

/** Driver-adapter error kinds Prisma passes through (error.cause.kind). */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * True when an error (or any error it wraps, through `cause` or an
 * AggregateError's `errors`) means PostgreSQL could not be reached or dropped
 * the connection: the request failed as a whole and may be retried.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 8 || typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; kind?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string") {
    if (SOCKET_CODES.has(e.code) || SQLSTATES.has(e.code) || PRISMA_CODES.has(e.code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(e.code)) return true;
  }
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause, depth + 1);
}
