import { close, type FSWatcher, read, watch } from "node:fs";
import { rm } from "node:fs/promises";

/** The most a tailer reads (and hands over) at once. */
export const SPOOL_CHUNK_BYTES = 256 * 1024;

/**
 * What the tail hands over at once: a larger read is delivered in slices of
 * this size with a turn of the event loop between them, so the runner (a
 * child's exit, whose time is taken when it is seen; heartbeats; acks) never
 * waits long behind the splitting of a chunk into lines.
 */
export const SPOOL_SLICE_BYTES = 4 * 1024;

/** The first read's size; reads that fill the buffer double it up to the chunk size. */
const SPOOL_FIRST_CHUNK_BYTES = 16 * 1024;

/** How often a tailer looks for more when the file cannot be watched (fs.watch failed: no inotify watches left...). */
export const SPOOL_POLL_MS = 25;

export interface SpoolTailOptions {
  /** Where each chunk read goes, in file order (io.stdout or io.stderr). */
  deliver: (chunk: Uint8Array) => void;
  /** Awaited before each read (RunIo.ready): while it is pending nothing is read, and the backlog stays in the file. */
  ready?: () => Promise<void>;
  /** Largest read; default SPOOL_CHUNK_BYTES. */
  chunkBytes?: number;
}

/**
 * Follows one spool file (a child's stdout or stderr, written straight to a
 * file instead of a pipe, so the program never waits for the runner) from
 * its start: reads it in chunks (handed over in slices), waits for more at the end of file (fs.watch
 * on the file; a change seen while a read was under way makes the next wait
 * a re-read, so nothing written between a read and the wait is missed), and
 * after finish() reads to the end, closes and removes the file, and resolves
 * `done`. `done` rejects only when the file cannot be read.
 */
export class SpoolTail {
  readonly done: Promise<void>;
  private finishing = false;
  /** Something changed since the last read began: read again before waiting. */
  private changed = false;
  private wake: (() => void) | undefined;
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;

  /** `fd`: the file at `path`, open for reading; the tail owns it (and closes it) from now on. */
  constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly options: SpoolTailOptions,
  ) {
    this.done = this.follow();
  }

  /** The writers are gone (the child exited, its group was killed): read to the end and stop. */
  finish(): void {
    this.finishing = true;
    this.notify();
  }

  private async follow(): Promise<void> {
    try {
      this.watch();
      await this.readAll();
    } finally {
      this.unwatch();
      close(this.fd, () => {});
      await rm(this.path, { force: true }).catch(() => undefined);
    }
  }

  private async readAll(): Promise<void> {
    const most = this.options.chunkBytes ?? SPOOL_CHUNK_BYTES;
    // Starts small (a quiet run holds little) and doubles while reads fill it.
    let buffer = Buffer.allocUnsafe(Math.min(most, SPOOL_FIRST_CHUNK_BYTES));
    let position = 0;
    for (;;) {
      await this.options.ready?.();
      // Taken before the read: a finish or a write noticed while it runs counts for the next round.
      const last = this.finishing;
      this.changed = false;
      const bytesRead = await readAt(this.fd, buffer, position);
      if (bytesRead > 0) {
        position += bytesRead;
        // A copy of what was read: the reader may keep it, the buffer is read into again.
        const chunk = Buffer.from(buffer.subarray(0, bytesRead));
        for (let at = 0; at < bytesRead; at += SPOOL_SLICE_BYTES) {
          if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          this.options.deliver(chunk.subarray(at, at + SPOOL_SLICE_BYTES));
        }
        if (bytesRead === buffer.length && buffer.length < most)
          buffer = Buffer.allocUnsafe(Math.min(most, 2 * buffer.length));
        continue;
      }
      if (last) return;
      if (!this.changed && !this.finishing) await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    this.changed = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** fs.watch on the file; polling when it cannot be watched. */
  private watch(): void {
    try {
      this.watcher = watch(this.path, { persistent: false }, () => this.notify());
      this.watcher.on("error", () => {
        this.unwatch();
        this.startPolling();
      });
    } catch {
      this.startPolling();
    }
  }

  private startPolling(): void {
    this.poll = setInterval(() => this.notify(), SPOOL_POLL_MS);
    this.poll.unref();
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    clearInterval(this.poll);
    this.poll = undefined;
  }
}

/** pread into `buffer` from `position`: the bytes read, 0 at the end of the file. */
function readAt(fd: number, buffer: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, 0, buffer.length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))),
  );
}
