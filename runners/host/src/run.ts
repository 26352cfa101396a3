import type {
  Driver,
  ExitInfo,
  ExitReason,
  HeldRun,
  PreparedRun,
  RunCommand,
  RunHandle,
  RunIo,
  RunRef,
  RunSpec,
  StartedRun,
} from "@baton/proto";
import { traceMark } from "@baton/proto";
import { ExecutionEvents } from "./events.js";
import type { RunLogFields, RunnerLog } from "./observability/log.js";
import type { RunOutcome } from "./observability/metrics.js";
import { RunOutput } from "./output.js";
import { checkRunnerProgram } from "./program-allowlist.js";
import { OrderedPublisher, type PublishFn } from "./publisher.js";
import { resolveSecrets, type SecretSource } from "./secrets.js";

/** What became of a claim: granted, refused (the run is dropped silently), or granted across a stall (not started). */
export type ClaimVerdict = "go" | "drop" | "stalled";

export interface RunDeps {
  driver: Driver;
  /**
   * The claim, still in flight: the run is prepared meanwhile (Driver.prepare)
   * and started only on "go". Without it the run was claimed already.
   */
  claim?: Promise<ClaimVerdict>;
  /** A run this runner held before it restarted: adopt it through driver.recover instead of starting it. */
  recovered?: HeldRun;
  runnerId: string;
  /** JetStream subject of this execution's events. */
  subject: string;
  publish: PublishFn;
  log: RunnerLog;
  /** The driver started the run (not called for an adopted one). */
  onStart?: () => void;
  /** The run ended here (its `exited` event is queued), or recovery found it gone. */
  onEnd?: (outcome: RunOutcome) => void;
  /** Where env: secret references and RUNNER_SECRETS_DIR are read (secrets.ts); default process.env. */
  secretEnv?: Readonly<Record<string, string | undefined>>;
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
  /** recover found nothing: the run is not held here (the control plane then declares it LOST). */
  private gone = false;
  private timer: NodeJS.Timeout | undefined;
  /** Once the run has exited its pid may be reused: never signal it again. */
  private ended = false;
  private readonly publisher: OrderedPublisher;
  private readonly output: RunOutput;
  /** What each log line about this run carries. */
  private readonly fields: RunLogFields;

