import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The watchdog script, at the package root (beside both src/ and dist/). */
export const WATCHDOG_SCRIPT: string = fileURLToPath(new URL("../watchdog.mjs", import.meta.url));

export interface WatchdogOptions {
  script?: string;
  log?: (line: string) => void;
}

/** A watchdog that dies this soon after it started is restarted only after this delay (no tight loop). */
const RESPAWN_BACKOFF_MS = 1000;

/**
 * The runner's side of its watchdog (../watchdog.mjs): a small process in
 * its own session that SIGKILLs every process group registered here when the
 * runner dies (its stdin pipe closes) or stops ticking for stallMs. If the
 * watchdog dies, a new one is started and told every live group again.
 * Started on first use; never keeps the runner's event loop alive.
 */
export class WatchdogClient {
  private child: ChildProcess | undefined;
  private spawnedAt = 0;
  private respawnTimer: NodeJS.Timeout | undefined;
  private readonly groups = new Map<number, string>();
  private lastStallMs: number | undefined;
  private closed = false;
  private readonly script: string;
  private readonly log: (line: string) => void;
  /** Put in every run's environment as BATON_RUNNER_INCARNATION: the watchdog kills what carries it. */
  readonly token: string = randomUUID();

  constructor(options: WatchdogOptions = {}) {
    this.script = options.script ?? WATCHDOG_SCRIPT;
    this.log = options.log ?? (() => {});
  }

  /** The watchdog's pid (tests), undefined when none runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Registers a process group; its leader's start time guards against a reused pid. */
  add(pgid: number, startTime: string | undefined): void {
    this.groups.set(pgid, startTime ?? "-");
    this.send(`add ${pgid} ${startTime ?? "-"}`);
  }

  remove(pgid: number): void {
    this.groups.delete(pgid);
    this.send(`del ${pgid}`);
  }

  /** The runner is alive; kill everything if no tick follows within stallMs. */
  tick(stallMs: number): void {
    this.lastStallMs = Math.max(1, Math.round(stallMs));
    this.send(`tick ${this.lastStallMs}`);
  }

  /** Ends the watchdog: it kills whatever is still registered, then exits. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.respawnTimer);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.stdin?.end();
    await exited;
  }

  private send(line: string): void {
    if (this.closed) return;
    const child = this.child ?? this.start();
    child?.stdin?.write(`${line}\n`);
  }

  private start(): ChildProcess | undefined {
    if (this.respawnTimer) return undefined; // a restart is scheduled; it replays everything
    const child = spawn(process.execPath, ["--max-old-space-size=16", this.script, this.token], {
      detached: true, // its own session and process group: no signal to the runner's group or a run's reaches it
      stdio: ["pipe", "pipe", "ignore"],
      env: {},
    });
    this.child = child;
    this.spawnedAt = Date.now();
    child.on("error", (err) => this.log(`watchdog: ${err.message}`));
    child.stdin?.on("error", () => {}); // EPIPE when it died; its exit is handled below
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => {
      for (const line of text.split("\n")) if (line) this.log(`watchdog ${child.pid}: ${line}`);
    });
    child.once("exit", (code, signal) => this.exited(child, code, signal));
    child.unref();
    unref(child.stdin);
    unref(child.stdout);
    return child;
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.closed) return;
    this.log(`watchdog ${child.pid} exited (${signal ?? `code ${code}`}); starting a new one`);
    const restart = (): void => {
      this.respawnTimer = undefined;
      if (this.closed || this.child) return;
      this.start();
      for (const [pgid, startTime] of this.groups) this.send(`add ${pgid} ${startTime}`);
      if (this.lastStallMs !== undefined) this.send(`tick ${this.lastStallMs}`);
    };
    if (Date.now() - this.spawnedAt < RESPAWN_BACKOFF_MS) {
      this.respawnTimer = setTimeout(restart, RESPAWN_BACKOFF_MS);
      this.respawnTimer.unref();
    } else restart();
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux or if gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function unref(stream: unknown): void {
  (stream as { unref?: () => void } | null)?.unref?.();
}
