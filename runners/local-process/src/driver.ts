import { type ChildProcess, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import type {
  Driver,
  DriverModule,
  ExitInfo,
  PreparedRun,
  RunHandle,
  RunIo,
  RunRef,
  RunSpec,
  StartedRun,
} from "@baton/proto";
import { buildArgv, taskPath } from "./argv.js";
import { GATE_SHELL, gateArgv, gateEnv, gateUsable, openGate } from "./gate.js";
import { groupIsAlive, signalGroup, terminateGroup } from "./process-group.js";
import { processStartTime, WatchdogClient } from "./watchdog-client.js";

/** Variables a task inherits from the runner; everything else of the runner's env stays private. */
export const INHERITED_ENV: readonly string[] = ["PATH", "HOME", "LANG", "TZ", "TMPDIR"];

export interface LocalProcessDriverOptions {
  /** Where INHERITED_ENV is read from; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The watchdog that kills the runs when the runner dies or stalls; default: one of its own, started on first use. */
  watchdog?: WatchdogClient;
  log?: (line: string) => void;
  /**
   * RUNNER_LOCAL_GATE=true: offer `prepare` (fork a gate while the claim is
   * in flight). Off by default: on one machine the gate's extra exec costs
   * more than the claim it hides (docs/architecture.md, "The hot path").
   */
  gate?: boolean;
}

/**
 * Runs a task as a local child process in its own process group, so cancel
 * reaches everything the task started. Never through a shell. Every group is
 * registered with a watchdog process that kills it if the runner dies or
 * stops ticking: a run never outlives its runner unsupervised (its output
 * pipe dies with the runner, so nothing could report its end).
 *
 * spec.cpu and spec.memory are NOT enforced here: a plain process has no
 * portable limit that covers its whole tree (that needs cgroups). Use the
 * Docker or Kubernetes runner where limits matter.
 */
export function createLocalProcessDriver(options: LocalProcessDriverOptions = {}): Driver {
  const runnerEnv = options.env ?? process.env;
  const watchdog = options.watchdog ?? new WatchdogClient({ log: options.log });
  const driver: Driver & { prepare?: Driver["prepare"] } = {
    kind: "local",
    async start({ executionId }: RunRef, spec: RunSpec, io: RunIo): Promise<StartedRun> {
      const path = await taskFile(spec.uri);
      const [command, ...args] = buildArgv(spec.uri, spec.arguments) as [string, ...string[]];
      const env = { ...taskEnv(runnerEnv, spec.env, executionId), BATON_RUNNER_INCARNATION: watchdog.token };
      const child = await spawnRegistered(command, args, env, path, watchdog, false);
      return started(child, io, watchdog);
    },
    /**
     * The fork happens while the claim is in flight: a gate (/bin/sh, no
     * shell parsing of the task's arguments: they pass as "$@") that waits
     * for one line on a pipe and then execs the program in place, same pid,
     * same process group, already registered with the watchdog. A refused
     * claim kills the gate, so the program never runs; a runner that dies
     * meanwhile closes the pipe and the gate exits without running it. When
     * the gate cannot stand in exactly (no /bin/sh, a command that would not
     * start), the run is started plainly on start(), with spawn's own error.
     */
    async prepare(run: RunRef, spec: RunSpec, io: RunIo): Promise<PreparedRun> {
      const path = await taskFile(spec.uri);
      const argv = buildArgv(spec.uri, spec.arguments) as [string, ...string[]];
      const env = { ...taskEnv(runnerEnv, spec.env, run.executionId), BATON_RUNNER_INCARNATION: watchdog.token };
      if (!(await gateUsable(argv[0], env))) return { start: () => driver.start(run, spec, io), abort: async () => {} };
      const child = await spawnRegistered(GATE_SHELL, gateArgv(argv), gateEnv(env), path, watchdog, true);
      return {
        start: async () => {
          openGate(child);
          return started(child, io, watchdog);
        },
        abort: async () => {
          const pid = child.pid as number;
          const closed = new Promise((resolve) => child.once("close", resolve));
          try {
            signalGroup(pid, "SIGKILL");
          } catch {
            // already gone
          }
          watchdog.remove(pid);
          await closed;
        },
      };
    },
    /**
     * A local run cannot be adopted: its output pipes died with the runner
     * that started it, and its watchdog killed it then. So recovery reports it
     * gone (the control plane declares it LOST); should the group still live
     * (its watchdog failed too), it is killed first, recognised by its
     * leader's start time so a reused pid is never signalled.
     */
    async recover(_run: RunRef, handle: RunHandle | undefined): Promise<undefined> {
      const pgid = Number(handle?.pgid ?? handle?.pid);
      if (!Number.isInteger(pgid) || pgid <= 1) return undefined;
      const same = handle?.startTime === undefined || processStartTime(pgid) === String(handle.startTime);
      if (!same || !groupIsAlive(pgid)) return undefined;
      signalGroup(pgid, "SIGKILL");
      for (const deadline = Date.now() + 5000; groupIsAlive(pgid) && Date.now() < deadline; )
        await new Promise((resolve) => setTimeout(resolve, 10));
      return undefined;
    },
    async cancel(handle: RunHandle, { graceMs }: { graceMs: number }): Promise<void> {
      const pgid = Number(handle.pgid ?? handle.pid);
      if (!Number.isInteger(pgid) || pgid <= 1)
        throw new Error(`not a local process handle: ${JSON.stringify(handle)}`);
      await terminateGroup(pgid, graceMs);
    },
    tick(stallMs: number): void {
      watchdog.tick(stallMs);
    },
    close(): Promise<void> {
      return watchdog.close();
    },
  };
  if (!options.gate) delete driver.prepare;
  return driver;
}

/** The local driver as the runner host loads it (RUNNER_PLATFORM=local): no settings of its own. */
export const localProcessDriver: DriverModule<{ gate: boolean }> = {
  kind: "local",
  settings: (env) => {
    const gate = env.RUNNER_LOCAL_GATE ?? "false";
    if (gate !== "true" && gate !== "false") throw new Error(`RUNNER_LOCAL_GATE="${gate}" must be true or false.`);
    return { gate: gate === "true" };
  },
  create: (settings, context) => createLocalProcessDriver({ log: context.log, gate: settings.gate }),
};

function taskEnv(
  runnerEnv: Readonly<Record<string, string | undefined>>,
  specEnv: Readonly<Record<string, string>>,
  executionId: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = runnerEnv[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...specEnv, BATON_EXECUTION_ID: executionId };
}

/** The task's file from its file: URI; a readable Error when it is not there. */
async function taskFile(uri: string): Promise<string> {
  const path = taskPath(uri);
  const file = await stat(path).catch(() => undefined);
  if (!file?.isFile()) throw new Error(`task file not found: ${path} (from ${uri})`);
  return path;
}

/**
 * Forks the command detached (its own process group) and registers the group
 * with the watchdog in the same tick as the fork: a runner killed while
 * awaiting 'spawn' must not leave an unregistered group behind. `gated`: fd 3
 * is a pipe the gate waits on.
 */
async function spawnRegistered(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  path: string,
  watchdog: WatchdogClient,
  gated: boolean,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    detached: true,
    stdio: gated ? ["ignore", "pipe", "pipe", "pipe"] : ["ignore", "pipe", "pipe"],
    env,
    cwd: dirname(path),
  });
  if (child.pid !== undefined) watchdog.add(child.pid, processStartTime(child.pid));
  try {
    await spawned(child, command, path);
  } catch (err) {
    if (child.pid !== undefined) watchdog.remove(child.pid);
    throw err;
  }
  return child;
}

