/**
 * Hides secrets before values are shown or stored for people (audit log,
 * release diffs, exports shown in the UI). Masking is for display only: the
 * runner still gets the real values.
 *
 * Exactly what is masked (SECRET_WORDS = password, secret, token, key; any
 * case, anywhere in a name, so "apiKey", "DB_PASSWORD" and "keyStore" match):
 *   1. The value of every object property whose key contains a secret word,
 *      whatever its type (an object or array under such a key is replaced
 *      whole), at any depth; arrays are walked.
 *   2. A string item of an array of the form `<name>=<value>` or
 *      `--<name>=<value>` (any leading dashes) whose <name> contains a secret
 *      word: the value after the first "=" becomes ***, so
 *      "--db.password=x" -> "--db.password=***".
 * Not masked: a secret passed as the item after a flag (["--password", "x"]),
 * secrets inside URIs or free text, and strings outside arrays. Over-masking
 * is accepted (a key named "monkey" is masked): hiding too much is safe here.
 */
import type { ManifestChange } from "./diff.js";

export const MASK = "***";

const SECRET_WORDS = /password|secret|token|key/i;
/** <dashes><name>=<value>: the name has no "=" and no whitespace. */
const ASSIGNMENT = /^(-*[^=\s]+)=/;

function maskItem(item: unknown): unknown {
  if (typeof item !== "string") return maskSecrets(item);
  const name = ASSIGNMENT.exec(item)?.[1];
  return name !== undefined && SECRET_WORDS.test(name) ? `${name}=${MASK}` : item;
}

/** A deep copy of a JSON value with secrets replaced by "***" (see the rules above). */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskItem);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = SECRET_WORDS.test(key) ? MASK : maskSecrets(item);
  return copy;
}

/**
 * Masks a diff the way maskSecrets masks the values it came from: a change
 * under a secret key keeps its path and kind (so a person sees that the
 * secret changed) but shows *** for both sides. Diffing masked manifests
 * instead would hide the change altogether.
 */
export function maskChanges(changes: readonly ManifestChange[]): ManifestChange[] {
  return changes.map((change) => {
    const secret = SECRET_WORDS.test(change.path.replace(/\[\d+\]/g, ""));
    // A path ending in [n] is an array item: the argument rule applies to it.
    const one = change.path.endsWith("]") ? maskItem : maskSecrets;
    const hide = (side: unknown): unknown => (secret ? MASK : one(side));
    const masked: ManifestChange = { path: change.path, kind: change.kind };
    if ("from" in change) masked.from = hide(change.from);
    if ("to" in change) masked.to = hide(change.to);
    return masked;
  });
}
