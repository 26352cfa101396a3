import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Child, startNodeChild } from "./processes.js";
import { supervise } from "./supervisor.js";

const dir = mkdtempSync(join(tmpdir(), "baton-supervisor-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a script for a real child process. */
function script(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

function until<T>(what: string, check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}

describe("supervise", () => {
  it("restarts a child that exits, announcing each restart with the growing delay", async () => {
    const crash = script("crash.mjs", "process.exit(3);\n");
    const lines: string[] = [];
    const started: Child[] = [];
    const start = () => {
      const c = startNodeChild("worker", crash, process.env, join(dir, "worker.log"));
      started.push(c);
      return c;
    };
    const s = supervise(start(), {
      start,
      say: (l) => lines.push(l),
      policy: { initialMs: 10, maxMs: 40, resetAfterMs: 60_000 },
    });
    await until("four exits", () => (lines.filter((l) => l.includes("exited")).length >= 4 ? true : undefined));
    await s.stop();
    expect(lines.filter((l) => l.includes("exited")).slice(0, 4)).toEqual([
      "worker exited (code 3); restarting in 10 ms",
      "worker exited (code 3); restarting in 20 ms",
      "worker exited (code 3); restarting in 40 ms",
      "worker exited (code 3); restarting in 40 ms",
    ]);
    expect(started.length).toBeGreaterThanOrEqual(4);
  });
});

describe("supervise, stopped", () => {
  it("does not restart a child it was asked to stop", async () => {
    const stay = script("stay.mjs", "setInterval(() => {}, 1000);\n");
    const lines: string[] = [];
    let starts = 0;
    const start = () => {
      starts++;
      return startNodeChild("worker", stay, process.env, join(dir, "stay.log"));
    };
    const first = start();
    const s = supervise(first, {
      start,
      say: (l) => lines.push(l),
      policy: { initialMs: 10, maxMs: 10, resetAfterMs: 1 },
    });
    await s.stop();
    const status = await first.ended;
    expect(status.signal).toBe("SIGTERM");
    // Its exit has been handled (ended resolved before the supervisor's handler ran); nothing was restarted.
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([]);
    expect(starts).toBe(1);
  });
});
