import { fileURLToPath } from "node:url";
import {
  type Driver,
  decode,
  type RunCommand,
  type RunEvent,
  type RunHandle,
  type RunIo,
  type RunRef,
  type RunSpec,
  runEvent,
} from "@baton/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Execution } from "./run.js";

/** The conformance program (at the package root, beside src/ and dist/) as a host file (the local driver runs it; container drivers copy it into an image). */
export const CONFORMANCE_PROGRAM: string = fileURLToPath(new URL("../conformance-program.mjs", import.meta.url));

/**
 * What a driver gives the suite: the driver itself, the program to run on
 * its platform, and how to tell that a run's platform object is gone.
 */
export interface ConformanceTarget {
  /** A new driver, as a runner starting creates it (the recover test makes a second one). */
  createDriver(): Promise<Driver>;
  /** The URI that runs CONFORMANCE_PROGRAM on the platform with the spec's arguments as its argv (a file URI, an image). */
  program(): Promise<string>;
  /** A URI that cannot start, and what the rejection must say. */
  missingProgram(): Promise<{ uri: string; message: RegExp }>;
  /** True once nothing of the run behind the handle remains (process group, container, Job). */
  isGone(handle: RunHandle): Promise<boolean>;
  /**
   * The runner dies without stopping anything (kill -9): what the platform
   * does about its runs is up to the driver (local runs are killed by their
   * watchdog; containers go on, to be recovered).
   */
  killRunner(driver: Driver): Promise<void>;
  /** What is left on the platform by the suite's runs (containers...); must be empty at the end. */
  leftovers?(): Promise<string[]>;
  /** Platforms that keep stdout and stderr apart (Kubernetes merges them). */
  separateStreams: boolean;
  /** Platforms that enforce spec.memory (a local process has no limit covering its tree). */
  enforcesMemory: boolean;
  /** Platforms whose runs outlive their runner and are adopted by the next one (containers, Jobs). */
  survivesRunnerRestart: boolean;
}

/**
 * The behaviour every runner driver must have, run against the real driver
 * and platform from one test file per driver:
 * `defineRunnerConformance("docker", target)`. Test support only: not
 * exported from the package's runtime entry, so vitest never reaches the
 * runner process.
 */
