import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { RunIo, RunSpec } from "@baton/proto";
import { describe, expect, it } from "vitest";
// Test support shared by every driver; imported by path to avoid a package cycle (host depends on this package).
import { CONFORMANCE_PROGRAM, defineRunnerConformance } from "../../host/src/conformance.js";
import { until } from "../../host/src/test-harness.js";
import { createLocalProcessDriver, localProcessDriver } from "./driver.js";
import { groupIsAlive } from "./process-group.js";
import { WatchdogClient } from "./watchdog-client.js";

defineRunnerConformance("local-process", {
  createDriver: async () => createLocalProcessDriver(),
  program: async () => pathToFileURL(CONFORMANCE_PROGRAM).href,
  missingProgram: async () => ({
    uri: pathToFileURL("/nonexistent-baton/does not exist.mjs").href,
    message: /\/nonexistent-baton\/does not exist\.mjs/,
  }),
  isGone: async (handle) => !groupIsAlive(Number(handle.pgid ?? handle.pid)),
  // What kill -9 of the runner does to a local driver: the pipe to its watchdog closes.
  killRunner: async (driver) => driver.close?.(),
  separateStreams: true,
  enforcesMemory: false,
  survivesRunnerRestart: false,
});

const run = (executionId: string) => ({ executionId, task: "t", revision: 1 });
const quiet: RunIo = { stdout: () => {}, stderr: () => {} };

