/** Publishes one message to JetStream with a dedup id; resolves on the stream's ack. */
export type PublishFn = (subject: string, data: Uint8Array, msgID: string) => Promise<unknown>;

/**
 * How many messages a run may have held in its publisher (enqueued, not yet
 * acknowledged) before it takes more output: ready() waits below it. A log
 * message carries up to 500 lines (DEFAULT_BATCH_LIMITS), so a run holds
 * some 32,000 lines at most, whatever its program prints; a driver that
 * reads a file (the local one) leaves the rest on disk meanwhile.
 */
export const READY_BACKLOG_MESSAGES = 64;

export interface PublisherOptions {
  /** Messages in flight (published, ack not yet seen). */
  window?: number;
  /** Delay before resending after a failure; doubles up to retryMaxMs. */
  retryMs?: number;
  retryMaxMs?: number;
  /** ready() resolves while fewer messages than this are held; default READY_BACKLOG_MESSAGES. */
  readyBacklog?: number;
  onError?: (err: unknown) => void;
}

interface Pending {
  msgID: string;
  data: Uint8Array;
  state: "queued" | "sending" | "acked" | "failed";
}

/**
 * Publishes one execution's events to one subject in order, pipelined: up to
 * `window` publishes are on the wire at once and one connection keeps their
 * order. When one fails, nothing new is sent until everything in flight has
 * settled; then every message not acknowledged is resent in the original
 * order. A resend of something the server did store is dropped by JetStream's
 * dedup window (msgID), so a number is never skipped and never stored twice.
 */
export class OrderedPublisher {
  private readonly queue: Pending[] = [];
  /** queue[0..sent) have been handed to publish at least once since the last rewind. */
  private sent = 0;
  private inFlight = 0;
  private failed = 0;
  private delayMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readyWaiters: (() => void)[] = [];

  constructor(
    private readonly subject: string,
    private readonly publish: PublishFn,
    private readonly options: PublisherOptions = {},
  ) {
    this.delayMs = options.retryMs ?? 100;
  }

  enqueue(msgID: string, data: Uint8Array): void {
    if (this.closed) return;
    this.queue.push({ msgID, data, state: "queued" });
    this.pump();
  }

  /** Resolves once everything enqueued so far is acknowledged (or the publisher is closed). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves when the publisher can take more: fewer than `readyBacklog`
   * messages held (enqueued and not yet acknowledged), or closed. What the
   * host gives a driver as RunIo.ready (back-pressure on a run's output).
   */
  ready(): Promise<void> {
    if (this.isReady()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Gives up on what is not yet acknowledged (shutdown with NATS unreachable). */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.queue.length = 0;
    this.wakeIdle();
    this.wakeReady();
  }

  private isReady(): boolean {
    return this.closed || this.queue.length < (this.options.readyBacklog ?? READY_BACKLOG_MESSAGES);
  }

  private isIdle(): boolean {
    return this.closed || (this.queue.length === 0 && this.inFlight === 0);
  }

  private pump(): void {
    const window = this.options.window ?? 256;
    while (!this.closed && this.failed === 0 && this.retryTimer === undefined && this.inFlight < window) {
      const pending = this.queue[this.sent];
      if (!pending) return;
      this.sent++;
      if (pending.state === "acked") continue;
      pending.state = "sending";
      this.inFlight++;
      this.publish(this.subject, pending.data, pending.msgID).then(
        () => this.settle(pending, "acked"),
        (err: unknown) => {
          this.options.onError?.(err);
          this.settle(pending, "failed");
        },
      );
    }
  }

  private settle(pending: Pending, state: "acked" | "failed"): void {
    this.inFlight--;
    if (this.closed) return;
    pending.state = state;
    if (state === "failed") this.failed++;
    while (this.queue[0]?.state === "acked") {
      this.queue.shift();
      this.sent--;
    }
    if (this.failed > 0) {
      if (this.inFlight === 0) this.rewind();
      return;
    }
    this.delayMs = this.options.retryMs ?? 100;
    this.pump();
    if (this.isReady()) this.wakeReady();
    if (this.isIdle()) this.wakeIdle();
  }

  /** Everything has settled and something failed: resend from the first unacknowledged message, later. */
  private rewind(): void {
    for (const pending of this.queue) if (pending.state === "failed") pending.state = "queued";
    this.failed = 0;
    this.sent = 0;
    const delay = this.delayMs;
    this.delayMs = Math.min(delay * 2, this.options.retryMaxMs ?? 2000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, delay);
  }

  private wakeReady(): void {
    if (this.readyWaiters.length === 0) return;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const wake of waiters) wake();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
