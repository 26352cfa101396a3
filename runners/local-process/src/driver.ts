import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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
import { SpoolTail } from "./spool.js";
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
  /**
   * The folder (private to this runner, mode 0700) where each run's stdout
   * and stderr are written as files and read back; default a new folder
   * under os.tmpdir(), made on first use. close() removes it. A folder given
   * here is emptied on first use: what it holds is a previous incarnation's
   * (its runs died with it), left when that runner was killed.
   */
  spoolDir?: string;
}

/**
 * Runs a task as a local child process in its own process group, so cancel
 * reaches everything the task started. Never through a shell. Every group is
 * registered with a watchdog process that kills it if the runner dies or
 * stops ticking: a run never outlives its runner unsupervised (nothing would
 * read its output or report its end).
 *
 * A run's stdout and stderr are two files in the spool folder, not pipes
 * (as container runtimes do it): the program writes at the speed of the
 * disk, never blocked by the runner, and a tailer (spool.ts) reads the files
 * into io as fast as the host takes them (io.ready), so a loud run holds a
 * bounded amount of the runner's memory and its backlog stays on disk.
 *
 * spec.cpu and spec.memory are NOT enforced here: a plain process has no
 * portable limit that covers its whole tree (that needs cgroups). Use the
 * Docker or Kubernetes runner where limits matter.
 */
export function createLocalProcessDriver(options: LocalProcessDriverOptions = {}): Driver {
  const runnerEnv = options.env ?? process.env;
  const watchdog = options.watchdog ?? new WatchdogClient({ log: options.log });
  const spool = new SpoolDir(options.spoolDir);
  const driver: Driver & { prepare?: Driver["prepare"] } = {
    kind: "local",
    async start({ executionId }: RunRef, spec: RunSpec, io: RunIo): Promise<StartedRun> {
      const path = await taskFile(spec.uri);
      const [command, ...args] = buildArgv(spec.uri, spec.arguments) as [string, ...string[]];
      const env = { ...taskEnv(runnerEnv, spec.env, executionId), BATON_RUNNER_INCARNATION: watchdog.token };
      const files = await spool.open();
      const child = await spawnRegistered(command, args, env, path, watchdog, files, false);
      return started(child, files, io, watchdog);
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
      const files = await spool.open();
      const child = await spawnRegistered(GATE_SHELL, gateArgv(argv), gateEnv(env), path, watchdog, files, true);
      return {
        start: async () => {
          openGate(child);
          return started(child, files, io, watchdog);
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
          await discard(files);
        },
      };
    },
    /**
     * A local run cannot be adopted: nothing read its output after the
     * runner that started it died, and its watchdog killed it then. So recovery reports it
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
    async close(): Promise<void> {
      await watchdog.close();
      await spool.remove();
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
  create: (settings, context) =>
    createLocalProcessDriver({
      log: context.log,
      gate: settings.gate,
      spoolDir: runnerSpoolDir(context.runnerId, context.dataDir || tmpdir()),
    }),
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
 * awaiting 'spawn' must not leave an unregistered group behind. Its stdout
 * and stderr are the spool files (the runner's copies of the write ends are
 * closed once it is forked). `gated`: fd 3 is a pipe the gate waits on.
 */
async function spawnRegistered(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  path: string,
  watchdog: WatchdogClient,
  files: RunFiles,
  gated: boolean,
): Promise<ChildProcess> {
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      detached: true,
      stdio: gated
        ? ["ignore", files.stdout.writeFd, files.stderr.writeFd, "pipe"]
        : ["ignore", files.stdout.writeFd, files.stderr.writeFd],
      env,
      cwd: dirname(path),
    });
  } catch (err) {
    await discard(files);
    throw err;
  } finally {
    closeWriters(files);
  }
  if (child.pid !== undefined) watchdog.add(child.pid, processStartTime(child.pid));
  try {
    await spawned(child, command, path);
  } catch (err) {
    if (child.pid !== undefined) watchdog.remove(child.pid);
    await discard(files);
    throw err;
  }
  return child;
}

/** A spawned child as a StartedRun: its output files tailed into io, its handle, its end after all output. */
function started(child: ChildProcess, files: RunFiles, io: RunIo, watchdog: WatchdogClient): StartedRun {
  const pid = child.pid as number;
  const ready = io.ready?.bind(io);
  // Output read after the exit was written before it: its lines carry the exit's time, not a later one.
  let exitAt: string | undefined;
  const tails = [
    new SpoolTail(files.stdout.path, files.stdout.readFd, { deliver: (chunk) => io.stdout(chunk, exitAt), ready }),
    new SpoolTail(files.stderr.path, files.stderr.readFd, { deliver: (chunk) => io.stderr(chunk, exitAt), ready }),
  ];
  const handle: RunHandle = { pid, pgid: pid };
  const startTime = processStartTime(pid);
  if (startTime !== undefined) handle.startTime = startTime;
  const exited = exitedAfterOutput(child, pid, watchdog, tails, (at) => {
    exitAt = at;
  }).then(async (info) => {
    await removeFolder(files);
    return info;
  });
  return { handle, exited };
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
 * When the main process exits, what it left running in its group is killed
 * (as a container's processes die with its main process); once the group is
 * gone nothing writes the spool files any more, and the tails read them to
 * the end: the exit resolves after all output has reached io, with the time
 * of the exit itself.
 */
function exitedAfterOutput(
  child: ChildProcess,
  pgid: number,
  watchdog: WatchdogClient,
  tails: readonly SpoolTail[],
  onExit: (endedAt: string) => void,
): Promise<ExitInfo> {
  const exit = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (exitCode: number | null, signal: NodeJS.Signals | null) => {
      const endedAt = new Date().toISOString();
      onExit(endedAt);
      try {
        signalGroup(pgid, "SIGKILL");
      } catch {
        // EPERM cannot happen for our own group; nothing useful to do if it does.
      }
      watchdog.remove(pgid);
      resolve({ exitCode, signal, endedAt });
    });
  });
  return (async (): Promise<ExitInfo> => {
    const info = await exit;
    await groupGone(pgid);
    for (const tail of tails) tail.finish();
    await Promise.all(tails.map((tail) => tail.done));
    return info;
  })();
}

