import { constants } from "node:os";

/** The signals a platform sends to ask a task to stop (Baton's runner: SIGTERM, then SIGKILL after graceSeconds). */
export type StopSignal = "SIGTERM" | "SIGINT";

/**
 * Everything a job touches outside itself. runJob uses processIO() unless
 * told otherwise, so tests can run jobs in-process with memoryIO() and read
 * exactly what would have gone to stdout.
 */
export interface JobIO {
  /** One line for stdout, without its newline: step-line records and log lines. */
  out(line: string): void;
  /** One line for stderr, without its newline: failures and their stacks. */
  err(line: string): void;
  /** Where BATON_RESUME and BATON_EXECUTION_ID are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The job's arguments (process.argv without node and the script). */
  readonly argv: readonly string[];
  setExitCode(code: number): void;
  /** Calls `listener` once when the platform asks the task to stop; returns the unsubscribe function. */
  onStop(listener: (signal: StopSignal) => void): () => void;
}

/** Exit code of a process stopped by a signal, the shell's way: 128 + its number (SIGTERM 143, SIGINT 130). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

export function processIO(): JobIO {
  return {
    // Writes to a pipe are synchronous on Linux, so a record is out before the next line of user code runs.
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    argv: process.argv.slice(2),
    setExitCode: (code) => {
      process.exitCode = code;
    },
    onStop(listener) {
      // `once`: a second Ctrl-C finds no handler and kills the process the default way.
      const onTerm = (): void => {
        process.off("SIGINT", onInt);
        listener("SIGTERM");
      };
      const onInt = (): void => {
        process.off("SIGTERM", onTerm);
        listener("SIGINT");
      };
      process.once("SIGTERM", onTerm);
      process.once("SIGINT", onInt);
      return () => {
        process.off("SIGTERM", onTerm);
        process.off("SIGINT", onInt);
      };
    },
  };
}

export interface MemoryIO extends JobIO {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exitCode: number | undefined;
  /** Simulates the platform's stop signal. */
  stop(signal?: StopSignal): void;
}

/** An in-memory JobIO for tests: collects lines instead of printing them and never touches process. */
export function memoryIO(
  options: { env?: Record<string, string | undefined>; argv?: readonly string[] } = {},
): MemoryIO {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listeners = new Set<(signal: StopSignal) => void>();
  let exitCode: number | undefined;
  return {
    stdout,
    stderr,
    get exitCode() {
      return exitCode;
    },
    out: (line) => {
      stdout.push(line);
    },
    err: (line) => {
      stderr.push(line);
    },
    env: options.env ?? {},
    argv: options.argv ?? [],
    setExitCode: (code) => {
      exitCode = code;
    },
    onStop(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop(signal = "SIGTERM") {
      for (const listener of [...listeners]) {
        listeners.delete(listener);
        listener(signal);
      }
    },
  };
}