describe("local-process driver", () => {
  describe("prepare: forked while the claim is in flight, run only on start", () => {
    const io = (sink: { out: string }): RunIo => ({
      stdout: (c) => {
        sink.out += Buffer.from(c).toString();
      },
      stderr: () => {},
    });

    it("runs the program with exactly the argv and env a plain start gives it, a PWD of the task's own included", async () => {
      const dir = await mkdtemp(join(tmpdir(), "baton-gate-"));
      try {
        const file = join(dir, "show.mjs");
        await writeFile(file, "console.log(JSON.stringify({ argv: process.argv.slice(2), env: process.env }));\n");
        const driver = createLocalProcessDriver({ env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, gate: true });
        const args = ["two words", "$(id)", "`id`", "*", "", "a\\b", "-c"];
        const envs: Record<string, string>[] = [{ A: "1" }, { A: "1", PWD: "/custom/place" }];
        for (const env of envs) {
          const spec = { uri: pathToFileURL(file).href, arguments: args, env, graceMs: 0 };
          const plain = { out: "" };
          await (await driver.start(run("plain"), spec, io(plain))).exited;
          const gated = { out: "" };
          const prepared = await (driver.prepare as NonNullable<typeof driver.prepare>)(run("plain"), spec, io(gated));
          const started = await prepared.start();
          expect(await started.exited).toMatchObject({ exitCode: 0 });
          expect(JSON.parse(gated.out)).toEqual(JSON.parse(plain.out));
          expect(JSON.parse(gated.out).argv).toEqual(args);
        }
        await driver.close?.();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("never runs the program when the run is aborted (a refused claim)", async () => {
      const dir = await mkdtemp(join(tmpdir(), "baton-gate-"));
      try {
        const file = join(dir, "touch.sh");
        const marker = join(dir, "ran");
        await writeFile(file, `#!/bin/sh\ntouch "$1"\n`);
        await chmod(file, 0o755);
        const driver = createLocalProcessDriver({ env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, gate: true });
        const spec = { uri: pathToFileURL(file).href, arguments: [marker], env: {}, graceMs: 0 };
        const prepared = await (driver.prepare as NonNullable<typeof driver.prepare>)(run("refused"), spec, quiet);
        await prepared.abort();
        expect(existsSync(marker)).toBe(false);
        // The same preparation started does run it: the marker is what the abort kept from happening.
        const again = await (driver.prepare as NonNullable<typeof driver.prepare>)(run("granted"), spec, quiet);
        await (await again.start()).exited;
        expect(existsSync(marker)).toBe(true);
        await driver.close?.();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("falls back to a plain start when the command cannot start, with spawn's own error", async () => {
      const dir = await mkdtemp(join(tmpdir(), "baton-gate-"));
      try {
        const file = join(dir, "not-executable");
        await writeFile(file, "#!/bin/sh\n");
        expect(createLocalProcessDriver().prepare).toBeUndefined(); // the gate is opt-in (RUNNER_LOCAL_GATE)
        const driver = createLocalProcessDriver({ gate: true });
        const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 0 };
        const prepared = await (driver.prepare as NonNullable<typeof driver.prepare>)(run("eacces"), spec, quiet);
        await expect(prepared.start()).rejects.toThrow(/EACCES/);
        await expect(driver.start(run("eacces"), spec, quiet)).rejects.toThrow(/EACCES/);
        await driver.close?.();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it("passes only the inherited variables of the runner's env", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    try {
      const file = join(dir, "env.mjs");
      await writeFile(file, "console.log(JSON.stringify(process.env));\n");
      const driver = createLocalProcessDriver({ env: { PATH: "/usr/bin:/bin", SECRET: "s3cret", HOME: "/home/x" } });
      let out = "";
      const started = await driver.start(
        run("e1"),
        { uri: pathToFileURL(file).href, arguments: [], env: { A: "1" }, graceMs: 0 },
        { stdout: (c) => (out += Buffer.from(c).toString()), stderr: () => {} },
      );
      expect(started.handle.pgid).toBe(started.handle.pid);
      await started.exited;
      // BATON_RUNNER_INCARNATION: the watchdog's token, so a run forked as the runner died is found and killed.
      expect(JSON.parse(out)).toEqual({
        PATH: "/usr/bin:/bin",
        HOME: "/home/x",
        A: "1",
        BATON_EXECUTION_ID: "e1",
        BATON_RUNNER_INCARNATION: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects start when the file cannot be executed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    try {
      const file = join(dir, "not-executable");
      await writeFile(file, "#!/bin/sh\necho hi\n");
      await chmod(file, 0o644);
      const driver = createLocalProcessDriver();
      const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 0 };
      await expect(driver.start(run("e2"), spec, quiet)).rejects.toThrow(/EACCES/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("registers every run with its watchdog: when the watchdog's pipe closes, the run is killed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    try {
      const file = join(dir, "forever.sh");
      await writeFile(file, "#!/bin/sh\nsleep 60 &\nwait\n", { mode: 0o755 });
      const watchdog = new WatchdogClient();
      const driver = createLocalProcessDriver({ watchdog });
      const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 60_000 };
      const started = await driver.start(run("e3"), spec, quiet);
      // What the runner's death does: the pipe to the watchdog closes.
      await driver.close?.();
      expect(await started.exited).toEqual({ exitCode: null, signal: "SIGKILL", endedAt: expect.any(String) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("local-process driver: output spooled to files", () => {
  /** A ready() held pending until released: what the host gives while its publisher is full. */
  function heldIo() {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const chunks: { text: string; at: number; given?: string }[] = [];
    const io: RunIo = {
      stdout: (c, given) => chunks.push({ text: Buffer.from(c).toString(), at: Date.now(), given }),
      stderr: () => {},
      ready: () => held,
    };
    return { io, chunks, release, text: () => chunks.map((c) => c.text).join("") };
  }

  /** Prints 1..N with seq, then leaves a marker: the program has reached its end. */
  async function seqProgram(dir: string): Promise<string> {
    const file = join(dir, "lines.sh");
    await writeFile(file, '#!/bin/sh\nseq 1 "$1"\ntouch "$2"\n', { mode: 0o755 });
    return pathToFileURL(file).href;
  }

  /** Reaped: the driver has seen its 'exit' (kill(pid, 0) fails only once the zombie is gone). */
  const reaped = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  };

  it("a program printing 200,000 lines while io.ready is held is not blocked: it exits, and every line arrives once ready resolves", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-spool-"));
    const driver = createLocalProcessDriver();
    try {
      const held = heldIo();
      const marker = join(dir, "done");
      const spec = { uri: await seqProgram(dir), arguments: ["200000", marker], env: {}, graceMs: 0 };
      const started = await driver.start(run("loud"), spec, held.io);
      // With a pipe, seq would block once ~64 KiB were unread; with a file it runs to its end.
      await until(() => (existsSync(marker) && reaped(Number(started.handle.pid))) || undefined, 20_000);
      expect(held.chunks).toHaveLength(0);
      held.release();
      const exit = await started.exited;
      expect(exit).toMatchObject({ exitCode: 0, signal: null });
      const lines = held.text().split("\n");
      expect(lines.pop()).toBe("");
      expect(lines).toHaveLength(200_000);
      expect(lines.every((line, i) => line === String(i + 1))).toBe(true);
    } finally {
      await driver.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("exited.endedAt is when the program exited, before its output held back was delivered", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-spool-"));
    const driver = createLocalProcessDriver();
    try {
      const held = heldIo();
      const marker = join(dir, "done");
      const spec = { uri: await seqProgram(dir), arguments: ["1000", marker], env: {}, graceMs: 0 };
      const started = await driver.start(run("late"), spec, held.io);
      await until(() => (reaped(Number(started.handle.pid)) ? true : undefined));
      const gone = Date.now();
      await until(() => (Date.now() > gone ? true : undefined)); // the clock moves past the exit
      held.release();
      const exit = await started.exited;
      const endedAt = Date.parse(exit.endedAt ?? "");
      expect(endedAt).toBeLessThanOrEqual(gone);
      expect(held.chunks.length).toBeGreaterThan(0);
      expect(endedAt).toBeLessThan(held.chunks.at(-1)?.at ?? 0);
      // Read after the exit, written before it: the lines carry the exit's time, not the later read's.
      expect(new Set(held.chunks.map((c) => c.given))).toEqual(new Set([exit.endedAt]));
      expect(held.text()).toBe(`${Array.from({ length: 1000 }, (_, i) => i + 1).join("\n")}\n`);
    } finally {
      await driver.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("spools into a private folder (0700, emptied of a killed runner's leftovers) of private files (0600), removed once read and on close()", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-spool-"));
    const spoolDir = join(dir, "spool");
    // What a runner killed with -9 leaves: its folder, with a run's files in it.
    await mkdir(spoolDir, { mode: 0o755 });
    await writeFile(join(spoolDir, "7.stdout"), "from a previous incarnation\n");
    const driver = createLocalProcessDriver({ spoolDir });
    try {
      const file = join(dir, "wait.sh");
      const go = join(dir, "go");
      // Prints, then waits for the test to look at its files.
      await writeFile(file, `#!/bin/sh\necho out\necho err >&2\nwhile [ ! -e "${go}" ]; do sleep 0.01; done\n`, {
        mode: 0o755,
      });
      let out = "";
      const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 0 };
      const started = await driver.start(run("files"), spec, {
        stdout: (c) => (out += Buffer.from(c)),
        stderr: () => {},
      });
      await until(() => (out === "out\n" ? true : undefined));
      expect(statSync(spoolDir).mode & 0o777).toBe(0o700);
      const files = readdirSync(spoolDir);
      expect(files.sort()).toEqual(["1.stderr", "1.stdout"]);
      for (const name of files) expect(statSync(join(spoolDir, name)).mode & 0o777).toBe(0o600);
      await writeFile(go, "");
      expect(await started.exited).toMatchObject({ exitCode: 0 });
      expect(readdirSync(spoolDir)).toEqual([]);
      await driver.close?.();
      expect(existsSync(spoolDir)).toBe(false);
    } finally {
      await driver.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("local-process driver: where output is spooled", () => {
  const echo = async (dir: string): Promise<RunSpec> => {
    const file = join(dir, "echo.sh");
    await writeFile(file, "#!/bin/sh\necho spooled\n", { mode: 0o755 });
    return { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 0 };
  };
  const collect = () => {
    let out = "";
    const io: RunIo = { stdout: (c) => (out += Buffer.from(c)), stderr: () => {} };
    return { io, out: () => out };
  };

  it("a runner spools in its data folder, in a folder of its id, and a driver without one leaves nothing behind a run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-spool-where-"));
    const savedTmp = process.env.TMPDIR;
    try {
      const dataDir = join(dir, "data");
      await mkdir(dataDir);
      const driver = await localProcessDriver.create(
        { gate: false },
        { runnerId: "host-1a2b", log: () => {}, dataDir },
      );
      const a = collect();
      const run1 = await driver.start(run("where-1"), await echo(dir), a.io);
      expect(await run1.exited).toMatchObject({ exitCode: 0 });
      expect(a.out()).toBe("spooled\n");
      expect(readdirSync(dataDir)).toEqual(["baton-spool-host-1a2b"]);
      expect(statSync(join(dataDir, "baton-spool-host-1a2b")).mode & 0o777).toBe(0o700);
      await driver.close?.();

      // No folder given (an embedder, a test): each run's own temporary folder goes with it.
      const tmp = join(dir, "tmp");
      await mkdir(tmp);
      process.env.TMPDIR = tmp;
      const bare = createLocalProcessDriver();
      const b = collect();
      const run2 = await bare.start(run("where-2"), await echo(dir), b.io);
      expect(readdirSync(tmp).some((name) => name.startsWith("baton-spool-"))).toBe(true);
      expect(await run2.exited).toMatchObject({ exitCode: 0 });
      expect(b.out()).toBe("spooled\n");
      expect(readdirSync(tmp).filter((name) => name.startsWith("baton-spool-"))).toEqual([]);
      await bare.close?.();
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("local-process driver: process groups", () => {
  it("cancel kills the whole process group, hard after graceMs when SIGTERM is ignored", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    const driver = createLocalProcessDriver();
    try {
      const grandchild = `process.on("SIGTERM", () => {}); console.log("grandchild " + process.pid); setInterval(() => {}, 1000);`;
      const file = join(dir, "tree.mjs");
      await writeFile(
        file,
        `import { spawn } from "node:child_process";\n` +
          `spawn(process.execPath, ["-e", ${JSON.stringify(grandchild)}], { stdio: "inherit" });\n` +
          `process.on("SIGTERM", () => {});\nsetInterval(() => {}, 1000);\n`,
      );
      let out = "";
      const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 300 };
      const started = await driver.start(run("e4"), spec, { stdout: (c) => (out += Buffer.from(c)), stderr: () => {} });
      const pid = await until(() => Number(/grandchild (\d+)/.exec(out)?.[1]) || undefined);
      await driver.cancel(started.handle, { graceMs: 300 });
      expect((await started.exited).signal).toBe("SIGKILL");
      await until(() => !alive(pid) || undefined);
    } finally {
      await driver.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("recover kills a group that outlived its runner (its watchdog failed too) and reports it gone", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-local-"));
    const driver = createLocalProcessDriver();
    const next = createLocalProcessDriver();
    try {
      const file = join(dir, "forever.sh");
      await writeFile(file, "#!/bin/sh\nsleep 60 &\nwait\n", { mode: 0o755 });
      const spec = { uri: pathToFileURL(file).href, arguments: [], env: {}, graceMs: 60_000 };
      const started = await driver.start(run("e5"), spec, quiet);
      expect(groupIsAlive(Number(started.handle.pgid))).toBe(true);
      expect(await next.recover(run("e5"), started.handle, quiet, { stdoutLines: 0, stderrLines: 0 })).toBeUndefined();
      expect(groupIsAlive(Number(started.handle.pgid))).toBe(false);
      // A handle whose pid now belongs to another process (another start time) is never signalled.
      const other = { pid: process.pid, pgid: process.pid, startTime: "1" };
      expect(await next.recover(run("e6"), other, quiet, { stdoutLines: 0, stderrLines: 0 })).toBeUndefined();
    } finally {
      await driver.close?.();
      await next.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Gone, or a zombie nobody reaps. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}
