import { type ConsoleAuthConfig, type OidcConsoleConfig, parseConsoleAuth } from "./config";
import {
  type ConsoleSession,
  chunkName,
  joinCookie,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  sealSession,
  sessionTtlSeconds,
  splitCookie,
  staleChunks,
  unsealSession,
} from "./session";

// Sign-in glue shared by the proxy, the /auth routes and server components:
// the configuration of this request, and the session cookie read and written
// through whichever cookie store the caller has (Next's request, response
// or next/headers cookies all fit these shapes).

const ENV = [
  "BATON_AUTH",
  "BATON_OIDC_ISSUER",
  "BATON_OIDC_CLIENT_ID",
  "BATON_OIDC_CLIENT_SECRET",
  "BATON_CONSOLE_URL",
  "BATON_CONSOLE_SESSION_SECRET",
  "BATON_OIDC_SCOPES",
  "BATON_OIDC_RESOURCE",
  "BATON_OIDC_BEARER",
  "BATON_OIDC_PROMPT",
  "BATON_INSECURE_NO_AUTH",
  "HOST",
  "PORT",
] as const;

let memo: { key: string; config: ConsoleAuthConfig } | undefined;

/** The sign-in configuration, read from the environment per request (parsed again only when it changed). */
export function authConfig(): ConsoleAuthConfig {
  const env: Record<string, string | undefined> = {};
  for (const name of ENV) env[name] = process.env[name];
  const key = JSON.stringify(env);
  if (memo?.key !== key) memo = { key, config: parseConsoleAuth(env) };
  return memo.config;
}

/** The key material for the cookies; instrumentation.ts sets a random one when none is configured. */
export function sessionSecret(cfg: OidcConsoleConfig): string {
  if (!cfg.sessionSecret)
    throw new Error(
      "BATON_CONSOLE_SESSION_SECRET is not set and the console did not make one at start; start it with server.mjs (or set the variable).",
    );
  return cfg.sessionSecret;
}

export interface CookieReader {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string }[];
}

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: "lax";
  secure: boolean;
  path: string;
  maxAge: number;
}

export interface CookieWriter {
  set(name: string, value: string, options: CookieOptions): unknown;
}

export const cookieOptions = (cfg: OidcConsoleConfig, maxAge: number, path = "/"): CookieOptions => ({
  httpOnly: true,
  sameSite: "lax",
  secure: cfg.secureCookies,
  path,
  maxAge,
});

/** The session in these cookies, or undefined (none, expired, tampered with, or sealed with another secret). */
export function readSession(cfg: OidcConsoleConfig, jar: CookieReader): Promise<ConsoleSession | undefined> {
  return unsealSession(
    joinCookie(SESSION_COOKIE, (n) => jar.get(n)?.value),
    sessionSecret(cfg),
  );
}

/** The cookies (name and value) that carry this session, in pieces when it is long. */
export async function sessionCookies(
  cfg: OidcConsoleConfig,
  session: ConsoleSession,
): Promise<{ name: string; value: string }[]> {
  const pieces = splitCookie(await sealSession(session, sessionSecret(cfg)));
  return pieces.map((value, i) => ({ name: chunkName(SESSION_COOKIE, i), value }));
}

/** Writes the session into `out`, clearing pieces of a longer earlier one that `present` still has. */
export async function writeSession(
  cfg: OidcConsoleConfig,
  session: ConsoleSession,
  present: readonly string[],
  out: CookieWriter,
): Promise<void> {
  const cookies = await sessionCookies(cfg, session);
  const options = cookieOptions(cfg, sessionTtlSeconds(session));
  for (const c of cookies) out.set(c.name, c.value, options);
  for (const stale of staleChunks(SESSION_COOKIE, present, cookies.length))
    out.set(stale, "", { ...options, maxAge: 0 });
}

/** Clears the session (every piece) and any sign-in under way. */
export function clearSession(cfg: OidcConsoleConfig, present: readonly string[], out: CookieWriter): void {
  const gone = cookieOptions(cfg, 0);
  for (const name of [SESSION_COOKIE, ...staleChunks(SESSION_COOKIE, present, 1)]) out.set(name, "", gone);
  out.set(LOGIN_COOKIE, "", cookieOptions(cfg, 0, "/auth"));
}

/** The console's own URL of a path (after a proxy in front, the request's host may not be the public one). */
export const consoleHref = (cfg: OidcConsoleConfig, path: string): URL => new URL(path, `${cfg.consoleUrl}/`);
