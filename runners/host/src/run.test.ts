import { type Driver, decode, type ExitInfo, type RunCommand, type RunEvent, type RunIo, runEvent } from "@baton/proto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Execution } from "./run.js";

/** A driver whose one run ends as `end(io)` says: the test decides the exit and what is printed meanwhile. */
function scriptedDriver(end: (io: RunIo) => Promise<ExitInfo>): Driver {
  return {
    kind: "local",
    start: async (_run, _spec, io) => ({ handle: { pid: 1 }, exited: end(io) }),
    cancel: async () => {},
    recover: async () => undefined,
  };
}

let n = 0;
/** Runs one execution on `driver`; each event is also given to `onEvent` as it is published. */
async function runOn(driver: Driver, onEvent: (e: RunEvent) => void = () => {}): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const executionId = `run-${process.pid}-${++n}`;
  const spec = { uri: "file:///bin/true", arguments: [], env: {}, graceMs: 0 };
  const command: RunCommand = { v: 1, executionId, task: "t", revision: 1, platform: "local", pool: "p", spec };
  const execution = new Execution(command, {
    driver,
    runnerId: "r",
    subject: `run.${executionId}`,
    publish: async (_subject, data) => {
      const event = decode(runEvent, data);
      events.push(event);
      onEvent(event);
    },
    log: () => {},
  });
  await execution.done;
  return events;
}

describe("Execution: the run's end", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("the exited event's time is when the program exited (ExitInfo.endedAt), not when its last output was read", async () => {
    // Only Date is faked: the test moves the clock itself, so the exit, the output read after it and the
    // exited event each have a time of their own.
    vi.useFakeTimers({ toFake: ["Date"] });
    let endedAt = "";
    let started: () => void = () => {};
    const reported = new Promise<void>((resolve) => (started = resolve));
    const events = await runOn(
      scriptedDriver(async (io) => {
        await io.ready?.(); // the host offers back-pressure, and takes output now
        await reported; // the program exits after its start was reported
        vi.setSystemTime(Date.now() + 5);
        endedAt = new Date().toISOString();
        vi.setSystemTime(Date.now() + 5);
        io.stdout(Buffer.from("read after the exit\n"));
        return { exitCode: 0, signal: null, endedAt };
      }),
      (e) => {
        if (e.type === "started") started();
      },
    );
    const log = events.find((e) => e.type === "log");
    const exited = events.at(-1);
    expect(exited).toMatchObject({ type: "exited", reason: "exit", exitCode: 0, at: endedAt });
    if (log?.type !== "log") throw new Error("no log event");
    expect(Date.parse(log.lines[0]?.at ?? "")).toBeGreaterThan(Date.parse(endedAt));
  });

  it("an exit time before the run's start is raised to the start: a run never ends before it began", async () => {
    const events = await runOn(
      scriptedDriver(async () => ({ exitCode: 0, signal: null, endedAt: "2000-01-01T00:00:00.000Z" })),
    );
    const started = events.find((e) => e.type === "started");
    expect(events.at(-1)).toMatchObject({ type: "exited", at: started?.at });
  });

  it("without endedAt the exited event is stamped when it is sent", async () => {
    const before = Date.now();
    const events = await runOn(scriptedDriver(async () => ({ exitCode: 3, signal: null })));
    expect(events.at(-1)).toMatchObject({ type: "exited", exitCode: 3 });
    expect(Date.parse(events.at(-1)?.at ?? "")).toBeGreaterThanOrEqual(before);
  });
});
