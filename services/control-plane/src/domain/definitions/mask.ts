/**
 * Hides secrets before values are shown or stored for people (audit log,
 * release diffs, exports shown in the UI). Masking is for display only: the
 * runner still gets the real values.
 *
 * A name is secret when one of its words is a secret word. Words are the
 * name's camelCase and snake/kebab/dot parts, any case ("DB_PASSWORD" is
 * db + password, "keyStorePassword" is key + store + password). Secret words:
 * password, passwd, passphrase, secret(s), token(s), credential(s),
 * authorization, apikey, accesskey, privatekey, secretkey; and "key" (or
 * "keys") right after api, access, private, secret, signing, encryption,
 * master, session, client or ssh ("apiKey", "ACCESS_KEY"), and "key" as the
 * whole name. So "idempotencyKey", "monkey" and "keyboard" are not secret.
 * Properties have no notion of a declared secret, so names are all there is.
 *
 * What is masked:
 *   1. The value of every object property whose key is secret, whatever its
 *      type (an object or array under such a key is replaced whole), at any
 *      depth; arrays are walked.
 *   2. A string item of an array of the form `<name>=<value>` or
 *      `--<name>=<value>` (any leading dashes) whose <name> is secret: the
 *      value after the first "=" becomes ***, so "--db.password=x" -> "--db.password=***".
 * Not masked: a secret passed as the item after a flag (["--password", "x"]),
 * secrets inside URIs or free text, and strings outside arrays.
 */
import type { ManifestChange } from "./diff.js";

export const MASK = "***";

const SECRET_WORDS = new Set([
  "password",
  "passwords",
  "passwd",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "tokens",
  "credential",
  "credentials",
  "authorization",
  "apikey",
  "accesskey",
  "privatekey",
  "secretkey",
]);
const KEY_QUALIFIERS = new Set([
  "api",
  "access",
  "private",
  "secret",
  "signing",
  "encryption",
  "master",
  "session",
  "client",
  "ssh",
]);

/** "keyStorePassword" -> key, store, password; "DB_PASSWORD" -> db, password; "APIKey" -> api, key. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** Whether a key, variable or option name names a secret (see the rules above). */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  return words.some((word, i) => {
    if (SECRET_WORDS.has(word)) return true;
    if (word !== "key" && word !== "keys") return false;
    return (words.length === 1 && word === "key") || KEY_QUALIFIERS.has(words[i - 1] ?? "");
  });
}

/** <dashes><name>=<value>: the name has no "=" and no whitespace. */
const ASSIGNMENT = /^(-*[^=\s]+)=/;

function maskItem(item: unknown): unknown {
  if (typeof item !== "string") return maskSecrets(item);
  const name = ASSIGNMENT.exec(item)?.[1];
  return name !== undefined && isSecretName(name) ? `${name}=${MASK}` : item;
}

/** A deep copy of a JSON value with secrets replaced by "***" (see the rules above). */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskItem);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = isSecretName(key) ? MASK : maskSecrets(item);
  return copy;
}

/** The names along a diff path: properties.env.DB_PASSWORD, env["my.secret"], arguments[1]. */
function pathNames(path: string): string[] {
  const names: string[] = [];
  for (const m of path.matchAll(/\["((?:[^"\\]|\\.)*)"\]|\[\d+\]|([^.[\]]+)/g)) {
    const name = m[1] ?? m[2];
    if (name !== undefined) names.push(name);
  }
  return names;
}

/**
 * Masks a diff the way maskSecrets masks the values it came from: a change
 * under a secret key keeps its path and kind (so a person sees that the
 * secret changed) but shows *** for both sides. Diffing masked manifests
 * instead would hide the change altogether.
 */
export function maskChanges(changes: readonly ManifestChange[]): ManifestChange[] {
  return changes.map((change) => {
    const secret = pathNames(change.path).some(isSecretName);
    // A path ending in [n] is an array item: the argument rule applies to it.
    const one = /\[\d+\]$/.test(change.path) ? maskItem : maskSecrets;
    const hide = (side: unknown): unknown => (secret ? MASK : one(side));
    const masked: ManifestChange = { path: change.path, kind: change.kind };
    if ("from" in change) masked.from = hide(change.from);
    if ("to" in change) masked.to = hide(change.to);
    return masked;
  });
}
