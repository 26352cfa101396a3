import type { RunHandle, RunSpec } from "./messages.js";

/**
 * The contract between the runner host and a platform driver (local process,
 * Docker, Kubernetes). Status and output travel as callbacks and promises,
 * not as methods; a driver that cannot do something leaves the optional
 * member out. Every driver proves it with the same conformance suite
 * (runners/host/src/conformance.ts).
 */
export interface RunIo {
  /**
   * A chunk of the run's output. `at` is the platform's own timestamp for it
   * (ISO 8601) when the platform keeps one (a container engine does); lines
   * completed by the chunk carry it instead of the runner's clock.
   */
  stdout(chunk: Uint8Array, at?: string): void;
  stderr(chunk: Uint8Array, at?: string): void;
  /**
   * Resolves when the host can take more output. A driver that can wait
   * (it reads a file, so the backlog stays on disk) awaits it before each
   * read; one that cannot (a pipe or a socket it must drain) ignores it.
   */
  ready?(): Promise<void>;
}

export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
  /**
   * What the platform says about the end beyond the code, starting with a
   * reason in capitals: "OOM_KILLED: the run exceeded its memory limit of 64 MiB".
   */
  message?: string;
  /**
   * When the program exited (ISO 8601), when the driver knows it: not when
   * its output was read, which may be later. The host's `exited` event
   * carries it as its time, so the run's end is the program's end.
   */
  endedAt?: string;
}

/** A run made ready by Driver.prepare: its program has not started. */
export interface PreparedRun {
  /** Starts the program; rejects like Driver.start when it cannot. */
  start(): Promise<StartedRun>;
  /** Discards it: the program never runs. */
  abort(): Promise<void>;
}

export interface StartedRun {
  /** Recorded by the host before anything else happens, so a cancel works after a restart. */
  handle: RunHandle;
  /** Resolves once the run has ended and all its output has been delivered to io. */
  exited: Promise<ExitInfo>;
}

/**
 * Where a recovered run's output resumes: the lines of each stream the
 * control plane already has (step lines count as stdout lines). A platform
 * that merges the streams counts them all as stdout.
 */
export interface ResumePoint {
  stdoutLines: number;
  stderrLines: number;
}

/** Which run: the labels a platform puts on it (and finds it by after a runner restart). */
export interface RunRef {
  executionId: string;
  /** The task's name and release revision. */
  task: string;
  revision: number;
}

export interface Driver {
  readonly kind: string;
  /**
   * The platform merges stdout and stderr into one stream (Kubernetes): the
   * driver gives it all to io.stdout and the host labels its lines
   * "combined", so nobody reads them as stdout only.
   */
  readonly mergedOutput?: boolean;
  /** Rejects with a readable Error when the run cannot start (missing file, bad image, refused setting...). */
  start(run: RunRef, spec: RunSpec, io: RunIo): Promise<StartedRun>;
  /**
   * Optional: everything of a start that can happen before the control
   * plane grants the claim, without the program running (the local driver
   * forks a gate that execs the program only on `start()`). The host calls
   * it while the claim is in flight, then `start()` if the claim is granted
   * and `abort()` if not. A driver without it is started after the claim.
   */
  prepare?(run: RunRef, spec: RunSpec, io: RunIo): Promise<PreparedRun>;
  /**
   * SIGTERM (or the platform's equivalent), then a hard kill after graceMs.
   * Resolves when the stop has been requested; the run's `exited` reports
   * the end. Cancelling a run that is gone is not an error.
   */
  cancel(handle: RunHandle, options: { graceMs: number }): Promise<void>;
  /**
   * Called when a runner starts, for each run the control plane says this
   * runner held before it restarted. `handle` is what `start` returned, or
   * undefined when the old runner died before recording it (the driver then
   * finds the run by its execution id, if the platform labels runs). A run
   * that still exists (running or ended) is adopted: its output from `from`
   * on goes to io and `exited` reports its end. Resolves undefined when the
   * run is gone (the control plane then declares it LOST).
   */
  recover(run: RunRef, handle: RunHandle | undefined, io: RunIo, from: ResumePoint): Promise<StartedRun | undefined>;
  /**
   * After recovery: removes what this runner left on the platform for runs
   * it no longer holds (containers of runs that ended, or were declared LOST,
   * while it was down), so nothing is left behind.
   */
  reap?(keep: ReadonlySet<string>): Promise<void>;
  /**
   * Proof of life, called by the host from its event loop at least every
   * heartbeat. A driver whose runs would outlive a dead runner (local
   * processes) kills them all when the runner dies, or when no tick comes
   * within stallMs (the runner is stopped or hung). A driver whose runs
   * survive their runner on purpose (a container, to be recovered) removes
   * them once the runner has been gone or hung for stallMs without a new
   * incarnation taking over, so a run is dead before it is declared LOST.
   */
  tick?(stallMs: number): void;
  /**
   * Kubernetes: reads a Secret's key in the runner's namespace, only so the
   * host can mask its value in the run's log (the pod gets the value through
   * secretKeyRef). Resolves `missing` (a sentence) when the Secret or key does
   * not exist; rejects when the runner may not read it.
   */
  readSecret?(secret: string, key: string): Promise<{ value: string } | { missing: string }>;
  /** Releases what the driver holds for itself (its watchdog, its engine connection); the host calls it last on stop. */
  close?(): Promise<void>;
}

/** What the host gives a driver it creates. */
export interface DriverContext {
  runnerId: string;
  log: (line: string) => void;
  /** The runner's own data folder (RUNNER_DATA_DIR, locked to it): a driver may keep its files there. */
  dataDir?: string;
}

/**
 * A driver package's entry: its settings, validated from the runner's
 * environment before anything starts, and a factory that may be async (it
 * may connect to an engine or an API server). The host imports a driver
 * module only when RUNNER_PLATFORM names it, so a local runner never loads
 * dockerode or a Kubernetes client.
 */
export interface DriverModule<Settings = unknown> {
  readonly kind: string;
  /** Throws an Error whose message lists every bad variable, one per line. */
  settings(env: Readonly<Record<string, string | undefined>>): Settings;
  create(settings: Settings, context: DriverContext): Driver | Promise<Driver>;
}
