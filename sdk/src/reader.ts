import type { JsonValue } from "./json.js";
import type { Awaitable } from "./step.js";

/** Returns the next item, or null / undefined at the end (Spring Batch's ItemReader.read()). */
export type ReadFn<I> = () => Awaitable<I | null | undefined>;

/** Where items come from: an async iterable (an async generator over pages of a query), an iterable, or a read function. */
export type ItemSource<I> = AsyncIterable<I> | Iterable<I> | ReadFn<I>;

/** Where the last committed chunk left the reader. */
export interface ReaderPosition {
  /** Items read by the chunks committed before this run; 0 on a first run. */
  readonly offset: number;
  /** What the reader's state() returned at that commit. */
  readonly state: JsonValue | undefined;
}

/**
 * A reader that positions itself on a restart (Spring Batch's ItemStream),
 * for sources where skipping `offset` items would be wrong or slow: a query
 * that resumes `WHERE id > lastId` from state(), say.
 */
export interface RestartableReader<I> {
  /** Called once per run with the position of the last commit. */
  open(position: ReaderPosition): Awaitable<ItemSource<I>>;
  /** Saved with every commit and handed back to open() on a restart; must be JSON. */
  state?(): unknown;
  close?(): Awaitable<void>;
}

/**
 * A chunk step's reader. A plain ItemSource is restarted the way Spring
 * Batch restarts a counting reader: by reading and discarding the `offset`
 * items already committed, which is right for a source that gives the same
 * items in the same order each time. A RestartableReader positions itself.
 */
export type ItemReader<I> = ItemSource<I> | RestartableReader<I>;

export type ReadResult<I> = { done: true } | { done: false; item: I };

/** A reader opened at a position, pulled one item at a time. */
export interface OpenReader<I> {
  read(): Promise<ReadResult<I>>;
  state(): unknown;
  close(): Promise<void>;
}

function isRestartable<I>(reader: ItemReader<I>): reader is RestartableReader<I> {
  return (
    typeof reader === "object" &&
    reader !== null &&
    !(Symbol.asyncIterator in reader) &&
    !(Symbol.iterator in reader) &&
    typeof (reader as RestartableReader<I>).open === "function"
  );
}

export async function openReader<I>(reader: ItemReader<I>, position: ReaderPosition): Promise<OpenReader<I>> {
  if (isRestartable(reader)) {
    const source = pull(await reader.open(position));
    return {
      read: source.read,
      state: () => reader.state?.(),
      close: async () => {
        await source.close();
        await reader.close?.();
      },
    };
  }
  const source = pull(reader);
  // Spring Batch's jumpToItem(): read past what the committed chunks already handled.
  for (let i = 0; i < position.offset; i++) {
    if ((await source.read()).done) break;
  }
  return { read: source.read, state: () => undefined, close: source.close };
}

function pull<I>(source: ItemSource<I>): Omit<OpenReader<I>, "state"> {
  if (typeof source === "function") {
    return {
      read: async () => {
        const item = await source();
        return item === null || item === undefined ? { done: true } : { done: false, item };
      },
      close: async () => {},
    };
  }
  const iterator: AsyncIterator<I> | Iterator<I> =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<I>)[Symbol.asyncIterator]()
      : (source as Iterable<I>)[Symbol.iterator]();
  let finished = false;
  return {
    read: async () => {
      if (finished) return { done: true };
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        return { done: true };
      }
      return { done: false, item: next.value };
    },
    // Ends a generator early (its finally blocks close cursors and files) when the step stops before the end.
    close: async () => {
      if (!finished) {
        finished = true;
        await iterator.return?.();
      }
    },
  };
}
