import { notFound } from "../../domain/errors.js";
import type { StoredEvent } from "../../domain/events.js";
import { isTerminal } from "../../domain/execution-state.js";
import type { DagRunSnapshot } from "./dag-run-reads.js";

/** "Something about this DAG run changed", from any instance (bus/notifier.ts: `baton.dagrun.<id>`). */
export interface RunNotifications {
  listen(runId: string, listener: () => void): () => void;
}

/** One execution's committed events, from any instance (bus/live.ts: `baton.live.<executionId>`). */
export interface ExecutionEvents {
  listen(executionId: string, listener: (events: StoredEvent[]) => void): () => void;
}

export interface SnapshotSource {
  snapshot(runId: string): Promise<DagRunSnapshot | undefined>;
}

export interface DagRunWatchOptions {
  /** A watched run that has been quiet this long is read once more, in case a live message was lost. */
  quietMs: number;
}

interface Deps extends DagRunWatchOptions {
  reads: SnapshotSource;
  notifications: RunNotifications;
  events: ExecutionEvents;
}

/** What a subscriber sees change: the run's status and attempt, each node attempt's status. */
const changeKey = (s: DagRunSnapshot): string =>
  JSON.stringify([s.run.status, s.run.attempt, s.nodes.map((n) => [n.nodeId, n.attempt, n.status])]);

/** One subscriber's mailbox: only the newest snapshot waits (each is the whole run). */
class Mailbox {
  pending: DagRunSnapshot | undefined;
  failure: Error | undefined;
  private wake: (() => void) | undefined;

  put(snapshot: DagRunSnapshot): void {
    this.pending = snapshot;
    this.ring();
  }

  fail(err: Error): void {
    this.failure = err;
    this.ring();
  }

  ring(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}

/**
 * One watched run on this instance: a single reader whose snapshots go to
 * every subscriber. It reads when the run's notification fires (a node
 * inserted, the run ended or cancelled) or when one of its unfinished node
 * executions publishes a STATUS event (QUEUED, DISPATCHED, RUNNING, the end,
 * a retry taking the node over). Reads triggered while one is going coalesce
 * into one more.
 */
class RunWatch {
  private readonly mailboxes = new Set<Mailbox>();
  private readonly heard = new Map<string, () => void>();
  private readonly stopNotifications: () => void;
  private latest: DagRunSnapshot | undefined;
  private key = "";
  private reading = false;
  private again = false;
  private closed = false;
  private quiet: NodeJS.Timeout | undefined;

  constructor(
    private readonly id: string,
    private readonly deps: Deps,
    private readonly onClose: () => void,
  ) {
    this.stopNotifications = deps.notifications.listen(id, () => this.read());
    this.read();
  }

  join(box: Mailbox): void {
    this.mailboxes.add(box);
    if (this.latest) box.put(this.latest);
  }

  leave(box: Mailbox): void {
    this.mailboxes.delete(box);
    if (this.mailboxes.size === 0) this.close();
  }

  private read(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    clearTimeout(this.quiet);
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        const snapshot = await this.deps.reads.snapshot(this.id);
        if (this.closed) return;
        if (!snapshot) throw notFound(`No DAG run ${this.id}.`);
        // A node execution first heard of now may have changed between the read and the listen: read once more.
        if (this.follow(snapshot)) this.again = true;
        this.publish(snapshot);
        if (isTerminal(snapshot.run.status)) {
          this.close();
          return;
        }
      } while (this.again);
    } catch (err) {
      for (const box of this.mailboxes) box.fail(err as Error);
      this.close();
    } finally {
      this.reading = false;
      if (!this.closed) {
        // The safety net: live messages (core NATS) may be dropped. One read per quiet spell, for all subscribers.
        this.quiet = setTimeout(() => this.read(), this.deps.quietMs);
        this.quiet.unref();
      }
    }
  }

  /** Listens to the unfinished node executions and stops listening to finished ones; true if any is new. */
  private follow(snapshot: DagRunSnapshot): boolean {
    const going = new Set(snapshot.nodes.filter((n) => !isTerminal(n.status)).map((n) => n.executionId));
    for (const [executionId, stop] of this.heard) {
      if (going.has(executionId)) continue;
      stop();
      this.heard.delete(executionId);
    }
    let added = false;
    for (const executionId of going) {
      if (this.heard.has(executionId)) continue;
      const stop = this.deps.events.listen(executionId, (events) => {
        if (events.some((e) => e.kind === "STATUS")) this.read();
      });
      this.heard.set(executionId, stop);
      added = true;
    }
    return added;
  }

  private publish(snapshot: DagRunSnapshot): void {
    this.latest = snapshot;
    const key = changeKey(snapshot);
    if (key === this.key) return;
    this.key = key;
    for (const box of this.mailboxes) box.put(snapshot);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.quiet);
    this.stopNotifications();
    for (const stop of this.heard.values()) stop();
    this.heard.clear();
    this.onClose();
  }
}

/**
 * Live snapshots of DAG runs, driven by events: one reader per run per
 * instance however many subscribe, and no per-subscriber polling.
 */
export class DagRunWatches {
  private readonly runs = new Map<string, RunWatch>();
  private readonly deps: Deps;

  constructor(
    reads: SnapshotSource,
    notifications: RunNotifications,
    events: ExecutionEvents,
    options: DagRunWatchOptions,
  ) {
    this.deps = { reads, notifications, events, quietMs: options.quietMs };
  }

  /** Runs watched on this instance now. */
  get watched(): number {
    return this.runs.size;
  }

  /**
   * The run now, then each time it changes; ends after its terminal snapshot,
   * or at once when `signal` aborts (the subscriber left).
   */
  async *watch(runId: string, signal?: AbortSignal): AsyncGenerator<DagRunSnapshot> {
    const box = new Mailbox();
    const run = this.runs.get(runId) ?? this.start(runId);
    run.join(box);
    const onAbort = () => box.ring();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        if (!box.pending && !box.failure && !signal?.aborted) await box.wait();
        if (signal?.aborted) return;
        if (box.failure) throw box.failure;
        const snapshot = box.pending;
        if (!snapshot) continue;
        box.pending = undefined;
        yield snapshot;
        if (isTerminal(snapshot.run.status)) return;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      run.leave(box);
    }
  }

  private start(runId: string): RunWatch {
    const run = new RunWatch(runId, this.deps, () => {
      if (this.runs.get(runId) === run) this.runs.delete(runId);
    });
    this.runs.set(runId, run);
    return run;
  }
}
