import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "@baton/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, getExecution, launch, waitFor } from "./support/flows.js";

// A runner's children never outlive it unsupervised: its watchdog kills them
// when the runner dies (kill -9 included) or stops (SIGSTOP), and is itself
// replaced when it dies.

/** pid, ppid and process group of a live (non-zombie) process; undefined when gone. */
function proc(pid: number | string): { ppid: number; pgid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z") return undefined;
    return { ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}
const alive = (pid: number): boolean => proc(pid) !== undefined;

/** The runner's watchdog: its child running watchdog.mjs. */
function watchdogOf(runnerPid: number): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || proc(entry)?.ppid !== runnerPid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("watchdog.mjs")) return Number(entry);
    } catch {
      // exited while we looked
    }
  }
  return undefined;
}

describe("a runner's children never outlive it unsupervised", () => {
  let env: TestEnv;
  let n = 0;
  beforeAll(async () => {
    env = await startEnv();
    await defineTask(env.api[0]!, "short", env.script("short.sh", "#!/bin/sh\necho done\n"));
  });
  afterAll(() => env?.stop());

  /**
   * Launches a shell script that starts a child and a grandchild, writes the
   * four pids to a file and, 30 s later, a "finished" marker. Resolves with
   * the pids once all four are written, and the marker's path. `pin`: only
   * a runner started with the label pin=<pin> may take it (a killed runner
   * of an earlier test is not LOST yet, and admission could choose it).
   */
  const launchTree = async (pin?: string): Promise<{ id: string; pids: number[]; marker: string }> => {
    const name = `tree-${++n}`;
    const pidsFile = join(env.dir, `${name}.pids`);
    const marker = join(env.dir, `${name}.finished`);
    const uri = env.script(
      `${name}.sh`,
      `#!/bin/sh
sleep 30 &
echo $! >> ${pidsFile}
sh -c 'sleep 30 & echo $! >> "$1"; wait' sh ${pidsFile} &
echo $! >> ${pidsFile}
echo $$ >> ${pidsFile}
wait
touch ${marker}
`,
    );
    await defineTask(env.api[0]!, name, uri, pin ? { properties: { runnerLabels: { pin } } } : {});
    const { id } = await launch(env.api[0]!, name);
    const pids = await waitFor("the task's four pids", async () => {
      const list = existsSync(pidsFile) ? readFileSync(pidsFile, "utf8").split("\n").filter(Boolean).map(Number) : [];
      return list.length === 4 ? list : undefined;
    });
    for (const pid of pids) expect(alive(pid)).toBe(true);
    return { id, pids, marker };
  };

  const allGone = (pids: number[], what: string, timeoutMs = 20_000) =>
    waitFor(what, async () => pids.every((pid) => !alive(pid)), timeoutMs);

  const watchdog = (runner: Child): Promise<number> =>
    waitFor("the runner's watchdog", async () => watchdogOf(runner.process.pid as number));

  it("kills every process of a run, grandchildren included, when the runner is killed with -9", async () => {
    const runner = env.runners[0]!;
    const tree = await launchTree();
    const guard = await watchdog(runner);
    expect(proc(guard)?.pgid).not.toBe(proc(tree.pids[3]!)?.pgid);
    process.kill(runner.process.pid as number, "SIGKILL");
    await runner.exited;
    await allGone(tree.pids, "the run's processes to die with their runner");
    // The watchdog exits after killing, and the script never got to its end.
    await waitFor("the watchdog to exit", async () => !alive(guard));
    expect(existsSync(tree.marker)).toBe(false);
  });

  it("kills a stopped runner's runs before it is declared LOST; resumed, the runner works on", async () => {
    const runner = await env.startRunner({ RUNNER_LABELS: "pin=stopped" });
    const pid = runner.process.pid as number;
    const tree = await launchTree("stopped");
    process.kill(pid, "SIGSTOP");
    try {
      // Without a heartbeat reply the stall limit is 8 s; with one, 0.8 x lostAfterMs.
      await allGone(tree.pids, "the stopped runner's watchdog to kill its run", 40_000);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    expect(existsSync(tree.marker)).toBe(false);
    const { runnerId } = await getExecution(env.api[0]!, tree.id);
    const { id } = await launch(env.api[0]!, "short", { properties: { runnerLabels: { pin: "stopped" } } });
    await waitFor("a new launch to complete on the resumed runner", async () => {
      const run = await getExecution(env.api[0]!, id);
      return run.status === "COMPLETED" && run.runnerId === runnerId;
    });
    await runner.stop();
  });

  it("replaces a watchdog killed with -9; the new one protects the runs before and after", async () => {
    const runner = await env.startRunner({ RUNNER_LABELS: "pin=watchdog" });
    const before = await launchTree("watchdog");
    const first = await watchdog(runner);
    process.kill(first, "SIGKILL");
    const second = await waitFor("a new watchdog", async () => {
      const pid = watchdogOf(runner.process.pid as number);
      return pid !== undefined && pid !== first ? pid : undefined;
    });
    const after = await launchTree("watchdog");
    process.kill(runner.process.pid as number, "SIGKILL");
    await runner.exited;
    await allGone([...before.pids, ...after.pids], "both runs' processes to die with their runner");
    await waitFor("the new watchdog to exit", async () => !alive(second));
    expect(existsSync(before.marker) || existsSync(after.marker)).toBe(false);
  });
});
