export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Round-trips a value through JSON: what a step keeps in memory is then
 * exactly what a restart gets back from BATON_RESUME (Dates become strings,
 * undefined properties vanish). Throws a TypeError for what JSON cannot hold.
 */
export function toJson(value: unknown, what: string): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new TypeError(`${what} must be JSON-serialisable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (text === undefined) throw new TypeError(`${what} must be a JSON value; got ${typeof value}.`);
  return JSON.parse(text) as JsonValue;
}

export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
