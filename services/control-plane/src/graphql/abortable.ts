const FINISHED: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A subscription's source that stops when its subscriber leaves. An async
 * generator waiting for its next event cannot be returned from outside until
 * it yields, so a client's `complete` (or a closed socket) would leave it
 * listening until the next event; here `return()` aborts the signal the
 * generator waits on, and answers at once.
 */
export function abortable<T>(start: (signal: AbortSignal) => AsyncGenerator<T>): AsyncGenerator<T, undefined> {
  const controller = new AbortController();
  const source = start(controller.signal);
  const it: AsyncGenerator<T, undefined> = {
    next: () =>
      controller.signal.aborted ? Promise.resolve(FINISHED) : (source.next() as Promise<IteratorResult<T, undefined>>),
    return: async () => {
      controller.abort();
      void source.return(undefined).catch(() => undefined);
      return FINISHED;
    },
    throw: async (err: unknown) => {
      controller.abort();
      return (await source.throw(err)) as IteratorResult<T, undefined>;
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}
