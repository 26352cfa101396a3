import { EncryptJWT, jwtDecrypt } from "jose";

// Encrypted cookies: the payload is a JWT encrypted with A256GCM ("dir") under
// a key derived (HKDF-SHA-256) from BATON_CONSOLE_SESSION_SECRET, so the
// browser holds the tokens but can neither read nor change them. The
// audience names the cookie's purpose: a sign-in cookie never passes as a
// session. Pure (jose and Web Crypto only) so the tests import it.

/** What a sealed value is for; unsealing checks it. */
export type SealPurpose = "session" | "login";

const keys = new Map<string, Promise<Uint8Array>>();

/** The 256-bit key for a secret (cached). */
export function sealKey(secret: string): Promise<Uint8Array> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, [
        "deriveBits",
      ]);
      const bits = await crypto.subtle.deriveBits(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(0),
          info: new TextEncoder().encode("baton-console-cookie-v1"),
        },
        material,
        256,
      );
      return new Uint8Array(bits);
    })();
    keys.set(secret, key);
  }
  return key;
}

/** Encrypts `payload` for `purpose`, valid for `ttlSeconds`. */
export async function seal(
  payload: Record<string, unknown>,
  secret: string,
  purpose: SealPurpose,
  ttlSeconds: number,
): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setAudience(`baton-console-${purpose}`)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + Math.max(1, Math.floor(ttlSeconds)))
    .encrypt(await sealKey(secret));
}

/** The payload, or undefined when the value is missing, expired, for another purpose or not ours. */
export async function unseal<T>(
  value: string | undefined,
  secret: string,
  purpose: SealPurpose,
): Promise<T | undefined> {
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, await sealKey(secret), {
      audience: `baton-console-${purpose}`,
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
    });
    return payload as T;
  } catch {
    return undefined;
  }
}

/**
 * Browsers keep about 4 KB per cookie, and ID plus access tokens can exceed
 * it: a long value goes into `name`, `name.1`, `name.2`...
 */
export const COOKIE_CHUNK = 3800;

/** The value cut into pieces of at most `max` characters (one piece when it fits). */
export function splitCookie(value: string, max = COOKIE_CHUNK): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += max) out.push(value.slice(i, i + max));
  return out.length > 0 ? out : [""];
}

/** The cookie name of piece `index` (0 is the name itself). */
export const chunkName = (name: string, index: number): string => (index === 0 ? name : `${name}.${index}`);

/** The value put back together from `name`, `name.1`, ...; undefined when `name` is absent. */
export function joinCookie(name: string, get: (cookie: string) => string | undefined): string | undefined {
  const first = get(name);
  if (first === undefined) return undefined;
  let value = first;
  for (let i = 1; ; i++) {
    const piece = get(chunkName(name, i));
    if (piece === undefined) return value;
    value += piece;
  }
}

/** Pieces of an earlier, longer value that must be cleared when `count` pieces are written now. */
export function staleChunks(name: string, present: readonly string[], count: number): string[] {
  const prefix = `${name}.`;
  return present.filter((n) => n.startsWith(prefix) && Number(n.slice(prefix.length)) >= count);
}

// The signed-in session the console keeps in its encrypted, httpOnly cookie.
// Pure (no Next.js) so the tests can read and write sessions too.

export const SESSION_COOKIE = "baton_session";
export const LOGIN_COOKIE = "baton_login";

/** Refresh the bearer token when it expires within this long. */
export const REFRESH_BEFORE_MS = 60_000;
/** How long a session with a refresh token lasts at most (the provider may end it sooner). */
export const SESSION_MAX_SECONDS = 7 * 24 * 3600;
/** How long a sign-in (provider round trip) may take. */
export const LOGIN_TTL_SECONDS = 600;

export interface ConsoleSession {
  /** What the console sends as `Authorization: Bearer` (the ID token or a JWT access token). */
  token: string;
  /** When `token` expires, in ms since the epoch. */
  expiresAt: number;
  refreshToken?: string;
  /** The ID token, for the provider's sign-out (id_token_hint), when `token` is not the ID token itself. */
  idToken?: string;
  /** The name the provider gave (name, preferred_username, email or subject). */
  name: string;
  subject: string;
}

/** A sign-in under way: what the callback checks (state, nonce) and proves (PKCE verifier). */
export interface LoginFlow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** Whether the token must be refreshed now (it expires within REFRESH_BEFORE_MS). */
export const needsRefresh = (s: ConsoleSession, now = Date.now()): boolean => s.expiresAt - now < REFRESH_BEFORE_MS;

/** Whether the session can still give a token: unexpired, or refreshable. */
export const isUsable = (s: ConsoleSession, now = Date.now()): boolean =>
  s.expiresAt > now || s.refreshToken !== undefined;

/** Seconds the session cookie lives: with a refresh token SESSION_MAX_SECONDS, else until the token expires. */
export const sessionTtlSeconds = (s: ConsoleSession, now = Date.now()): number =>
  s.refreshToken ? SESSION_MAX_SECONDS : Math.max(1, Math.ceil((s.expiresAt - now) / 1000));

const isSession = (v: unknown): v is ConsoleSession => {
  const s = v as Partial<ConsoleSession> | undefined;
  return typeof s?.token === "string" && typeof s.expiresAt === "number" && typeof s.name === "string";
};

export const sealSession = (s: ConsoleSession, secret: string): Promise<string> =>
  seal({ ...s }, secret, "session", sessionTtlSeconds(s));

export async function unsealSession(value: string | undefined, secret: string): Promise<ConsoleSession | undefined> {
  const payload = await unseal<Record<string, unknown>>(value, secret, "session");
  if (!isSession(payload)) return undefined;
  const { token, expiresAt, refreshToken, idToken, name, subject } = payload;
  return {
    token,
    expiresAt,
    name,
    subject: typeof subject === "string" ? subject : name,
    ...(typeof refreshToken === "string" ? { refreshToken } : {}),
    ...(typeof idToken === "string" ? { idToken } : {}),
  };
}

const LOGIN: SealPurpose = "login";
export const sealLogin = (f: LoginFlow, secret: string): Promise<string> =>
  seal({ ...f }, secret, LOGIN, LOGIN_TTL_SECONDS);

export async function unsealLogin(value: string | undefined, secret: string): Promise<LoginFlow | undefined> {
  const f = await unseal<Partial<LoginFlow>>(value, secret, LOGIN);
  if (typeof f?.state !== "string" || typeof f.nonce !== "string" || typeof f.verifier !== "string") return undefined;
  return { state: f.state, nonce: f.nonce, verifier: f.verifier, returnTo: f.returnTo ?? "/" };
}