  constructor(
    readonly command: RunCommand,
    private readonly deps: RunDeps,
  ) {
    this.executionId = command.executionId;
    this.graceMs = command.spec.graceMs;
    this.fields = { executionId: command.executionId, task: command.task };
    this.publisher = new OrderedPublisher(deps.subject, deps.publish, {
      onError: (err) =>
        deps.log(`publishing events of ${this.executionId} failed, will retry: ${String(err)}`, this.fields),
    });
    const held = deps.recovered;
    const events = new ExecutionEvents(
      this.executionId,
      deps.runnerId,
      this.publisher,
      held ? { rseq: held.rseq, started: held.handle !== null } : undefined,
    );
    this.output = new RunOutput(
      (body) => events.emit(body),
      undefined,
      deps.driver.mergedOutput ? "combined" : "stdout",
    );
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

  /** True once recovery found the run gone: it is not held here. */
  get isGone(): boolean {
    return this.gone;
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
    const io: RunIo = {
      stdout: (chunk, at) => output.stdout(chunk, at),
      stderr: (chunk, at) => output.stderr(chunk, at),
      // Back-pressure: a driver reading a file waits while READY_BACKLOG_MESSAGES events are unacknowledged.
      ready: () => this.publisher.ready(),
    };
    const ref: RunRef = { executionId: this.executionId, task: this.command.task, revision: this.command.revision };
    const held = this.deps.recovered;
    let started: StartedRun;
    if (held) {
      const adopted = await this.adopt(ref, held, io);
      if (!adopted) {
        this.gone = true;
        this.ended = true;
        this.publisher.close();
        this.deps.onEnd?.("lost");
        return;
      }
      started = adopted;
      if (held.handle === null) events.emit({ type: "started", handle: started.handle });
    } else {
      try {
        const begun = await this.begin(ref, io);
        if (!begun) return; // the claim was refused: nothing ran, nothing is reported
        started = begun;
      } catch (err) {
        this.ended = true;
        output.finish();
        const message = output.masker.text(err instanceof Error ? err.message : String(err));
        events.emit({ type: "exited", reason: "error", exitCode: null, signal: null, message });
        this.deps.onEnd?.("error");
        return this.publisher.idle();
      }
      events.emit({ type: "started", handle: started.handle });
      this.deps.onStart?.();
    }
    this.handle = started.handle;
    if (this.pendingCancelMs !== undefined) this.kill(this.pendingCancelMs);
    this.armTimeout(held?.startedAt ? Date.parse(held.startedAt) : Date.now());
    let exit: ExitInfo = { exitCode: null, signal: null };
    let message: string | undefined;
    try {
      exit = await started.exited;
      traceMark(this.executionId, "exit");
    } catch (err) {
      message = `lost track of the run: ${err instanceof Error ? err.message : String(err)}`;
    }
    const lostTrack = message !== undefined;
    this.ended = true;
    clearTimeout(this.timer);
    output.finish();
    const reason: ExitReason = this.reason ?? "exit";
    const { exitCode, signal } = exit;
    message ??= exit.message;
    if (message !== undefined) message = output.masker.text(message);
    // The program's end (ExitInfo.endedAt), not when its output was read, is the run's end.
    events.emit(
      { type: "exited", reason, exitCode, signal, ...(message === undefined ? {} : { message }) },
      exit.endedAt,
    );
    this.deps.onEnd?.(this.outcome(reason, exitCode, lostTrack));
    await this.publisher.idle();
    traceMark(this.executionId, "exited.acked");
  }

  /**
   * Starts the run once its claim is granted, preparing it meanwhile
   * (Driver.prepare). undefined when the claim was refused: the prepared run
   * is discarded and the run ends here without an event. Rejects like
   * Driver.start when it cannot start, but only once the claim was granted
   * (a run that is not ours reports nothing).
   */
  private async begin(ref: RunRef, io: RunIo): Promise<StartedRun | undefined> {
    const { driver, claim } = this.deps;
    let prepared: PreparedRun | undefined;
    let spec: RunSpec | undefined;
    let failure: unknown;
    try {
      await checkRunnerProgram(this.command.spec.uri);
      // A secret reference that cannot be resolved fails the run here: its program never starts.
      spec = await this.withSecrets(this.command.spec);
      if (claim && driver.prepare) {
        traceMark(this.executionId, "prepare");
        prepared = await driver.prepare(ref, spec, io);
        traceMark(this.executionId, "prepared");
      }
    } catch (err) {
      failure = err;
    }
    const verdict = claim ? await claim : "go";
    if (verdict !== "go") await prepared?.abort().catch(() => undefined);
    if (verdict === "drop") {
      this.ended = true;
      this.publisher.close();
      return undefined;
    }
    if (verdict === "stalled")
      throw new Error(
        "the runner was stopped or hung past its stall limit while claiming this run; it was not started",
      );
    if (failure !== undefined) throw failure;
    traceMark(this.executionId, "spawn.call");
    const started = prepared ? await prepared.start() : await driver.start(ref, spec as RunSpec, io);
    traceMark(this.executionId, "spawned");
    return started;
  }

  /**
   * A recovered run: the driver adopts it (undefined when it is gone). A
   * cancel requested before the restart is applied at once, with its grace.
   */
  private async adopt(ref: RunRef, held: HeldRun, io: RunIo): Promise<StartedRun | undefined> {
    // The values again, for masking only: the run already has them.
    await this.withSecrets(held.command.spec).catch((err: unknown) =>
      this.output.system(`this run's output is not masked after the runner restarted: ${(err as Error).message}`),
    );
    let adopted: StartedRun | undefined;
    try {
      adopted = await this.deps.driver.recover(ref, held.handle ?? undefined, io, {
        stdoutLines: held.stdoutLines,
        stderrLines: held.stderrLines,
      });
    } catch (err) {
      this.deps.log(`recovering ${this.executionId} failed, reporting it gone: ${String(err)}`, this.fields);
      return undefined;
    }
    if (adopted && held.cancelGraceMs !== null) {
      this.reason = "cancelled";
      this.stopping = true;
      this.pendingCancelMs = held.cancelGraceMs;
    }
    return adopted;
  }

  /**
   * The spec the driver gets: the values of env: and file: references in its
   * env, kubernetes: references left for the platform; every value known to
   * the masker before any output comes.
   */
  private async withSecrets(spec: RunSpec): Promise<RunSpec> {
    if (!spec.secrets || Object.keys(spec.secrets).length === 0) return spec;
    const driver = this.deps.driver;
    const source: SecretSource = {
      env: this.deps.secretEnv ?? process.env,
      platform: driver.kind,
      ...(driver.readSecret ? { readKubernetes: driver.readSecret.bind(driver) } : {}),
    };
    const resolved = await resolveSecrets(spec.secrets, source);
    this.output.masker.add(resolved.values);
    for (const note of resolved.notes) this.output.system(note);
    const { secrets: _references, ...rest } = spec;
    const platform = Object.keys(resolved.platform).length > 0 ? { secrets: resolved.platform } : {};
    return { ...rest, env: { ...spec.env, ...resolved.env }, ...platform };
  }

  /** How the run ended, for the runner's runs_ended_total. */
  private outcome(reason: ExitReason, exitCode: number | null, lostTrack: boolean): RunOutcome {
    if (this.fenced) return "fenced";
    if (lostTrack) return "lost";
    if (reason === "cancelled") return "cancelled";
    if (reason === "timeout") return "timed_out";
    return exitCode === 0 ? "completed" : "failed";
  }

  /** The timeout counts from when the run started (a recovered run has used part of it). */
  private armTimeout(startedAt: number): void {
    const seconds = this.command.spec.timeoutSeconds;
    if (seconds === undefined) return;
    let left = Math.max(0, seconds * 1000 - (Date.now() - startedAt));
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
      .catch((err: unknown) => this.deps.log(`cancelling ${this.executionId} failed: ${String(err)}`, this.fields));
  }
}
