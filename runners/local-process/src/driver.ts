import { type ChildProcess, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Driver, DriverModule, ExitInfo, RunHandle, RunIo, RunRef, RunSpec, StartedRun } from "@baton/proto";
import { buildArgv, taskPath } from "./argv.js";
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
  return {
    kind: "local",
    async start({ executionId }: RunRef, spec: RunSpec, io: RunIo): Promise<StartedRun> {
      const path = taskPath(spec.uri);
      const file = await stat(path).catch(() => undefined);
      if (!file?.isFile()) throw new Error(`task file not found: ${path} (from ${spec.uri})`);
      const [command, ...args] = buildArgv(spec.uri, spec.arguments) as [string, ...string[]];
      const child = spawn(command, args, {
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...taskEnv(runnerEnv, spec.env, executionId), BATON_RUNNER_INCARNATION: watchdog.token },
        cwd: dirname(path),
      });
      // Register at once, in the same tick as the fork: a runner killed while
      // awaiting 'spawn' must not leave an unregistered group behind.
      if (child.pid !== undefined) watchdog.add(child.pid, processStartTime(child.pid));
      try {
        await spawned(child, command, path);
      } catch (err) {
        if (child.pid !== undefined) watchdog.remove(child.pid);
        throw err;
      }
      const pid = child.pid as number;
      child.stdout?.on("data", (chunk: Buffer) => io.stdout(chunk));
      child.stderr?.on("data", (chunk: Buffer) => io.stderr(chunk));
      const handle: RunHandle = { pid, pgid: pid };
      const startTime = processStartTime(pid);
      if (startTime !== undefined) handle.startTime = startTime;
      return { handle, exited: exitedAfterOutput(child, pid, watchdog) };
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
}

/** The local driver as the runner host loads it (RUNNER_PLATFORM=local): no settings of its own. */
export const localProcessDriver: DriverModule<undefined> = {
  kind: "local",
  settings: () => undefined,
  create: (_settings, context) => createLocalProcessDriver({ log: context.log }),
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
