/**
 * Where a container's log has been read to, so a follow that breaks can be
 * resumed with sinceTime (inclusive, and possibly rounded down by the
 * server) without losing or repeating a line: lines older than the last
 * timestamp seen are skipped, and as many with that same timestamp as were
 * already seen. Pure.
 */
export class LogCursor {
  private lastNanos = -1n;
  private lastStamp: string | undefined;
  /** Lines seen with the last timestamp. */
  private atLast = 0;
  /** Lines with the last timestamp still to skip in the current connection. */
  private replay = 0;
  /** Lines taken so far (from the start of the log). */
  taken = 0;

  /** Call before each new connection: the sinceTime to ask for (undefined: from the start). */
  resume(): string | undefined {
    this.replay = this.atLast;
    return this.lastStamp;
  }

  /** For each line a connection gives, in order: true when it is new (not seen by an earlier connection). */
  take(stamp: string): boolean {
    const nanos = timestampNanos(stamp);
    if (nanos === undefined) {
      // No readable timestamp: cannot be placed, so it is counted as new.
      this.taken += 1;
      return true;
    }
    if (nanos < this.lastNanos) return false;
    if (nanos === this.lastNanos) {
      if (this.replay > 0) {
        this.replay -= 1;
        return false;
      }
      this.atLast += 1;
    } else {
      this.lastNanos = nanos;
      this.lastStamp = stamp;
      this.atLast = 1;
      this.replay = 0;
    }
    this.taken += 1;
    return true;
  }
}

/** Nanoseconds since the epoch of an RFC 3339 time (the kubelet writes nanoseconds), or undefined. */
export function timestampNanos(stamp: string): bigint | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  if (!match?.[1] || !match[3]) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms / 1000) * 1_000_000_000n + BigInt((match[2] ?? "").padEnd(9, "0"));
}

/**
 * Splits the bytes of a timestamped log ("<RFC 3339> <text>\n" per line)
 * into lines; keeps an unfinished line until its newline arrives.
 */
export class TimestampedLines {
  private pending: Buffer[] = [];

  push(chunk: Buffer): Array<{ stamp: string; text: Buffer }> {
    const lines: Array<{ stamp: string; text: Buffer }> = [];
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      const part = chunk.subarray(start, end + 1);
      const line = this.pending.length > 0 ? Buffer.concat([...this.pending, part]) : part;
      this.pending = [];
      lines.push(split(line));
      start = end + 1;
    }
    if (start < chunk.length) this.pending.push(Buffer.from(chunk.subarray(start)));
    return lines;
  }

  /** The unfinished line at the end of a log, if any (without a newline). */
  rest(): { stamp: string; text: Buffer } | undefined {
    if (this.pending.length === 0) return undefined;
    const line = Buffer.concat(this.pending);
    this.pending = [];
    return split(line);
  }
}

function split(line: Buffer): { stamp: string; text: Buffer } {
  const space = line.indexOf(32);
  // The timestamp is at most ~35 bytes; anything else is not a timestamp prefix.
  if (space <= 0 || space > 40) return { stamp: "", text: line };
  return { stamp: line.subarray(0, space).toString("latin1"), text: line.subarray(space + 1) };
}
