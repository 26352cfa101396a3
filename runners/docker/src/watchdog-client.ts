import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineAddress } from "./settings.js";

/** The watchdog script, at the package root (beside both src/ and dist/). */
export const DOCKER_WATCHDOG_SCRIPT: string = fileURLToPath(new URL("../watchdog.mjs", import.meta.url));

/**
 * The runner's side of its watchdog (../watchdog.mjs), which removes this
 * runner's containers when the runner dies and no new incarnation takes over
 * within the stall limit, or when the runner stops ticking. A new
 * incarnation (same runner id, same host) stops its predecessor's watchdog
 * first, found through a pid file, so the containers it adopts are left alone.
 */
export class DockerWatchdog {
  private child: ChildProcess | undefined;
  private lastStallMs: number | undefined;
  private closed = false;
  private readonly pidFile: string;

  constructor(
    private readonly engine: EngineAddress,
    private readonly runnerId: string,
    private readonly log: (line: string) => void,
    private readonly script: string = DOCKER_WATCHDOG_SCRIPT,
  ) {
    this.pidFile = join(tmpdir(), `baton-docker-watchdog-${runnerId}.pid`);
  }

  /** Stops a predecessor's watchdog (its containers are ours now), then starts ours. */
  start(): void {
    this.stopPredecessor();
    this.spawn();
  }

  /** Proof of life; restarts the watchdog if it has exited (after removing a hung runner's containers). */
  tick(stallMs: number): void {
    if (this.closed) return;
    this.lastStallMs = stallMs;
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) this.spawn();
    this.child?.stdin?.write(`tick ${stallMs}\n`);
  }

  /**
   * The runner stops: the watchdog is left to itself, as when the runner dies.
   * A runner that stopped cleanly has stopped its containers already; one
   * that could not has them removed once the stall limit has passed, unless
   * it comes back first.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.child?.stdin?.end();
  }

  private spawn(): void {
    const child = spawn(process.execPath, [this.script, this.runnerId], {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
      env: {
        PATH: process.env.PATH ?? "",
        BATON_WATCHDOG_ENGINE: JSON.stringify(this.engine),
        BATON_WATCHDOG_RUNNER: this.runnerId,
      },
    });
    child.on("error", (err) => this.log(`docker watchdog: ${err.message}`));
    child.stdin?.on("error", () => {}); // it exited: the next tick starts another
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    this.child = child;
    if (child.pid !== undefined) writeFileSync(this.pidFile, String(child.pid));
    if (this.lastStallMs !== undefined) child.stdin?.write(`tick ${this.lastStallMs}\n`);
  }

  private stopPredecessor(): void {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile, "utf8").trim());
    } catch {
      return;
    }
    if (!Number.isInteger(pid) || pid <= 1) return;
    // Only a watchdog of this runner: the pid may have been reused since.
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      return;
    }
    const args = cmdline.split("\0");
    if (!args.includes(this.script) || !args.includes(this.runnerId)) return;
    try {
      process.kill(pid, "SIGTERM");
      this.log(`stopped the watchdog of this runner's previous incarnation (pid ${pid}): its containers are adopted`);
    } catch {
      // exited meanwhile
    }
  }
}
