import { createHash, randomBytes } from "node:crypto";

/**
 * API tokens: `baton_<22 characters of the id>_<43 of secret>`. Only the
 * SHA-256 of the whole token is stored; the token itself is shown once.
 * The prefix lets scanners (and Baton itself) tell a token from a JWT.
 */
export const TOKEN_PREFIX = "baton_";

export interface NewToken {
  token: string;
  hash: string;
}

export function newApiToken(): NewToken {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token) };
}

export const hashApiToken = (token: string): string => createHash("sha256").update(token).digest("hex");

export const looksLikeApiToken = (credential: string): boolean => credential.startsWith(TOKEN_PREFIX);

/** The first characters shown in lists so a person can tell tokens apart (never enough to use one). */
export const tokenHint = (token: string): string => `${token.slice(0, TOKEN_PREFIX.length + 4)}...`;
