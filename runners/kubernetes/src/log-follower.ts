import type { Readable } from "node:stream";
import { Writable } from "node:stream";
import type { RunIo } from "@baton/proto";
import { type KubeConfig, Log } from "@kubernetes/client-node";
import { statusOf } from "./api-errors.js";
import { CONTAINER_NAME } from "./job-spec.js";
import { LogCursor, TimestampedLines } from "./log-cursor.js";

/** One log request's body, and how to end it. */
export interface LogConnection {
  body: Readable;
  abort(): void;
}

export type OpenLog = (options: { follow: boolean; sinceTime?: string }) => Promise<LogConnection>;

/**
 * A pod log request through client-node's Log (follow, timestamps,
 * sinceTime). Log pipes the response into the stream it is given and gives
 * no other way to see the body end or fail; the sink takes the body from
 * the 'pipe' event instead, so a broken connection is seen as one.
 */
export function logOpener(kubeConfig: KubeConfig, namespace: string, pod: string): OpenLog {
  return async ({ follow, sinceTime }) => {
    let body: Readable | undefined;
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    sink.once("pipe", (source: Readable) => {
      source.unpipe(sink);
      body = source;
    });
    const controller = await new Log(kubeConfig).log(namespace, pod, CONTAINER_NAME, sink, {
      follow,
      timestamps: true,
      ...(sinceTime ? { sinceTime } : {}),
    });
    if (!body) throw new Error(`the log of pod ${pod} answered without a body`);
    return { body, abort: () => controller.abort() };
  };
}

export interface FollowerOptions {
  open: OpenLog;
  io: RunIo;
  /** Lines already delivered before (a recovered run's resume point). */
  skipLines: number;
  log: (line: string) => void;
  /** How long a follow may stay open once the container has ended before it is cut (a final read gets the rest). */
  endedGraceMs?: number;
}

/**
 * Follows a container's log and gives each new line to io.stdout with its
 * timestamp. A connection that ends while the container runs is resumed
 * from the last timestamp; once the container has ended, one last read
 * from there gets whatever the follow missed, and `done` resolves: all
 * output has been delivered. stop() ends it without resolving (the run goes
 * on, for the next runner to recover).
 */
export class LogFollower {
  readonly done: Promise<void>;
  private readonly cursor = new LogCursor();
  private ended = false;
  private stopped = false;
  private current: LogConnection | undefined;
  private wake: (() => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: FollowerOptions) {
    this.done = this.run();
    // stop() leaves it pending; a failure is logged inside.
    this.done.catch(() => {});
  }

  /** The container has ended: finish with a complete read. */
  containerEnded(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake?.();
    if (this.current) this.cutAfterGrace(this.current);
  }

  /** A follow still open after the container ended is cut after a grace: the final read gets the rest. */
  private cutAfterGrace(connection: LogConnection): void {
    this.after(this.options.endedGraceMs ?? 10_000, () => {
      if (this.current === connection) connection.abort();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.current?.abort();
    this.wake?.();
  }

  private async run(): Promise<void> {
    let backoffMs = 200;
    for (;;) {
      if (this.stopped) return new Promise<never>(() => {});
      const final = this.ended;
      let delivered = 0;
      try {
        delivered = await this.read(!final);
      } catch (err) {
        const status = statusOf(err);
        // 404: the pod is gone, its log with it. 400: its container is not there (yet, or any more).
        if (status === 404 || (final && status === 400)) {
          if (!final) this.options.log(`the log of the run's pod is gone (HTTP ${status}); output may be incomplete`);
          return;
        }
        if (final) {
          this.options.log(`reading the rest of the log failed: ${String(err)}; output may be incomplete`);
          return;
        }
      }
      if (this.stopped) return new Promise<never>(() => {});
      if (final) return;
      if (delivered > 0) backoffMs = 200;
      else {
        // Nothing new: wait a little (or for the container's end) before asking again.
        await this.pause(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
    }
  }

  /** One connection: resolves with the number of new lines it delivered, once it ends. */
  private async read(follow: boolean): Promise<number> {
    const sinceTime = this.cursor.resume();
    const connection = await this.options.open({ follow, ...(sinceTime ? { sinceTime } : {}) });
    if (this.stopped) {
      connection.abort();
      return 0;
    }
    this.current = connection;
    if (this.ended && follow) this.cutAfterGrace(connection);
    const lines = new TimestampedLines();
    let delivered = 0;
    const deliver = (stamp: string, text: Buffer): void => {
      if (!this.cursor.take(stamp) || this.cursor.taken <= this.options.skipLines) return;
      delivered += 1;
      if (stamp) this.options.io.stdout(text, stamp);
      else this.options.io.stdout(text);
    };
    let clean = false;
    await new Promise<void>((resolve) => {
      connection.body.on("data", (chunk: Buffer) => {
        if (this.stopped) return;
        for (const line of lines.push(chunk)) deliver(line.stamp, line.text);
      });
      connection.body.once("end", () => {
        clean = true;
        resolve();
      });
      connection.body.once("error", () => resolve());
      connection.body.once("close", () => resolve());
    });
    this.current = undefined;
    // An unfinished last line is the log's own end only when the whole log was read after the container ended.
    const rest = lines.rest();
    if (rest && clean && !follow && !this.stopped) deliver(rest.stamp, rest.text);
    return delivered;
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = () => resolve();
      this.after(ms, () => resolve());
    }).then(() => {
      this.wake = undefined;
    });
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }
}
