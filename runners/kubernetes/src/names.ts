import { createHash } from "node:crypto";

/** Kubernetes' name rules (apimachinery's validation package). */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A short, stable fingerprint of the exact value, so a shortened or cleaned name stays unique. */
export function shortHash(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 10);
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * The value itself when Kubernetes accepts it as a label value, else a
 * cleaned prefix and a hash of the exact value: still readable, still
 * unique, so the driver can select by it (the exact value is in an annotation).
 */
export function labelValue(value: string): string {
  if (isLabelValue(value)) return value;
  const cleaned = value
    .replace(/[^-A-Za-z0-9_.]/g, "-")
    .slice(0, 50)
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[^A-Za-z0-9]+$/, "");
  return cleaned === "" ? `h-${shortHash(value)}` : `${cleaned}-${shortHash(value)}`;
}

/**
 * Why `key` is not a valid label or annotation key ("prefix/name": the
 * prefix a DNS subdomain of at most 253 characters, the name at most 63 of
 * letters, digits, '-', '_' and '.'), or undefined when it is valid.
 */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "it has more than one '/'";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix))) {
    return `its prefix "${prefix}" must be a DNS subdomain (lower-case letters, digits, '-' and '.')`;
  }
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "its name must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  return undefined;
}
