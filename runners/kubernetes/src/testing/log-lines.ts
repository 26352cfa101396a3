/**
 * The Docker API's multiplexed log stream (8-byte headers: stream, 0, 0, 0,
 * big-endian length) read as one merged series of lines, as the kubelet
 * serves a container's log: stdout and stderr together, in the engine's order.
 */
export class MergedLogLines {
  private pending: Buffer = Buffer.alloc(0);
  /** Partial lines, per stream, until their newline arrives. */
  private readonly partial: [string, string, string] = ["", "", ""];

  /** Feeds raw bytes; returns the complete lines they finish (each ends with "\n"). */
  push(chunk: Buffer): string[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const lines: string[] = [];
    while (this.pending.length >= 8) {
      const stream = this.pending[0] ?? 1;
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const payload = this.pending.subarray(8, 8 + size).toString("utf8");
      this.pending = this.pending.subarray(8 + size);
      const index = stream === 2 ? 2 : 1;
      const text = this.partial[index] + payload;
      const parts = text.split("\n");
      this.partial[index] = parts.pop() ?? "";
      for (const part of parts) lines.push(`${part}\n`);
    }
    return lines;
  }

  /** What is left without a newline at the end of the stream. */
  flush(): string[] {
    const rest = [this.partial[1], this.partial[2]].filter((p) => p !== "").map((p) => `${p}\n`);
    this.partial[1] = "";
    this.partial[2] = "";
    return rest;
  }
}

/** Nanoseconds since the epoch of an RFC 3339 time, exact beyond milliseconds (for sinceTime). */
export function toNanos(timestamp: string): bigint {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  if (!match?.[1] || !match[3]) throw new Error(`not an RFC 3339 time: ${timestamp}`);
  const seconds = BigInt(Date.parse(`${match[1]}${match[3]}`) / 1000);
  const fraction = BigInt((match[2] ?? "").padEnd(9, "0").slice(0, 9));
  return seconds * 1_000_000_000n + fraction;
}
