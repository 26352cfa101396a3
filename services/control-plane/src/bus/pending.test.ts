import { describe, expect, it } from "vitest";
import { blockedByGap } from "./pending.js";

describe("blockedByGap", () => {
  it("is false when every event after runnerSeq up to the last one is in the stream", () => {
    expect(blockedByGap(3, 4, 1)).toBe(false); // the next one
    expect(blockedByGap(3, 6, 3)).toBe(false); // 4, 5, 6 (in any order)
  });

  it("is true when one event between runnerSeq and the last one is missing", () => {
    expect(blockedByGap(3, 5, 1)).toBe(true); // 5 without 4
    expect(blockedByGap(0, 9, 8)).toBe(true);
  });
});