export function defineRunnerConformance(name: string, target: ConformanceTarget): void {
  describe(`runner conformance: ${name}`, () => {
    let driver: Driver;
    let uri = "";
    let n = 0;
    const ref = (label: string): RunRef => ({
      executionId: `conf-${label}-${process.pid}-${++n}`,
      task: "conformance",
      revision: 1,
    });
    const spec = (mode: string, extra: Partial<RunSpec> = {}, env: Record<string, string> = {}): RunSpec => ({
      uri,
      arguments: [],
      graceMs: 5000,
      ...extra,
      env: { CONFORMANCE_MODE: mode, ...env },
    });
    /** Starts a run straight on the driver; resolves with its exit and output. */
    const run = async (label: string, s: RunSpec) => {
      const out = collect();
      const started = await driver.start(ref(label), s, out.io);
      return { started, out, exit: await started.exited };
    };

    beforeAll(async () => {
      driver = await target.createDriver();
      uri = await target.program();
    }, 180_000);
    afterAll(async () => {
      await driver?.close?.();
      if (target.leftovers) expect(await target.leftovers()).toEqual([]);
    }, 60_000);

    it("reports exit code 0 and a non-zero exit code", async () => {
      expect((await run("ok", spec("exit"))).exit).toMatchObject({ exitCode: 0 });
      expect((await run("bad", spec("exit", {}, { CONFORMANCE_CODE: "3" }))).exit).toMatchObject({ exitCode: 3 });
    });

    it("delivers a step line whole on stdout: the host turns it into a step report", async () => {
      const events = await throughHost(driver, ref("step"), spec("step"));
      const report = events.find((e) => e.type === "report");
      expect(report).toMatchObject({ record: { type: "step", step: "load", status: "COMPLETED", read: 7, write: 5 } });
      const logs = events.flatMap((e) => (e.type === "log" ? e.lines.map((l) => l.text) : []));
      expect(logs).toEqual(["before", "after"]);
      // A platform that merges the streams says so: its lines are labelled "combined", never "stdout".
      expect(driver.mergedOutput ?? false).toBe(!target.separateStreams);
      const streams = new Set(events.flatMap((e) => (e.type === "log" ? e.lines.map((l) => l.stream) : [])));
      expect([...streams]).toEqual([target.separateStreams ? "stdout" : "combined"]);
      expect(events.at(-1)).toMatchObject({ type: "exited", reason: "exit", exitCode: 0 });
    });

    it("delivers long lines whole and in order", async () => {
      const { out } = await run("large", spec("large"));
      const expected = Array.from({ length: 20 }, (_, i) => `${i}:${String.fromCharCode(97 + i).repeat(64 * 1024)}`);
      expect(out.lines("stdout")).toEqual(expected);
    });

    it("delivers a fast log completely, each stream in order, before exited resolves", async () => {
      const { out, exit } = await run("fast", spec("fast", {}, { CONFORMANCE_LINES: "20000" }));
      expect(exit.exitCode).toBe(0);
      const expected = (prefix: string): string[] => Array.from({ length: 20000 }, (_, i) => `${prefix} ${i}`);
      if (target.separateStreams) {
        expect(out.lines("stdout")).toEqual(expected("out"));
        expect(out.lines("stderr")).toEqual(expected("err"));
      } else {
        const all = [...out.lines("stdout"), ...out.lines("stderr")];
        expect(all.filter((l) => l.startsWith("out "))).toEqual(expected("out"));
        expect(all.filter((l) => l.startsWith("err "))).toEqual(expected("err"));
      }
    }, 60_000);

    it("passes arguments and environment exactly: one argv element each, never through a shell", async () => {
      const args = ["two words", `"quoted" 'single'`, "; rm -rf /", "$(id)", "`id`", "a\\b", "*", ""];
      const label = ref("echo");
      const out = collect();
      const started = await driver.start(
        label,
        spec("echo", { arguments: args }, { GREETING: "hello $USER; x" }),
        out.io,
      );
      await started.exited;
      expect(JSON.parse(out.text("stdout"))).toEqual({
        args,
        greeting: "hello $USER; x",
        execution: label.executionId,
      });
    });

    it("cancel honours the grace period: SIGTERM first, and a run that stops within it exits cleanly", async () => {
      const out = collect();
      const started = await driver.start(
        ref("trap"),
        spec("trap", { graceMs: 10_000 }, { CONFORMANCE_CLEANUP_MS: "1000" }),
        out.io,
      );
      await waitFor(() => out.text("stdout").includes("ready") || undefined, 30_000);
      await driver.cancel(started.handle, { graceMs: 10_000 });
      // The clean-up takes 1 s: a driver that killed it sooner (a grace of 0) would not see exit code 0.
      expect(await started.exited).toMatchObject({ exitCode: 0 });
      expect(out.lines("stdout")).toContain("got SIGTERM");
      await waitFor(async () => (await target.isGone(started.handle)) || undefined, 30_000);
    }, 60_000);

    it("cancel kills a run that ignores SIGTERM once the grace is over, not before; a second cancel changes nothing", async () => {
      const out = collect();
      const started = await driver.start(ref("ignore"), spec("ignore", { graceMs: 2000 }), out.io);
      await waitFor(() => out.text("stdout").includes("ready") || undefined, 30_000);
      const t0 = Date.now();
      await driver.cancel(started.handle, { graceMs: 2000 });
      await driver.cancel(started.handle, { graceMs: 2000 });
      const exit = await started.exited;
      const waited = Date.now() - t0;
      // Platforms report a kill differently (a signal, or 128 + n); never as success.
      expect(exit.exitCode).not.toBe(0);
      expect(waited).toBeGreaterThanOrEqual(1900);
      expect(out.lines("stdout")).toContain("ignoring SIGTERM");
      await waitFor(async () => (await target.isGone(started.handle)) || undefined, 30_000);
      // Cancelling a run that is already gone is not an error.
      await driver.cancel(started.handle, { graceMs: 0 });
    }, 60_000);

    it("times out through the host: the run is stopped and reported as a timeout", async () => {
      const events = await throughHost(driver, ref("timeout"), spec("sleep", { timeoutSeconds: 1, graceMs: 500 }));
      expect(events.at(-1)).toMatchObject({ type: "exited", reason: "timeout" });
      const started = events.find((e) => e.type === "started");
      if (started?.type !== "started") throw new Error("no started event");
      await waitFor(async () => (await target.isGone(started.handle)) || undefined, 30_000);
    }, 60_000);

    it("rejects start with a message naming what is missing", async () => {
      const missing = await target.missingProgram();
      await expect(driver.start(ref("missing"), { ...spec("exit"), uri: missing.uri }, collect().io)).rejects.toThrow(
        missing.message,
      );
    }, 60_000);

    if (target.enforcesMemory) {
      it("reports a breached memory limit as OOM_KILLED, not as a plain failure", async () => {
        const { exit } = await run("memory", spec("memory", { memory: 96 * 1024 * 1024 }));
        expect(exit.exitCode).not.toBe(0);
        expect(exit.message).toMatch(/^OOM_KILLED/);
      }, 60_000);
    }

    it(target.survivesRunnerRestart
      ? "recover after a runner restart adopts the run: the rest of its output, nothing twice, and its exit code"
      : "recover after a runner restart reports the run gone (it died with its runner)", async () => {
      const label = ref("recover");
      const first = collect();
      const env = { CONFORMANCE_TICKS: "40", CONFORMANCE_TICK_MS: "50", CONFORMANCE_CODE: "5" };
      const started = await driver.start(label, spec("ticks", {}, env), first.io);
      await waitFor(() => (first.lines("stdout").length >= 10 ? true : undefined), 30_000);
      await target.killRunner(driver);
      // What the control plane would have: the lines delivered before the runner died.
      const from = { stdoutLines: first.lines("stdout").length, stderrLines: first.lines("stderr").length };
      const seen = [...first.lines("stdout")];
      driver = await target.createDriver();
      const second = collect();
      const adopted = await driver.recover(label, started.handle, second.io, from);
      if (!target.survivesRunnerRestart) {
        expect(adopted).toBeUndefined();
        await waitFor(async () => (await target.isGone(started.handle)) || undefined, 30_000);
        return;
      }
      if (!adopted) throw new Error("the run was not adopted");
      expect(await adopted.exited).toMatchObject({ exitCode: 5 });
      const ticks = Array.from({ length: 40 }, (_, i) => `tick ${i + 1}`);
      const tocks = Array.from({ length: 8 }, (_, i) => `tock ${(i + 1) * 5}`);
      const stdout = [...seen, ...second.lines("stdout")];
      if (target.separateStreams) {
        expect(stdout).toEqual(ticks);
        expect([...first.lines("stderr").slice(0, from.stderrLines), ...second.lines("stderr")]).toEqual(tocks);
      } else {
        // Merged: the tocks come on the same stream; each kind in order, none missing or twice.
        expect(stdout.filter((l) => l.startsWith("tick "))).toEqual(ticks);
        expect(stdout.filter((l) => l.startsWith("tock "))).toEqual(tocks);
        expect(stdout).toHaveLength(ticks.length + tocks.length);
      }
      await waitFor(async () => (await target.isGone(adopted.handle)) || undefined, 30_000);
    }, 90_000);
  });
}

/** Runs one spec through the host's Execution (timeouts, step lines, events) with an in-memory event stream. */
async function throughHost(driver: Driver, ref: RunRef, spec: RunSpec): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const command: RunCommand = { v: 1, ...ref, platform: driver.kind, pool: "default", spec };
  const execution = new Execution(command, {
    driver,
    runnerId: "conformance",
    subject: `conformance.${ref.executionId}`,
    publish: async (_subject, data) => {
      events.push(decode(runEvent, data));
    },
    log: () => {},
  });
  await execution.done;
  return events;
}

interface Collected {
  io: RunIo;
  text(stream: "stdout" | "stderr"): string;
  lines(stream: "stdout" | "stderr"): string[];
}

function collect(): Collected {
  const chunks = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] };
  const text = (stream: "stdout" | "stderr"): string => Buffer.concat(chunks[stream]).toString("utf8");
  return {
    io: { stdout: (c) => chunks.stdout.push(c), stderr: (c) => chunks.stderr.push(c) },
    text,
    lines: (stream) => {
      const all = text(stream).split("\n");
      return all.slice(0, -1); // only complete lines
    },
  };
}

/** Until `probe` gives a value (checked every 10 ms), or an Error after timeoutMs. Test support for every driver's tests. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
