/**
 * Differences between two release manifests (or any JSON values), for
 * "what changed between revision 3 and 4". Deterministic: object keys in
 * sorted order, arrays compared index by index. JSON semantics: a key whose
 * value is undefined counts as absent.
 */
export interface ManifestChange {
  /** Like `properties.env.REGION` or `arguments[1]`; keys that are not plain names are quoted: `env["a.b"]`. */
  path: string;
  kind: "added" | "removed" | "changed";
  from?: unknown;
  to?: unknown;
}

type JsonObject = Record<string, unknown>;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function keyPath(parent: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

/** Defined keys in code-unit order (not localeCompare: the same on every machine). */
function keysOf(value: JsonObject): string[] {
  return Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
}

function walk(from: unknown, to: unknown, path: string, out: ManifestChange[]): void {
  if (from === undefined && to === undefined) return;
  if (from === undefined) {
    out.push({ path, kind: "added", to });
  } else if (to === undefined) {
    out.push({ path, kind: "removed", from });
  } else if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...keysOf(from), ...keysOf(to)])].sort();
    for (const key of keys) walk(from[key], to[key], keyPath(path, key), out);
  } else if (Array.isArray(from) && Array.isArray(to)) {
    const length = Math.max(from.length, to.length);
    for (let i = 0; i < length; i++) walk(from[i], to[i], `${path}[${i}]`, out);
  } else if (!manifestsEqual(from, to)) {
    out.push({ path, kind: "changed", from, to });
  }
}

/** Changes turning `from` into `to`; [] when equal. A whole added or removed subtree is one change. */
export function diffManifests(from: unknown, to: unknown): ManifestChange[] {
  const changes: ManifestChange[] = [];
  walk(from, to, "", changes);
  return changes;
}

/** Deep equality of JSON values; object key order does not matter, array order does. */
export function manifestsEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => manifestsEqual(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = keysOf(a);
  const other = keysOf(b);
  return keys.length === other.length && keys.every((k, i) => k === other[i] && manifestsEqual(a[k], b[k]));
}
