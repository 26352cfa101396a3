import { parseStepLine, type WireLogLine } from "@baton/proto";
import type { RunEventBody } from "./events.js";
import { LineSplitter, MAX_LINE_BYTES } from "./lines.js";
import { SecretMasker } from "./mask.js";

export interface BatchLimits {
  /** A partial batch waits at most this long: short enough to feel live, long enough to batch a burst. */
  flushMs: number;
  maxLines: number;
  maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { flushMs: 10, maxLines: 500, maxBytes: 256 * 1024 };

/**
 * Turns a run's stdout / stderr into events: log lines batched into `log`
 * events, step lines on stdout into `report` events. A report flushes the
 * pending batch first so events keep the order the task printed them in.
 */
export class RunOutput {
  private batch: WireLogLine[] = [];
  private batchBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Secret values are masked in whole lines, before a line is parsed or batched. */
  private readonly out = new LineSplitter(
    (line) => this.stdoutLine(line),
    MAX_LINE_BYTES,
    (t, cut) => this.mask(t, cut),
  );
  private readonly err = new LineSplitter(
    (line) => this.add("stderr", line),
    MAX_LINE_BYTES,
    (t, cut) => this.mask(t, cut),
  );
  /** The platform's timestamp of the chunk being split (lines it completes carry it), if it gave one. */
  private chunkAt: string | undefined;

  constructor(
    private readonly emit: (body: RunEventBody) => void,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
    /** "combined" when the platform merges stderr into stdout (Driver.mergedOutput). */
    private readonly stdoutStream: "stdout" | "combined" = "stdout",
    /** The run's secret values (mask.ts): none are published in a line, a step record or a system line. */
    readonly masker: SecretMasker = new SecretMasker(),
  ) {}

  private mask(text: string, cut: boolean): string {
    return this.masker.empty ? text : this.masker.text(text, cut);
  }

  stdout(chunk: Uint8Array, at?: string): void {
    this.chunkAt = at;
    this.out.push(chunk);
    this.chunkAt = undefined;
  }

  stderr(chunk: Uint8Array, at?: string): void {
    this.chunkAt = at;
    this.err.push(chunk);
    this.chunkAt = undefined;
  }

  /** A line from the runner itself (why a step line was refused, a timeout...). */
  system(text: string): void {
    this.add("system", this.mask(text, false));
  }

  /** The streams have ended: emit partial last lines and whatever is batched. */
  finish(): void {
    this.out.end();
    this.err.end();
    this.flush();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const lines = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.emit({ type: "log", lines });
  }

  private stdoutLine(line: string): void {
    const parsed = parseStepLine(line);
    if (parsed.kind === "log") {
      this.add(this.stdoutStream, parsed.text);
    } else if (parsed.kind === "record") {
      this.flush();
      // The line was masked as text; a value written with JSON escapes (\u0041...) is masked once parsed.
      this.emit({ type: "report", record: this.masker.deep(parsed.record) });
    } else {
      this.add(this.stdoutStream, parsed.text);
      this.add("system", `invalid step line ignored: ${parsed.reason}`);
    }
  }

  private add(stream: WireLogLine["stream"], text: string): void {
    this.batch.push({ stream, text, at: (stream !== "system" && this.chunkAt) || new Date().toISOString() });
    this.batchBytes += Buffer.byteLength(text);
    if (this.batch.length >= this.limits.maxLines || this.batchBytes >= this.limits.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.flushMs);
  }
}
