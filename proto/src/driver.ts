import type { RunHandle, RunSpec } from "./messages.js";

/**
 * The contract between the runner host and a platform driver (local process,
 * Docker, Kubernetes). Status and output travel as callbacks and events, not
 * as methods; a driver that cannot do something leaves the optional member out.
 */
export interface RunIo {
  stdout(chunk: Uint8Array): void;
  stderr(chunk: Uint8Array): void;
}

export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
}

export interface StartedRun {
  /** Recorded by the host before anything else happens, so a cancel works after a restart. */
  handle: RunHandle;
  /** Resolves once the run has ended and all its output has been delivered to io. */
  exited: Promise<ExitInfo>;
}

export interface Driver {
  readonly kind: string;
  /** Rejects with a readable Error when the run cannot start (missing file, bad image...). */
  start(executionId: string, spec: RunSpec, io: RunIo): Promise<StartedRun>;
  /** SIGTERM (or the platform's equivalent), then a hard kill after graceMs. */
  cancel(handle: RunHandle, options: { graceMs: number }): Promise<void>;
  /** Re-attaches to a run started by an earlier runner process, if the platform allows. */
  recover?(handle: RunHandle, io: RunIo): Promise<StartedRun | undefined>;
  /**
   * Proof of life, called by the host from its event loop at least every
   * heartbeat. A driver whose runs would outlive a dead runner (local
   * processes) kills them all when the runner dies, or when no tick comes
   * within stallMs (the runner is stopped or hung). Drivers whose runs die
   * with the runner by themselves leave it out.
   */
  tick?(stallMs: number): void;
  /** Releases what the driver holds for itself (its watchdog); the host calls it last on stop. */
  close?(): Promise<void>;
}
