/** Lists `found` in the order of `keys` (null where one is missing): what a DataLoader batch returns. */
export function inKeyOrder<T>(keys: readonly string[], found: readonly T[], keyOf: (row: T) => string): (T | null)[] {
  const byKey = new Map(found.map((row) => [keyOf(row), row]));
  return keys.map((k) => byKey.get(k) ?? null);
}
