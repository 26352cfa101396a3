import type { Driver, ExitInfo, ExitReason, RunCommand, RunHandle, StartedRun } from "@baton/proto";
import { ExecutionEvents } from "./events.js";
import { RunOutput } from "./output.js";
import { OrderedPublisher, type PublishFn } from "./publisher.js";

export interface RunDeps {
  driver: Driver;
  runnerId: string;
  /** JetStream subject of this execution's events. */
  subject: string;
  publish: PublishFn;
  log: (line: string) => void;
}

/** setTimeout fires at once past 2^31-1 ms (~24.8 days); longer timeouts are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One execution inside the host: start through the driver, turn output into
 * events, enforce the timeout, cancel on request, and report `exited` last,
 * after all output. `done` resolves once every event is acknowledged.
 */
export class Execution {
  readonly executionId: string;
  /** SIGTERM to SIGKILL, from the spec; shutdown caps it. */
  readonly graceMs: number;
  readonly done: Promise<void>;
  private reason: "cancelled" | "timeout" | undefined;
  private handle: RunHandle | undefined;
  /** A stop requested before the run had a handle: the grace to apply once it has one. */
  private pendingCancelMs: number | undefined;
  /** The SIGTERM-to-SIGKILL clock runs: later requests never restart or shorten it (only a fence does). */
  private stopping = false;
  private fenced = false;
  private timer: NodeJS.Timeout | undefined;
  /** Once the run has exited its pid may be reused: never signal it again. */
  private ended = false;
  private readonly publisher: OrderedPublisher;
  private readonly output: RunOutput;

  constructor(
    private readonly command: RunCommand,
    private readonly deps: RunDeps,
  ) {
    this.executionId = command.executionId;
    this.graceMs = command.spec.graceMs;
    this.publisher = new OrderedPublisher(deps.subject, deps.publish, {
      onError: (err) => deps.log(`publishing events of ${this.executionId} failed, will retry: ${String(err)}`),
    });
    const events = new ExecutionEvents(this.executionId, deps.runnerId, this.publisher);
    this.output = new RunOutput((body) => events.emit(body));
    this.done = this.run(events);
  }

  /**
   * Cancel requested; the first reason (cancel or timeout) wins. Safe before
   * start, after exit, and repeated: only the first request starts the
   * SIGTERM / SIGKILL clock, a later one (a resent cancel) is a no-op.
   * Returns false when it was one.
   */
  cancel(graceMs: number): boolean {
    if (this.ended || this.stopping) return false;
    this.reason ??= "cancelled";
    this.output.system(`cancel requested: stopping the run (grace ${graceMs} ms)`);
    this.terminate(graceMs);
    return true;
  }

  /** Stops retrying publishes (shutdown while NATS is unreachable); `done` then resolves. */
  abandon(): void {
    this.publisher.close();
  }

  /**
   * The control plane has already ended this run (LOST, say): kill it at once
   * (no grace) and publish nothing more for it. `done` still resolves once
   * the process is gone, which frees its slot.
   */
  fence(): void {
    if (this.fenced) return;
    this.fenced = true;
    this.publisher.close();
    this.stopping = true;
    this.kill(0); // overrides any grace already running
  }

  private async run(events: ExecutionEvents): Promise<void> {
    const output = this.output;
    let started: StartedRun;
    try {
      started = await this.deps.driver.start(this.executionId, this.command.spec, {
        stdout: (chunk) => output.stdout(chunk),
        stderr: (chunk) => output.stderr(chunk),
      });
    } catch (err) {
      this.ended = true;
      output.finish();
      const message = err instanceof Error ? err.message : String(err);
      events.emit({ type: "exited", reason: "error", exitCode: null, signal: null, message });
      return this.publisher.idle();
    }
    this.handle = started.handle;
    events.emit({ type: "started", handle: started.handle });
    if (this.pendingCancelMs !== undefined) this.kill(this.pendingCancelMs);
    this.armTimeout();
    let exit: ExitInfo = { exitCode: null, signal: null };
    let message: string | undefined;
    try {
      exit = await started.exited;
    } catch (err) {
      message = `lost track of the run: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.ended = true;
    clearTimeout(this.timer);
    output.finish();
    const reason: ExitReason = this.reason ?? "exit";
    const { exitCode, signal } = exit;
    events.emit({ type: "exited", reason, exitCode, signal, ...(message === undefined ? {} : { message }) });
    return this.publisher.idle();
  }

  private armTimeout(): void {
    const seconds = this.command.spec.timeoutSeconds;
    if (seconds === undefined) return;
    let left = seconds * 1000;
    const arm = (): void => {
      const wait = Math.min(left, MAX_TIMER_MS);
      left -= wait;
      this.timer = setTimeout(() => {
        if (left > 0) return arm();
        if (this.stopping) return; // already being stopped (cancelled)
        this.reason ??= "timeout";
        this.output.system(`timed out after ${seconds} s: stopping the run`);
        this.terminate(this.command.spec.graceMs);
      }, wait);
    };
    arm();
  }

  /** Starts the SIGTERM / SIGKILL clock, once. */
  private terminate(graceMs: number): void {
    if (this.ended || this.stopping) return;
    this.stopping = true;
    this.kill(graceMs);
  }

  /** Asks the driver to stop the run, or remembers it until the run has a handle. */
  private kill(graceMs: number): void {
    if (this.ended) return;
    if (!this.handle) {
      this.pendingCancelMs = graceMs;
      return;
    }
    this.deps.driver
      .cancel(this.handle, { graceMs })
      .catch((err: unknown) => this.deps.log(`cancelling ${this.executionId} failed: ${String(err)}`));
  }
}
