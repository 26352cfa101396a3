import { describe, expect, it } from "vitest";
import { canIngest } from "./pending.js";

describe("canIngest", () => {
  it("is true when the event right after runnerSeq is waiting, in any order", () => {
    expect(canIngest(3, [4])).toBe(true);
    expect(canIngest(3, [6, 5, 4])).toBe(true);
  });

  it("is false behind a gap: the missing one can only come from the runner that is gone", () => {
    expect(canIngest(3, [5])).toBe(false);
    expect(canIngest(0, [2, 3, 4, 5, 6, 7, 8, 9])).toBe(false);
  });

  it("is false for duplicates only, which change nothing (a NATS restart may leave one that is never deleted)", () => {
    expect(canIngest(5, [3, 5])).toBe(false);
    expect(canIngest(5, [])).toBe(false);
  });
});
