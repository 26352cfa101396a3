import { describe, expect, it } from "vitest";
import { LogCursor, TimestampedLines, timestampNanos } from "./log-cursor.js";

describe("LogCursor", () => {
  it("resumes after a broken connection without losing or repeating a line, equal timestamps included", () => {
    const cursor = new LogCursor();
    const log = [
      ["2026-01-01T00:00:01.000000001Z", "a"],
      ["2026-01-01T00:00:01.000000002Z", "b"],
      ["2026-01-01T00:00:01.000000002Z", "c"],
      ["2026-01-01T00:00:01.000000002Z", "d"],
      ["2026-01-01T00:00:02Z", "e"],
    ] as const;
    const taken: string[] = [];
    const connect = (lines: ReadonlyArray<readonly [string, string]>) => {
      for (const [stamp, text] of lines) if (cursor.take(stamp)) taken.push(text);
    };
    expect(cursor.resume()).toBeUndefined();
    connect(log.slice(0, 3)); // broken after "c"
    expect(cursor.resume()).toBe("2026-01-01T00:00:01.000000002Z");
    // sinceTime is inclusive, and a server may round it down: older lines come again too.
    connect(log);
    expect(taken).toEqual(["a", "b", "c", "d", "e"]);
    expect(cursor.taken).toBe(5);
  });

  it("reads RFC 3339 times to the nanosecond", () => {
    expect(timestampNanos("1970-01-01T00:00:01.5Z")).toBe(1_500_000_000n);
    expect(timestampNanos("1970-01-01T01:00:00+01:00")).toBe(0n);
    expect(timestampNanos("not a time")).toBeUndefined();
  });
});

describe("TimestampedLines", () => {
  it("splits a timestamped log into lines across chunks, keeping the text's bytes", () => {
    const lines = new TimestampedLines();
    const first = lines.push(Buffer.from("2026-01-01T00:00:01Z hello\n2026-01-01T00:00:02Z wo"));
    const second = lines.push(Buffer.from("rld\n2026-01-01T00:00:03Z no newline"));
    expect([...first, ...second].map((l) => [l.stamp, l.text.toString()])).toEqual([
      ["2026-01-01T00:00:01Z", "hello\n"],
      ["2026-01-01T00:00:02Z", "world\n"],
    ]);
    expect(lines.rest()?.text.toString()).toBe("no newline");
    expect(lines.rest()).toBeUndefined();
  });
});
