/** RFC 3339 as engines print it with timestamps=true (Docker with nanoseconds, Podman to the second). */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;
/** Longest prefix worth looking at for a timestamp ("2006-01-02T15:04:05.999999999+07:00 "). */
const TIMESTAMP_MAX = 36;
const NEWLINE = 0x0a;

export type Deliver = (chunk: Uint8Array, at: string | undefined) => void;

/**
 * One stream (stdout or stderr) of a container's demultiplexed log, read
 * with timestamps=true: every record starts with the engine's timestamp and
 * a space. A record is a full line (it ends with "\n") or part of a long
 * line the engine split (no "\n": the rest comes in the next frame, with a
 * timestamp of its own). The timestamps are stripped and given to `deliver`
 * as ISO 8601; the content goes on unchanged, so the host's line splitter
 * joins the parts of a long line.
 *
 * The first `skipLines` full lines are dropped: a recovered run's lines the
 * control plane already has.
 */
export class TimestampedStream {
  private skip: number;

  constructor(
    private readonly deliver: Deliver,
    skipLines = 0,
  ) {
    this.skip = skipLines;
  }

  /** One frame's payload, as the engine sent it. */
  frame(payload: Uint8Array): void {
    let pos = 0;
    while (pos < payload.length) {
      const head = Buffer.from(payload.buffer, payload.byteOffset + pos, Math.min(TIMESTAMP_MAX, payload.length - pos));
      const stamp = TIMESTAMP.exec(head.toString("latin1"));
      let at: string | undefined;
      if (stamp?.[1]) {
        const time = new Date(stamp[1]);
        at = Number.isNaN(time.getTime()) ? undefined : time.toISOString();
        pos += stamp[0].length;
      }
      const newline = payload.indexOf(NEWLINE, pos);
      const end = newline === -1 ? payload.length : newline + 1;
      this.content(payload.subarray(pos, end), at);
      pos = end;
    }
  }

  private content(chunk: Uint8Array, at: string | undefined): void {
    let rest = chunk;
    while (this.skip > 0 && rest.length > 0) {
      const newline = rest.indexOf(NEWLINE);
      if (newline === -1) return; // the middle of a line being skipped
      this.skip -= 1;
      rest = rest.subarray(newline + 1);
    }
    if (rest.length > 0) this.deliver(rest, at);
  }
}

/** One frame of the engine's multiplexed stream: 1 stdout, 2 stderr (0 stdin never comes back). */
export interface Frame {
  stream: 1 | 2;
  payload: Uint8Array;
}

const HEADER = 8;

/**
 * Splits the engine's multiplexed stream (Tty off: an 8-byte header with the
 * stream and the length, then the payload) into whole frames, whatever the
 * chunking. Iterative with one growing buffer: dockerode's demuxStream
 * recurses once per frame and overflows the stack on a large log read at once.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (frame: Frame) => void) {}

  push(chunk: Uint8Array): void {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    let pos = 0;
    while (this.pending.length - pos >= HEADER) {
      const length = this.pending.readUInt32BE(pos + 4);
      if (this.pending.length - pos - HEADER < length) break;
      const kind = this.pending[pos];
      const payload = this.pending.subarray(pos + HEADER, pos + HEADER + length);
      this.onFrame({ stream: kind === 2 ? 2 : 1, payload });
      pos += HEADER + length;
    }
    this.pending = pos === 0 ? this.pending : Buffer.from(this.pending.subarray(pos));
  }
}

/** All frames of a complete multiplexed buffer (a non-follow log read). */
export function decodeFrames(buffer: Uint8Array): Frame[] {
  const frames: Frame[] = [];
  new FrameDecoder((frame) => frames.push(frame)).push(buffer);
  return frames;
}

/** The whole second (Unix time) of a record read with timestamps=true, if it starts with one. */
export function recordSecond(payload: Uint8Array): number | undefined {
  const head = Buffer.from(payload.buffer, payload.byteOffset, Math.min(TIMESTAMP_MAX, payload.length));
  const stamp = TIMESTAMP.exec(head.toString("latin1"));
  if (!stamp?.[1]) return undefined;
  const time = Date.parse(stamp[1]);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/**
 * Which records of a log read are new. Reads ask for the records since a
 * whole second (the finest `since` both Docker and Podman take) and so
 * repeat that second's records already delivered: they are skipped by count
 * (an engine's log only grows, in time order). The newest record of a read
 * taken while the container runs may be cut short (the engine was writing
 * it): it is held back until a later read shows it unchanged or followed by
 * another, or the container has ended.
 */
export class RecordCursor {
  private second = 0;
  private inSecond = 0;
  private heldBack: Frame | undefined;

  /** The `since` for the next read (0: from the beginning). */
  get since(): number {
    return this.second;
  }

  /** The records of a read (since `since`) not delivered yet, in order; `final` once the container has ended. */
  fresh(frames: readonly Frame[], final: boolean): Frame[] {
    let skip = this.inSecond;
    let second = this.second;
    const fresh: Array<{ frame: Frame; second: number }> = [];
    for (const frame of frames) {
      second = recordSecond(frame.payload) ?? second;
      if (skip > 0 && second <= this.second) {
        skip -= 1;
        continue;
      }
      fresh.push({ frame, second });
    }
    const newest = fresh.at(-1);
    if (!final && newest) {
      const confirmed = this.heldBack !== undefined && sameFrame(this.heldBack, newest.frame);
      this.heldBack = confirmed ? undefined : newest.frame;
      if (!confirmed) fresh.pop();
    } else {
      this.heldBack = undefined;
    }
    for (const record of fresh) {
      if (record.second === this.second) {
        this.inSecond += 1;
      } else {
        this.second = record.second;
        this.inSecond = 1;
      }
    }
    return fresh.map((record) => record.frame);
  }
}

function sameFrame(a: Frame, b: Frame): boolean {
  return a.stream === b.stream && Buffer.compare(Buffer.from(a.payload), Buffer.from(b.payload)) === 0;
}
