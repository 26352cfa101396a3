export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs `fn` over `items`, at most `limit` at a time, and returns each
 * outcome at its item's index. Once `halt()` is true no further item starts
 * (those running finish) and the ones never started stay undefined, so a
 * fatal error does not keep a thousand more calls going.
 */
export async function settleConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  halt: () => boolean = () => false,
): Promise<(Settled<R> | undefined)[]> {
  const results: (Settled<R> | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !halt()) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await fn(items[index] as T, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Throws a RangeError unless `value` is a whole number from 1 up. */
export function checkPositive(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${what} must be a whole number from 1 up; got ${value}.`);
  return value;
}
