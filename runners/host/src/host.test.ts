import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { encode, type RunEvent } from "@baton/proto";
import { type RunningService, startNats } from "@baton/stack";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness } from "./test-harness.js";

let dir = "";
let nats: RunningService;
let nc: NatsConnection;
const uri = (file: string): string => pathToFileURL(join(dir, file)).href;
const types = (events: RunEvent[]): string[] => events.map((e) => e.type);
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
    const h = await createHarness(nc, nats.url, () => ({ ok: false, retry: false, reason: "cancelled meanwhile" }));
    await h.host().start();
    const marker = join(dir, "refused.marker");
    await h.publish("e2", { uri: uri("sleeper.mjs"), arguments: [marker] });
    await h.waitFor(() => h.claims[0]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(marker)).toBe(false);
    expect(h.events).toEqual([]);
    const info = await (await jetstreamManager(nc)).consumers.info(h.s.runStream, "runner-local-default");
    expect(info.num_pending + info.num_ack_pending).toBe(0);
    await h.close();
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

  it("picks up a command published while no runner was running", async () => {
    const h = await createHarness(nc, nats.url);
    await h.publish("e8", { uri: uri("short.mjs") });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.host().start();
    expect(exited(await h.finished("e8"))).toMatchObject({ reason: "exit", exitCode: 0 });
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
});
