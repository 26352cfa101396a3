/** One line of a container's log, with the kubelet-style time it was read at. */
export interface LogEntry {
  nanos: bigint;
  /** RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano), as the kubelet writes. */
  timestamp: string;
  /** The line with its newline. */
  text: string;
}

type Follower = { onEntry: (entry: LogEntry) => void; onEnd: () => void };

/**
 * A container's merged log as the double's kubelet keeps it: the engine's
 * own timestamps have whole seconds only (Podman 4.3), so each line is
 * stamped when it is read from the attach stream, strictly increasing, so a
 * client can resume after the last timestamp it saw with sinceTime.
 */
export class PodLog {
  private readonly entries: LogEntry[] = [];
  private readonly followers = new Set<Follower>();
  private last = 0n;
  private ended = false;

  append(text: string): void {
    // Read the clock once: a second reading may be lower (its sub-millisecond part wraps), and the
    // timestamps must strictly increase for a client resuming with sinceTime.
    const now = nowNanos();
    const nanos = now > this.last ? now : this.last + 1n;
    this.last = nanos;
    const entry = { nanos, timestamp: formatNanos(nanos), text };
    this.entries.push(entry);
    for (const follower of this.followers) follower.onEntry(entry);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const follower of this.followers) follower.onEnd();
    this.followers.clear();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The lines at or after `since` (nanoseconds), then, when following, each new one until the end. */
  read(since: bigint | undefined, follow: boolean, onEntry: (entry: LogEntry) => void, onEnd: () => void): () => void {
    for (const entry of this.entries) if (since === undefined || entry.nanos >= since) onEntry(entry);
    if (!follow || this.ended) {
      onEnd();
      return () => {};
    }
    const follower: Follower = { onEntry, onEnd };
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }
}

function nowNanos(): bigint {
  // Milliseconds from the wall clock, the rest from the monotonic clock: finer than Date, still wall time.
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
}

export function formatNanos(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n);
  const seconds = new Date(ms).toISOString().slice(0, 19);
  const fraction = String(nanos % 1_000_000_000n)
    .padStart(9, "0")
    .replace(/0+$/, "");
  return `${seconds}${fraction ? `.${fraction}` : ""}Z`;
}