/** A spawned child as a StartedRun: its output to io, its handle, its end after all output. */
function started(child: ChildProcess, io: RunIo, watchdog: WatchdogClient): StartedRun {
  const pid = child.pid as number;
  child.stdout?.on("data", (chunk: Buffer) => io.stdout(chunk));
  child.stderr?.on("data", (chunk: Buffer) => io.stderr(chunk));
  const handle: RunHandle = { pid, pgid: pid };
  const startTime = processStartTime(pid);
  if (startTime !== undefined) handle.startTime = startTime;
  return { handle, exited: exitedAfterOutput(child, pid, watchdog) };
}

/** Resolves on 'spawn'; rejects with a readable Error on ENOENT, EACCES... */
function spawned(child: ChildProcess, command: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("spawn", () => {
      // Later errors (a failed kill) must not crash the runner.
      child.on("error", () => {});
      resolve();
    });
    child.once("error", (err: NodeJS.ErrnoException) => {
      const what = command === path ? path : `${command} (for ${path})`;
      reject(new Error(`cannot start ${what}: ${err.code ?? err.message}`));
    });
  });
}

/**
 * 'close' comes after the exit AND the end of stdout/stderr, so all output has
 * reached io. When the main process exits, what it left running in its group
 * is killed (as a container's processes die with its main process); otherwise
 * a leftover holding the pipes would keep the run open forever.
 */
function exitedAfterOutput(child: ChildProcess, pgid: number, watchdog: WatchdogClient): Promise<ExitInfo> {
  child.once("exit", () => {
    try {
      signalGroup(pgid, "SIGKILL");
    } catch {
      // EPERM cannot happen for our own group; nothing useful to do if it does.
    }
    watchdog.remove(pgid);
  });
  return new Promise((resolve) => {
    child.once("close", (exitCode: number | null, signal: NodeJS.Signals | null) => resolve({ exitCode, signal }));
  });
}