/**
 * Resolves once no member of the group is left to write (the SIGKILLed ones
 * die within moments; only a run that left something behind waits at all),
 * or after GROUP_GONE_MS at most.
 */
async function groupGone(pgid: number): Promise<void> {
  if (!signalGroup(pgid, 0)) return;
  for (const deadline = Date.now() + GROUP_GONE_MS; groupIsAlive(pgid) && Date.now() < deadline; )
    await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The longest a run's end waits for its killed group to be gone before the output files are read to the end. */
const GROUP_GONE_MS = 2000;

/** One stream's spool file: the child's end (closed once it is forked) and the tail's. */
interface SpoolFile {
  path: string;
  writeFd: number;
  readFd: number;
}

interface RunFiles {
  stdout: SpoolFile;
  stderr: SpoolFile;
  /** The run's own temporary folder (no spool folder configured): removed with the files. */
  folder?: string;
}

/**
 * The runner's spool folder: made (0700) on first use, each run two files
 * (0600) in it, removed by the driver's close().
 */
class SpoolDir {
  private made: Promise<string> | undefined;
  private count = 0;

  constructor(private readonly dir?: string) {}

  /**
   * A run's two files, created empty and open for the child (writing) and the
   * tails (reading). Without a configured folder each run gets a temporary
   * one of its own, removed with its files, so nothing outlives the run.
   */
  async open(): Promise<RunFiles> {
    const own = this.dir === undefined ? await mkdtemp(join(tmpdir(), "baton-spool-")) : undefined;
    this.made ??= this.dir === undefined ? undefined : makeDir(this.dir);
    const dir = own ?? (await (this.made as Promise<string>));
    const n = ++this.count;
    let stdout: SpoolFile | undefined;
    try {
      stdout = openSpoolFile(join(dir, `${n}.stdout`));
      return { stdout, stderr: openSpoolFile(join(dir, `${n}.stderr`)), ...(own ? { folder: own } : {}) };
    } catch (err) {
      await discard({ ...(stdout ? { stdout } : {}), ...(own ? { folder: own } : {}) });
      throw err;
    }
  }

  async remove(): Promise<void> {
    const made = this.made;
    this.made = undefined;
    const dir = await made?.catch(() => undefined);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}

/** A given spool folder, emptied (a killed runner's leftovers) and made 0700. */
async function makeDir(dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  return dir;
}

/**
 * Where a runner spools: in its data folder (RUNNER_DATA_DIR,
 * DriverContext.dataDir; else the temporary directory), in a folder named by
 * its id, stable across its restarts, so a runner killed with -9 leaves at
 * most one, which its next start empties, and runners given explicit ids
 * that share a data folder never empty each other's.
 */
export function runnerSpoolDir(runnerId: string, base: string): string {
  return join(base, `baton-spool-${runnerId.replace(/[^A-Za-z0-9._-]/g, "_")}`);
}

/** O_WRONLY|O_CREAT|O_TRUNC, 0600, for the child; then the same file for reading. */
function openSpoolFile(path: string): SpoolFile {
  const writeFd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    return { path, writeFd, readFd: openSync(path, constants.O_RDONLY) };
  } catch (err) {
    closeSync(writeFd);
    throw err;
  }
}

/** Closes the runner's copies of the write ends: from now on only the child (and what it starts) holds them. */
function closeWriters(files: RunFiles): void {
  for (const file of [files.stdout, files.stderr]) {
    if (file.writeFd < 0) continue;
    closeSync(file.writeFd);
    file.writeFd = -1;
  }
}

/** A run that never ran (or never will be read): its files closed and removed. */
async function discard(files: Partial<RunFiles>): Promise<void> {
  for (const file of [files.stdout, files.stderr]) {
    if (!file) continue;
    if (file.writeFd >= 0) closeSync(file.writeFd);
    file.writeFd = -1;
    if (file.readFd >= 0) closeSync(file.readFd);
    file.readFd = -1;
    await rm(file.path, { force: true });
  }
  await removeFolder(files);
}

/** The run's own temporary folder, if it has one, once its files are gone. */
async function removeFolder(files: Partial<RunFiles>): Promise<void> {
  if (files.folder !== undefined) await rm(files.folder, { recursive: true, force: true });
}
