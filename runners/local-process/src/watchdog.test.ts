import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { processStartTime, WATCHDOG_SCRIPT, WatchdogClient } from "./watchdog-client.js";

// The watchdog protocol against the real script and real process groups.

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});

/** A shell in its own process group with a background child: two live members. */
function group(): number {
  const child = spawn("/bin/sh", ["-c", "sleep 60 & sleep 60"], { detached: true, stdio: "ignore" });
  child.unref();
  started.push(child);
  return child.pid as number;
}

function stat(pid: number | string): { state: string; pgid: number; sid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", pgid: Number(fields[2]), sid: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) members of a process group. */
function members(pgid: number): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      const s = stat(e);
      return s !== undefined && s.pgid === pgid && s.state !== "Z";
    })
    .map(Number);
}

async function until<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function watchdog(token?: string): { child: ChildProcess; send(line: string): void; exited: Promise<string> } {
  const args = token ? [WATCHDOG_SCRIPT, token] : [WATCHDOG_SCRIPT];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"], detached: true });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) => child.once("close", () => resolve(out)));
  return { child, send: (line) => child.stdin?.write(`${line}\n`), exited };
}

describe("watchdog", () => {
  it("kills every registered group when its pipe closes, then exits", async () => {
    const a = group();
    const b = group();
    await until(() => members(a).length === 3 && members(b).length === 3);
    const w = watchdog();
    w.send(`add ${a} ${processStartTime(a)}`);
    w.send(`add ${b} ${processStartTime(b)}`);
    w.child.stdin?.end();
    expect(await w.exited).toMatch(/^killed \d+,\d+: the pipe to the runner closed/);
    await until(() => members(a).length === 0 && members(b).length === 0);
  });

  it("also kills a group it was never told of whose environment carries its token (forked as the runner died)", async () => {
    const token = "t-0f3c";
    const marked = spawn("/bin/sh", ["-c", "sleep 60 & sleep 60"], {
      detached: true,
      stdio: "ignore",
      env: { ...process.env, BATON_RUNNER_INCARNATION: token },
    });
    marked.unref();
    started.push(marked);
    const other = spawn("/bin/sh", ["-c", "sleep 60"], {
      detached: true,
      stdio: "ignore",
      env: { ...process.env, BATON_RUNNER_INCARNATION: "someone-else" },
    });
    other.unref();
    started.push(other);
    const pgid = marked.pid as number;
    await until(() => members(pgid).length === 3 && members(other.pid as number).length === 2);
    const w = watchdog(token);
    w.child.stdin?.end();
    expect(await w.exited).toMatch(new RegExp(`^killed ${pgid}: the pipe to the runner closed`));
    await until(() => members(pgid).length === 0);
    expect(members(other.pid as number).length).toBe(2);
  });

  it("forgets a group that ended, and never kills a group whose leader's pid was reused", async () => {
    const ended = group();
    const reused = group();
    await until(() => members(reused).length === 3);
    const w = watchdog();
    w.send(`add ${ended} ${processStartTime(ended)}`);
    w.send(`del ${ended}`);
    // A start time that differs: this pid now belongs to another process.
    w.send(`add ${reused} 1`);
    w.child.stdin?.end();
    expect(await w.exited).toMatch(/^killed nothing/);
    expect(members(reused)).toHaveLength(3);
    expect(members(ended)).toHaveLength(3);
  });

  it("kills every registered group when the ticks stop for stallMs, and exits", async () => {
    const a = group();
    await until(() => members(a).length === 3);
    const w = watchdog();
    w.send(`add ${a} ${processStartTime(a)}`);
    w.send("tick 300");
    expect(await w.exited).toMatch(/no tick from the runner for 300 ms/);
    expect(members(a)).toEqual([]);
  });
});

describe("WatchdogClient", () => {
  it("runs the watchdog in a session of its own, outside the runner's and the runs' groups", async () => {
    const client = new WatchdogClient();
    const a = group();
    client.add(a, processStartTime(a));
    const pid = await until(() => client.pid);
    const own = stat(process.pid);
    await until(() => stat(pid)?.sid === pid);
    expect(stat(pid)).toMatchObject({ pgid: pid, sid: pid });
    expect(stat(pid)?.pgid).not.toBe(own?.pgid);
    expect(stat(pid)?.pgid).not.toBe(a);
    await client.close();
    await until(() => members(a).length === 0);
  });

  it("replaces a watchdog killed with -9 and registers the live groups with the new one", async () => {
    const lines: string[] = [];
    const client = new WatchdogClient({ log: (line) => lines.push(line) });
    const a = group();
    const b = group();
    await until(() => members(a).length === 3 && members(b).length === 3);
    client.add(a, processStartTime(a));
    client.add(b, processStartTime(b));
    client.remove(b);
    client.tick(60_000);
    const first = await until(() => client.pid);
    process.kill(first, "SIGKILL");
    const second = await until(() => client.pid !== first && client.pid);
    expect(lines.some((l) => l.includes(`watchdog ${first} exited (SIGKILL)`))).toBe(true);
    await client.close();
    await until(() => members(a).length === 0);
    expect(members(b)).toHaveLength(3);
    await until(() => lines.some((l) => l.startsWith(`watchdog ${second}: killed ${a}:`)));
  });
});
