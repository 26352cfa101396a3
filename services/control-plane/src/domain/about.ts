import type { ControlPlaneAbout } from "@baton/proto";

/**
 * The pure parts of the console's About page: where the database and NATS
 * are, told without credentials, and which control planes answered, this
 * one first. Nothing here does I/O.
 */

/** One control plane as the About page shows it. */
export interface ControlPlaneInfo {
  instance: string;
  version: string;
  hostname: string;
  pid: number;
  startedAt: Date;
  leader: boolean;
}

/** Where the database is: never the user or password of its URL. */
export interface DatabaseAddress {
  /** The host name or address; a socket directory for `?host=/path`; "" when the URL cannot be read. */
  host: string;
  /** Null when the URL names none (the driver then uses its default, 5432). */
  port: number | null;
  /** The database's name; "" when the URL names none or cannot be read. */
  name: string;
}

/**
 * Host, port and database name of a postgres:// URL. Only those parts are
 * read, so the user and password can never come out; a URL that does not
 * parse yields empty parts, never the raw text (it may hold the password).
 */
export function databaseAddress(url: string): DatabaseAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { host: "", port: null, name: "" };
  }
  // node-postgres takes a socket directory from ?host= (postgresql:///db?host=/var/run/postgresql).
  const host = u.searchParams.get("host") || u.hostname.replace(/^\[|\]$/g, "");
  const port = u.port === "" ? null : Number(u.port);
  return { host, port, name: safeDecode(u.pathname.replace(/^\//, "")) };
}

/** decodeURIComponent that keeps a malformed escape as it is rather than throwing. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** "16.4 (Debian 16.4-1)" -> "PostgreSQL 16.4 (Debian 16.4-1)": server_version as a person reads it. */
export function postgresVersion(serverVersion: string): string {
  return `PostgreSQL ${serverVersion.trim()}`;
}

/**
 * The host:port of the NATS server a connection uses (nats.js `getServer()`
 * already gives host:port; any scheme or `user:password@` is cut off anyway,
 * so a credential in a configured URL cannot reach the page).
 */
export function natsHostPort(server: string): string {
  const withoutScheme = server.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  return withoutScheme.slice(withoutScheme.lastIndexOf("@") + 1).replace(/\/.*$/, "");
}

/** A wire answer as the page shows it. */
export function controlPlaneInfo(facts: ControlPlaneAbout): ControlPlaneInfo {
  return {
    instance: facts.instance,
    version: facts.version,
    hostname: facts.hostname,
    pid: facts.pid,
    startedAt: new Date(facts.startedAt),
    leader: facts.leader,
  };
}

/**
 * This control plane first (from its own memory, whatever NATS did), then
 * every other instance that answered once, by instance id. Its own answer,
 * which it also receives since it subscribes to the subject too, is dropped,
 * as is any second answer under an instance id already listed.
 */
export function controlPlaneList(self: ControlPlaneAbout, replies: readonly ControlPlaneAbout[]): ControlPlaneInfo[] {
  const others = new Map<string, ControlPlaneAbout>();
  for (const r of replies) if (r.instance !== self.instance && !others.has(r.instance)) others.set(r.instance, r);
  const sorted = [...others.values()].sort((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0));
  return [self, ...sorted].map(controlPlaneInfo);
}
