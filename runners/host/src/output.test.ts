import { decode, type RunEvent, runEvent } from "@baton/proto";
import { describe, expect, it, vi } from "vitest";
import { ExecutionEvents, type RunEventBody } from "./events.js";
import { RunOutput } from "./output.js";
import { OrderedPublisher } from "./publisher.js";

const bytes = (text: string): Uint8Array => Buffer.from(text);

describe("RunOutput", () => {
  it("batches log lines and flushes them before a report, keeping printed order", () => {
    const bodies: RunEventBody[] = [];
    const output = new RunOutput((b) => bodies.push(b));
    output.stdout(bytes('one\ntwo\n::baton::{"v":1,"type":"exit-message","message":"DONE"}\n'));
    output.stderr(bytes("warn"));
    output.stdout(bytes("three\n"));
    output.finish();
    expect(bodies).toMatchObject([
      {
        type: "log",
        lines: [
          { stream: "stdout", text: "one" },
          { stream: "stdout", text: "two" },
        ],
      },
      { type: "report", record: { type: "exit-message", message: "DONE" } },
      {
        type: "log",
        lines: [
          { stream: "stdout", text: "three" },
          { stream: "stderr", text: "warn" },
        ],
      },
    ]);
  });

  it("passes an invalid step line on as a log line plus a system line saying why", () => {
    const bodies: RunEventBody[] = [];
    const output = new RunOutput((b) => bodies.push(b));
    output.stdout(bytes('::baton::{"v":1,"type":"step"}\n'));
    output.finish();
    const lines = bodies.flatMap((b) => (b.type === "log" ? b.lines : []));
    expect(lines.map((l) => l.stream)).toEqual(["stdout", "system"]);
    expect(lines[1]?.text).toMatch(/^invalid step line ignored: /);
  });

  it("labels a merged platform's lines combined (step lines still become reports)", () => {
    const bodies: RunEventBody[] = [];
    const output = new RunOutput((b) => bodies.push(b), undefined, "combined");
    output.stdout(bytes('out\n::baton::{"v":1,"type":"exit-message","message":"DONE"}\nerr\n'));
    output.finish();
    expect(bodies).toMatchObject([
      { type: "log", lines: [{ stream: "combined", text: "out" }] },
      { type: "report", record: { type: "exit-message", message: "DONE" } },
      { type: "log", lines: [{ stream: "combined", text: "err" }] },
    ]);
  });

  it("flushes at the line limit and after flushMs, not before", () => {
    vi.useFakeTimers();
    try {
      const bodies: RunEventBody[] = [];
      const output = new RunOutput((b) => bodies.push(b), { flushMs: 5, maxLines: 3, maxBytes: 1 << 20 });
      output.stdout(bytes("a\nb\nc\nd\n"));
      expect(bodies).toHaveLength(1);
      vi.advanceTimersByTime(4);
      expect(bodies).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(bodies.map((b) => (b.type === "log" ? b.lines.length : 0))).toEqual([3, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("ExecutionEvents", () => {
  it("numbers events from 1 and holds output that comes before started", async () => {
    const published: RunEvent[] = [];
    const ids = new Set<string>();
    const publisher = new OrderedPublisher("s", async (_s, data, msgID) => {
      const event = decode(runEvent, data);
      // A dedup id per event, with a part no other runner can guess (it could otherwise have this one's dropped).
      expect(msgID).toMatch(new RegExp(`^x1:${event.rseq}:[A-Za-z0-9_-]{12}$`));
      ids.add(msgID.split(":")[2] as string);
      published.push(event);
    });
    const events = new ExecutionEvents("x1", "r1", publisher);
    events.emit({ type: "log", lines: [{ stream: "stdout", text: "early", at: new Date().toISOString() }] });
    events.emit({ type: "started", handle: { pid: 1 } });
    events.emit({ type: "exited", reason: "exit", exitCode: 0, signal: null });
    await publisher.idle();
    expect(published.map((e) => [e.rseq, e.type])).toEqual([
      [1, "started"],
      [2, "log"],
      [3, "exited"],
    ]);
    expect(ids.size).toBe(1);
    // Another run object of the same execution (the runner restarted) has ids of its own.
    const again = new OrderedPublisher("s", async (_s, _d, msgID) => ids.add(msgID.split(":")[2] as string));
    new ExecutionEvents("x1", "r1", again).emit({ type: "started", handle: { pid: 1 } });
    await again.idle();
    expect(ids.size).toBe(2);
  });
});
