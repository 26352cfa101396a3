import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/**
 * Whether an Authorization header carries `Bearer <token>`, compared in
 * constant time (digests, so the token's length does not leak either). For
 * the /metrics tokens of the control plane and the runner.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}
