import { type Driver, decode, type ExitInfo, type RunCommand, type RunEvent, type RunIo, runEvent } from "@baton/proto";
import { describe, expect, it } from "vitest";
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
/** Runs one execution on `driver`; its published events are pushed to `events` as they are published. */
async function runOn(driver: Driver, events: RunEvent[] = []): Promise<RunEvent[]> {
  const executionId = `run-${process.pid}-${++n}`;
  const spec = { uri: "file:///bin/true", arguments: [], env: {}, graceMs: 0 };
  const command: RunCommand = { v: 1, executionId, task: "t", revision: 1, platform: "local", pool: "p", spec };
  const execution = new Execution(command, {
    driver,
    runnerId: "r",
    subject: `run.${executionId}`,
    publish: async (_subject, data) => {
      events.push(decode(runEvent, data));
    },
    log: () => {},
  });
  await execution.done;
  return events;
}

/** Until the wall clock has moved past `ms` (ISO times have millisecond resolution). */
async function past(ms: number): Promise<void> {
  while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("Execution: the run's end", () => {
  it("the exited event's time is when the program exited (ExitInfo.endedAt), not when its last output was read", async () => {
    let endedAt = "";
    const published: RunEvent[] = [];
    const events = await runOn(
      scriptedDriver(async (io) => {
        await io.ready?.(); // the host offers back-pressure, and takes output now
        // The program exits after its start was reported (an earlier exit time would be raised to the start's).
        while (!published.some((e) => e.type === "started")) await new Promise((resolve) => setTimeout(resolve, 1));
        await past(Date.parse(published.find((e) => e.type === "started")?.at ?? ""));
        const exit = Date.now();
        endedAt = new Date(exit).toISOString();
        await past(exit);
        io.stdout(Buffer.from("read after the exit\n"));
        return { exitCode: 0, signal: null, endedAt };
      }),
      published,
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
