import { constants } from "node:os";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The shell's view of an exit: the code, or 128 + the signal's number ("code 137" for SIGKILL). */
export function exitCode(status: ExitStatus): number | null {
  if (status.code !== null) return status.code;
  const number = status.signal ? constants.signals[status.signal] : undefined;
  return number === undefined ? null : 128 + number;
}

/** "code 137, SIGKILL" / "code 1": for messages about a child that stopped. */
export function describeExit(status: ExitStatus): string {
  const code = exitCode(status);
  return status.signal ? `code ${code}, ${status.signal}` : `code ${code}`;
}

/** A delay for people: "2 s", "1.5 s", "250 ms". */
export function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}
