import { describe, expect, it } from "vitest";
import { MergedLogLines, toNanos } from "./log-lines.js";
import { formatNanos } from "./pod-log.js";

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("MergedLogLines", () => {
  it("merges stdout and stderr frames in arrival order, across split chunks and partial lines", () => {
    const lines = new MergedLogLines();
    const bytes = Buffer.concat([
      frame(1, "out one\nout "),
      frame(2, "err one\n"),
      frame(1, "two\n"),
      frame(2, "tail"),
    ]);
    const got = [
      ...lines.push(bytes.subarray(0, 5)),
      ...lines.push(bytes.subarray(5, 30)),
      ...lines.push(bytes.subarray(30)),
    ];
    expect(got).toEqual(["out one\n", "err one\n", "out two\n"]);
    expect(lines.flush()).toEqual(["tail\n"]);
  });
});

describe("timestamps", () => {
  it("reads RFC 3339 times to the nanosecond and writes them as RFC3339Nano", () => {
    expect(toNanos("1970-01-01T00:00:01.000000002Z")).toBe(1_000_000_002n);
    expect(toNanos("1970-01-01T00:00:01Z")).toBe(1_000_000_000n);
    expect(toNanos("1970-01-01T01:00:01.5+01:00")).toBe(1_500_000_000n);
    expect(formatNanos(1_000_000_002n)).toBe("1970-01-01T00:00:01.000000002Z");
    expect(formatNanos(1_500_000_000n)).toBe("1970-01-01T00:00:01.5Z");
    expect(formatNanos(2_000_000_000n)).toBe("1970-01-01T00:00:02Z");
  });
});
