import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Driver, encode, type RunEvent } from "@baton/proto";
import { createLocalProcessDriver } from "@baton/runner-local-process";
import { type RunningService, startNats } from "@baton/stack";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedDriver } from "./drivers.js";
import { createHarness } from "./test-harness.js";

let dir = "";
let nats: RunningService;
let nc: NatsConnection;
const uri = (file: string): string => pathToFileURL(join(dir, file)).href;
const types = (events: RunEvent[]): string[] => events.map((e) => e.type);
const logTexts = (events: RunEvent[]): string[] =>
  events.flatMap((e) => (e.type === "log" ? e.lines.map((l) => l.text) : []));
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};
const exited = (events: RunEvent[]): Extract<RunEvent, { type: "exited" }> => {
  const last = events.at(-1);
  if (last?.type !== "exited") throw new Error(`last event is ${last?.type}, not exited`);
  return last;
};
/** rseq 1..n with no gap, in the order the stream holds them. */
const expectNumbered = (events: RunEvent[]): void =>
  expect(events.map((e) => e.rseq)).toEqual(events.map((_, i) => i + 1));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-host-"));
  nats = await startNats({ dataDir: join(dir, "nats") });
  nc = await connect({ servers: nats.url });
  await writeFile(
    join(dir, "hello.mjs"),
    [
      'console.log("hello " + process.argv.slice(2).join("|"));',
      `console.log('::baton::{"v":1,"type":"step","step":"load","status":"STARTED"}');`,
      'console.error("to stderr");',
      'console.log("::baton::{not json");',
      'console.log("bye");',
    ].join("\n"),
  );
  // Writes a marker file (so a test can tell it started), then runs until killed.
  await writeFile(
    join(dir, "sleeper.mjs"),
    'import { writeFileSync } from "node:fs"; if (process.argv[2]) writeFileSync(process.argv[2], "x"); console.log("sleeping"); setInterval(() => {}, 1000);',
  );
  await writeFile(join(dir, "short.mjs"), "setTimeout(() => {}, 300);");
  // Ignores SIGTERM and keeps printing: only a SIGKILL ends it.
  await writeFile(
    join(dir, "stubborn.mjs"),
    'process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("ready"); setInterval(() => console.log("still here"), 50);',
  );
  // Shuts down cleanly 500 ms after the first SIGTERM; counts every SIGTERM it gets.
  await writeFile(
    join(dir, "graceful.mjs"),
    [
      "let stopping = false;",
      'process.on("SIGTERM", () => {',
      '  console.log("got SIGTERM");',
      "  if (stopping) return;",
      "  stopping = true;",
      '  setTimeout(() => { console.log("clean shutdown"); process.exit(0); }, 500);',
      "});",
      'console.log("ready");',
      "setInterval(() => {}, 1000);",
    ].join("\n"),
  );
});

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("runner host", () => {
  it("runs a command and publishes started, log, report and exited events in order", async () => {
    const h = await createHarness(nc, nats.url);
    await h.host().start();
    await h.publish("e1", { uri: uri("hello.mjs"), arguments: ["a b", "; rm -rf /"] });
    const events = await h.finished("e1");
    expectNumbered(events);
    expect(events[0]).toMatchObject({ type: "started", executionId: "e1", handle: { pid: expect.any(Number) } });
    expect(exited(events)).toMatchObject({ reason: "exit", exitCode: 0, signal: null });
    const report = events.find((e) => e.type === "report");
    expect(report).toMatchObject({ record: { type: "step", step: "load", status: "STARTED" } });
    const lines = events.flatMap((e) => (e.type === "log" ? e.lines.map((l) => `${l.stream}: ${l.text}`) : []));
    expect(lines).toContain("stdout: hello a b|; rm -rf /");
    expect(lines).toContain("stderr: to stderr");
    expect(lines).toContain("stdout: ::baton::{not json");
    expect(lines.some((l) => l.startsWith("system: invalid step line"))).toBe(true);
    // The report sits between "hello" and "bye", as printed.
    const seq = (match: (e: RunEvent) => boolean): number => events.find(match)?.rseq ?? -1;
    const logWith = (text: string) => (e: RunEvent) => e.type === "log" && e.lines.some((l) => l.text === text);
    expect(seq(logWith("hello a b|; rm -rf /"))).toBeLessThan(report?.rseq ?? 0);
    expect(seq(logWith("bye"))).toBeGreaterThan(report?.rseq ?? 0);
    expect(h.claims).toEqual([{ v: 1, executionId: "e1", runnerId: expect.any(String) }]);
    await h.close();
  });

  it("never starts a command whose claim is refused for good", async () => {
    const h = await createHarness(nc, nats.url, (request) =>
      request.executionId === "e2"
        ? { ok: false, retry: false, reason: "cancelled meanwhile" }
        : { ok: true, retry: false },
    );
    // One slot: the witness sent after it can run only once the refused command has let the slot go.
    await h.host(1).start();
    const marker = join(dir, "refused.marker");
    await h.publish("e2", { uri: uri("sleeper.mjs"), arguments: [marker] });
    await h.publish("e2w", { uri: uri("hello.mjs"), arguments: ["witness"] });
    expect(exited(await h.finished("e2w"))).toMatchObject({ reason: "exit", exitCode: 0 });
    expect(existsSync(marker)).toBe(false);
    expect(h.events.filter((e) => e.executionId === "e2")).toEqual([]);
    expect(h.claims.map((c) => c.executionId)).toEqual(["e2", "e2w"]);
    await h.close();
  });

  it("with the local gate (RUNNER_LOCAL_GATE), prepares while claiming: a refused claim never runs the program, a granted one does", async () => {
    const h = await createHarness(nc, nats.url, (request) =>
      request.executionId === "g2"
        ? { ok: false, retry: false, reason: "cancelled meanwhile" }
        : { ok: true, retry: false },
    );
    await h
      .host(
        1,
        fixedDriver("local", () => createLocalProcessDriver({ gate: true })),
      )
      .start();
    const marker = join(dir, "gated-refused.marker");
    await h.publish("g2", { uri: uri("sleeper.mjs"), arguments: [marker] });
    await h.publish("g2w", { uri: uri("hello.mjs"), arguments: ["witness"] });
    const witness = await h.finished("g2w");
    expect(exited(witness)).toMatchObject({ reason: "exit", exitCode: 0 });
    expect(witness.some((e) => e.type === "log" && e.lines.some((l) => l.text.includes("witness")))).toBe(true);
    expect(existsSync(marker)).toBe(false);
    expect(h.events.filter((e) => e.executionId === "g2")).toEqual([]);
    await h.close();
  });

  it("asks again itself, keeping the command, when a claim gets no definite answer", async () => {
    // The control plane granted the claim but its reply was lost (here: "retry"):
    // the runner keeps the command and asks again until it gets a definite answer.
    let asked = 0;
    const h = await createHarness(nc, nats.url, () =>
      ++asked === 1 ? { ok: false, retry: true, reason: "control plane error" } : { ok: true, retry: false },
    );
    const host = h.host();
    await host.start();
    expect(await h.publish("e2b", { uri: uri("hello.mjs"), arguments: ["a"] })).toEqual({ ok: true });
    const events = await h.finished("e2b");
    expect(exited(events)).toMatchObject({ reason: "exit", exitCode: 0 });
    expect(h.claims.map((c) => c.runnerId)).toEqual([host.runnerId, host.runnerId]);
    await h.close();
  });

  it("does not start a run whose claim was answered across a stall past its limit, and reports it", async () => {
    // The claim's answer blocks this process's event loop (the runner's too) for longer than the
    // stall limit: as if the runner had been stopped while claiming. Its watchdog would have killed
    // its runs and the run may be LOST and retried elsewhere by now, so it must not start.
    const h = await createHarness(nc, nats.url, () => {
      const until = Date.now() + 900;
      while (Date.now() < until) {
        /* stalled */
      }
      return { ok: true, retry: false };
    });
    await h.host(2, undefined, { stallKillMs: 500 }).start();
    const marker = join(dir, "stalled.marker");
    await h.publish("e2s", { uri: uri("sleeper.mjs"), arguments: [marker] });
    const events = await h.finished("e2s");
    expect(types(events)).toEqual(["exited"]);
    expect(exited(events)).toMatchObject({ reason: "error", message: expect.stringContaining("stall limit") });
    expect(existsSync(marker)).toBe(false);
    await h.close();
  });

  it("keeps one run of a command sent twice (its first answer was lost)", async () => {
    const h = await createHarness(nc, nats.url);
    await h.host().start();
    const marker = join(dir, "twice.marker");
    await h.publish("e2c", { uri: uri("sleeper.mjs"), arguments: [marker] });
    expect(await h.publish("e2c", { uri: uri("sleeper.mjs"), arguments: [marker] })).toEqual({ ok: true });
    await h.waitFor(() => h.events.find((e) => e.type === "started" && e.executionId === "e2c"));
    await h.close();
    expect(h.claims.filter((c) => c.executionId === "e2c")).toHaveLength(1);
    expect(h.events.filter((e) => e.type === "started" && e.executionId === "e2c")).toHaveLength(1);
  });

  it("cancels a run on request, reason cancelled", async () => {
    const h = await createHarness(nc, nats.url);
    const host = h.host();
    await host.start();
    await h.publish("e3", { uri: uri("sleeper.mjs") });
    await h.waitFor(() => h.events.find((e) => e.type === "log" && e.executionId === "e3"));
    const reply = await nc.request(h.s.cancel(host.runnerId), encode({ v: 1, executionId: "e3", graceMs: 500 }));
    expect(reply.json()).toEqual({ ok: true });
    const events = await h.finished("e3");
    expectNumbered(events);
    expect(exited(events)).toMatchObject({ reason: "cancelled", exitCode: null, signal: "SIGTERM" });
    const other = await nc.request(h.s.cancel(host.runnerId), encode({ v: 1, executionId: "nope", graceMs: 0 }));
    expect(other.json()).toEqual({ ok: false, reason: "not running here" });
    await h.close();
  });

  it("stops a run past its timeoutSeconds, reason timeout", async () => {
    const h = await createHarness(nc, nats.url);
    await h.host().start();
    await h.publish("e4", { uri: uri("sleeper.mjs"), timeoutSeconds: 0.3 });
    const events = await h.finished("e4");
    expectNumbered(events);
    expect(exited(events)).toMatchObject({ reason: "timeout", exitCode: null });
    await h.close();
  });

  it("reports a run that cannot start as exited with reason error, and no started event", async () => {
    const h = await createHarness(nc, nats.url);
    await h.host().start();
    await h.publish("e5", { uri: uri("missing.mjs") });
    const events = await h.finished("e5");
    expect(types(events)).toEqual(["exited"]);
    expect(exited(events)).toMatchObject({ rseq: 1, reason: "error", exitCode: null, signal: null });
    expect(exited(events).message).toContain(join(dir, "missing.mjs"));
    await h.close();
  });

  it("with capacity 1 runs two commands one after the other", async () => {
    const h = await createHarness(nc, nats.url);
    await h.host(1).start();
    await h.publish("e6", { uri: uri("short.mjs") });
    await h.publish("e7", { uri: uri("short.mjs") });
    const [a, b] = [await h.finished("e6"), await h.finished("e7")];
    const at = (events: RunEvent[], type: string): number => Date.parse(events.find((e) => e.type === type)?.at ?? "");
    expect(at(b, "started")).toBeGreaterThanOrEqual(at(a, "exited"));
    await h.close();
  });

  it("a command sent to a runner that is not up fails at once, and a stopping runner refuses it", async () => {
    const h = await createHarness(nc, nats.url);
    // No responders: the control plane gives the run back to admission at once.
    await expect(h.publish("e8", { uri: uri("short.mjs") }, "nobody-here")).rejects.toThrow(/503|no responders/i);
    const host = h.host();
    await host.start();
    await h.publish("e8a", { uri: uri("sleeper.mjs") });
    await h.waitFor(() => h.events.find((e) => e.type === "started" && e.executionId === "e8a"));
    const stopped = host.stop();
    expect(await h.publish("e8b", { uri: uri("short.mjs") })).toEqual({ ok: false, reason: "the runner is stopping" });
    await stopped;
    expect(h.claims.map((c) => c.executionId)).not.toContain("e8b");
    await h.close();
  });

  it("heartbeats at once, and on stop cancels its runs and reports their end", async () => {
    const h = await createHarness(nc, nats.url);
    const host = h.host();
    const beats = nc.subscribe(h.s.heartbeat(host.runnerId), { max: 1 });
    await host.start();
    for await (const beat of beats)
      expect(beat.json()).toMatchObject({ runnerId: host.runnerId, capacity: 2, running: [] });
    await h.publish("e9", { uri: uri("sleeper.mjs") });
    await h.waitFor(() => h.events.find((e) => e.type === "started" && e.executionId === "e9"));
    await host.stop();
    expect(exited(await h.finished("e9", 2000))).toMatchObject({ reason: "cancelled" });
    await h.close();
  });

  it("a repeated cancel never shortens the grace already running", async () => {
    const h = await createHarness(nc, nats.url);
    const host = h.host();
    await host.start();
    await h.publish("g1", { uri: uri("graceful.mjs"), graceMs: 10_000 });
    await h.waitFor(() => h.events.find((e) => e.type === "log" && e.executionId === "g1"));
    const cancel = (graceMs: number) =>
      nc.request(h.s.cancel(host.runnerId), encode({ v: 1, executionId: "g1", graceMs }));
    expect((await cancel(10_000)).json()).toEqual({ ok: true });
    // A resent cancel (the control plane's used to carry grace 0): must not SIGKILL, nor SIGTERM again.
    expect((await cancel(0)).json()).toEqual({ ok: true });
    const events = await h.finished("g1");
    expect(exited(events)).toMatchObject({ reason: "cancelled", exitCode: 0, signal: null });
    expect(logTexts(events).filter((t) => t === "got SIGTERM")).toHaveLength(1);
    expect(logTexts(events)).toContain("clean shutdown");
    await h.close();
  });

  it("a fenced run is killed at once, whatever its grace, publishes nothing more, and frees its slot", async () => {
    const fenced = new Set<string>();
    const h = await createHarness(nc, nats.url, undefined, {
      heartbeatReply: () => ({ v: 1, fence: [...fenced], lostAfterMs: 60_000 }),
    });
    const host = h.host(1);
    await host.start();
    await h.publish("f1", { uri: uri("stubborn.mjs"), graceMs: 60_000 });
    const started = await h.waitFor(() => h.events.find((e) => e.type === "started" && e.executionId === "f1"));
    const pid = Number(started.type === "started" ? started.handle.pid : 0);
    await h.waitFor(() => h.events.find((e) => e.type === "log" && e.executionId === "f1"));
    // Being stopped with a long grace (SIGTERM ignored) does not protect it from a fence.
    await nc.request(h.s.cancel(host.runnerId), encode({ v: 1, executionId: "f1", graceMs: 60_000 }));
    expect(alive(pid)).toBe(true);
    fenced.add("f1");
    await h.waitFor(() => !alive(pid) || undefined);
    // Capacity 1: the next command runs only once the fenced run's slot is free.
    await h.publish("f2", { uri: uri("short.mjs") });
    expect(exited(await h.finished("f2"))).toMatchObject({ reason: "exit", exitCode: 0 });
    // Events are delivered in stream order: an `exited` of f1 would have come before f2's.
    expect(types(h.events.filter((e) => e.executionId === "f1"))).not.toContain("exited");
    await h.close();
  });

  it("tells its driver the stall limit: 0.8 x the control plane's lostAfterMs once it has answered", async () => {
    const ticks: number[] = [];
    const local = createLocalProcessDriver();
    const recording: Driver = { ...local, tick: (stallMs) => ticks.push(stallMs) };
    let answer = false;
    const h = await createHarness(nc, nats.url, undefined, {
      heartbeatReply: () => (answer ? { v: 1, fence: [], lostAfterMs: 5000 } : undefined),
    });
    await h
      .host(
        1,
        fixedDriver("local", () => recording),
      )
      .start();
    expect(ticks[0]).toBe(8000);
    answer = true;
    await h.waitFor(() => ticks.includes(4000) || undefined);
    await h.close();
    await local.close?.();
  });

  it("adopts the runs the control plane says it held: events go on from the last number, output from where it stopped", async () => {
    const handle = { containerId: "c-1" };
    const recovered: { id: string; from: unknown; handle: unknown }[] = [];
    let finish: (code: number) => void = () => {};
    const adopting: Driver = {
      kind: "local",
      start: () => Promise.reject(new Error("not used")),
      cancel: async () => finish(143),
      async recover(run, h, io, from) {
        recovered.push({ id: run.executionId, from, handle: h });
        if (run.executionId === "gone-1") return undefined;
        io.stdout(Buffer.from("line after the restart\n"), "2026-12-06T10:00:00.123456789Z");
        return {
          handle: h ?? { containerId: "found-by-label" },
          exited: new Promise((r) => (finish = (c) => r({ exitCode: c, signal: null }))),
        };
      },
    };
    const command = (executionId: string) => ({
      v: 1 as const,
      executionId,
      task: "t",
      revision: 1,
      platform: "local",
      pool: "default",
      spec: { uri: "docker:x:1", arguments: [], env: {}, graceMs: 1000 },
    });
    const held = [
      {
        command: command("adopt-1"),
        handle,
        startedAt: new Date().toISOString(),
        rseq: 7,
        stdoutLines: 12,
        stderrLines: 3,
        cancelGraceMs: null,
      },
      {
        command: command("gone-1"),
        handle,
        startedAt: new Date().toISOString(),
        rseq: 2,
        stdoutLines: 0,
        stderrLines: 0,
        cancelGraceMs: null,
      },
    ];
    const h = await createHarness(nc, nats.url, undefined, { held: () => held });
    await h
      .host(
        2,
        fixedDriver("local", () => adopting),
      )
      .start();
    expect(recovered).toEqual([
      { id: "adopt-1", from: { stdoutLines: 12, stderrLines: 3 }, handle },
      { id: "gone-1", from: { stdoutLines: 0, stderrLines: 0 }, handle },
    ]);
    // Its heartbeats hold the adopted run only: the control plane declares the gone one LOST.
    await h.waitFor(() =>
      h.heartbeats.some((b) => b.running.length === 1 && b.running[0] === "adopt-1") ? true : undefined,
    );
    finish(0);
    const events = await h.finished("adopt-1");
    // No second `started` (the control plane has it): the log line is event 8, the exit 9.
    expect(events.map((e) => [e.type, e.rseq])).toEqual([
      ["log", 8],
      ["exited", 9],
    ]);
    const log = events[0];
    if (log?.type !== "log") throw new Error("no log event");
    // The platform's own timestamp is the line's time.
    expect(log.lines).toEqual([
      { stream: "stdout", text: "line after the restart", at: "2026-12-06T10:00:00.123456789Z" },
    ]);
    expect(h.events.filter((e) => e.executionId === "gone-1")).toEqual([]);
    await h.close();
  });

  it("waits for a control plane to answer which runs it held before it heartbeats", async () => {
    let asked = false;
    let answer: () => void = () => {};
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const h = await createHarness(nc, nats.url, undefined, {
      held: async () => {
        asked = true;
        await gate;
        return [];
      },
    });
    let started = false;
    const starting = h
      .host(1)
      .start()
      .then(() => (started = true));
    await h.waitFor(() => asked || undefined);
    expect(started).toBe(false);
    expect(h.heartbeats).toEqual([]);
    answer();
    await starting;
    await h.waitFor(() => h.heartbeats.length > 0 || undefined);
    await h.close();
  });
});
