import { describe, expect, it } from "vitest";
import { firstErrorIndex, lineTime, streamLabel, visibleRange } from "./log";

const line = (seq: number, text: string, stream = "stdout") => ({ seq, stream, text, at: "2026-12-07T05:42:40.123Z" });

describe("the log viewer's pure parts", () => {
  it("finds the first line that says error, else the first stderr line", () => {
    expect(firstErrorIndex([line(1, "ok"), line(2, "warming", "stderr"), line(3, "ERROR: disk full")])).toBe(2);
    expect(firstErrorIndex([line(1, "ok"), line(2, "warming", "stderr")])).toBe(1);
    expect(firstErrorIndex([line(1, "2 errors in batch 7")])).toBe(0);
    expect(firstErrorIndex([line(1, "terrorism"), line(2, "fine")])).toBe(-1);
    expect(firstErrorIndex([line(1, "run failed: retrying", "system")])).toBe(-1);
  });

  it("labels streams and times lines in UTC", () => {
    expect(["stdout", "stderr", "system", "combined"].map(streamLabel)).toEqual(["out", "err", "sys", "all"]);
    expect(lineTime("2026-12-07T05:42:40.123Z")).toBe("05:42:40.123");
  });

  it("renders only the lines in view, plus an overscan", () => {
    expect(visibleRange(0, 360, 18, 100_000, 10)).toEqual([0, 30]);
    expect(visibleRange(18 * 50_000, 360, 18, 100_000, 10)).toEqual([49_990, 50_030]);
    expect(visibleRange(18 * 99_990, 360, 18, 100_000, 10)).toEqual([99_980, 100_000]);
    expect(visibleRange(0, 360, 18, 0, 10)).toEqual([0, 0]);
  });
});
