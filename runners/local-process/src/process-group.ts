import { readdirSync, readFileSync } from "node:fs";

/** Sends a signal to every process of a group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}

/**
 * True while a member of the group is still running. kill(-pgid, 0) alone
 * also counts zombies, and where PID 1 does not reap orphans (containers
 * without an init) a killed grandchild stays a zombie forever; so on Linux
 * the members found in /proc are checked for state "Z".
 */
export function groupIsAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== "linux") return true;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(entry);
      if (stat && stat.pgid === pgid && stat.state !== "Z") return true;
    }
    return false;
  } catch {
    return true;
  }
}

function readStat(pid: string): { state: string; pgid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: parse after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", pgid: Number(fields[2]) };
  } catch {
    return undefined; // exited while we looked
  }
}

/** SIGTERM to the group, SIGKILL after graceMs if a member still runs. Never throws for a gone group. */
export async function terminateGroup(pgid: number, graceMs: number, pollMs = 25): Promise<void> {
  if (!signalGroup(pgid, "SIGTERM")) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
    if (!groupIsAlive(pgid)) return;
  }
  signalGroup(pgid, "SIGKILL");
}
