import type { ChildProcess } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, join } from "node:path";
import type { Writable } from "node:stream";

/** The gate's interpreter: POSIX sh, present on every Linux and macOS. */
export const GATE_SHELL = "/bin/sh";

/**
 * Waits for one line on fd 3 (or exits 125 without running anything when the
 * pipe closes first), closes fd 3, gives back a PWD the task's env set
 * (sh sets its own PWD), and execs the program with its arguments as they
 * are: "$@" is never parsed by the shell.
 */
const SCRIPT = `read -r _ <&3 || exit 125
exec 3<&-
unset PWD
if [ -n "\${BATON_GATE_PWD+x}" ]; then PWD=$BATON_GATE_PWD; export PWD; fi
unset BATON_GATE_PWD
exec "$@"`;

/** sh's argv for running `argv` behind the gate ($0 names the gate in ps). */
export const gateArgv = (argv: readonly string[]): string[] => ["-c", SCRIPT, "baton-gate", ...argv];

/** The task's env for the gate: a PWD of its own travels as BATON_GATE_PWD, which the gate turns back. */
export function gateEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const { PWD, ...rest } = env;
  return PWD === undefined ? rest : { ...rest, BATON_GATE_PWD: PWD };
}

/** Lets the gate exec the program. */
export function openGate(child: ChildProcess): void {
  (child.stdio[3] as Writable).end("go\n");
}

const executable = async (path: string): Promise<boolean> => {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
};

/**
 * Whether the gate can stand in for a plain spawn exactly: sh is there and
 * the command would start (an executable path, or a name found on the task's
 * PATH). Otherwise the run is spawned plainly, so a missing interpreter
 * fails with spawn's own error as before.
 */
export async function gateUsable(command: string, env: Readonly<Record<string, string>>): Promise<boolean> {
  if (!(await executable(GATE_SHELL))) return false;
  if (command.includes("/")) return executable(command);
  for (const dir of (env.PATH ?? "").split(delimiter)) if (dir && (await executable(join(dir, command)))) return true;
  return false;
}
