import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes the runner's data folder: the id derived from it must belong to one
 * live runner. A lock left by a runner that died (kill -9) is taken over; one
 * held by a live process is refused with what to do instead.
 */
export function lockDataDir(dir: string, pid: number = process.pid): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, "runner.pid");
  let holder: number | undefined;
  try {
    holder = Number.parseInt(readFileSync(file, "utf8"), 10);
  } catch {
    holder = undefined;
  }
  if (holder && holder !== pid && alive(holder)) {
    throw new Error(
      `another runner (pid ${holder}) uses the data folder ${dir}; give this one its own with RUNNER_DATA_DIR, or set RUNNER_ID`,
    );
  }
  writeFileSync(file, String(pid), { mode: 0o600 });
}
