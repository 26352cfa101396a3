/** Webhook signatures in GitHub's X-Hub-Signature-256 format: "sha256=<hex HMAC-SHA256 of the raw body>". */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

function digest(secret: string, body: Buffer | string): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

/** "sha256=<hex>" HMAC-SHA256 of the raw body with the trigger's secret. */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${digest(secret, body).toString("hex")}`;
}

/**
 * Constant-time check (timingSafeEqual on equal-length buffers); false for a
 * missing or malformed header, and for an empty secret (anyone could sign with it).
 */
export function verifySignature(secret: string, body: Buffer | string, header: string | null | undefined): boolean {
  if (typeof secret !== "string" || secret === "" || typeof header !== "string") return false;
  const m = HEADER.exec(header.trim());
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1], "hex");
  const expected = digest(secret, body);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A new random secret: 32 bytes, hex. */
export function newSecret(): string {
  return randomBytes(32).toString("hex");
}
