import { describe, expect, it } from "vitest";
import { stepProgress } from "./step-progress";

describe("a running step's progress estimate", () => {
  const history = (read: number, ms: number, runs = 3) => ({ runs, read: { mean: read }, duration: { mean: ms } });

  it("counts items read against the mean of finished runs, capped below done", () => {
    expect(stepProgress({ readCount: 50 }, history(200, 1000), 100)).toBe("about 25 % (50 read of 200 on average)");
    expect(stepProgress({ readCount: 500 }, history(200, 1000), 100)).toMatch(/^about 99 %/);
  });

  it("falls back to time against the mean duration, and says when there is nothing to go on", () => {
    expect(stepProgress({ readCount: 0 }, history(0, 10_000), 5_000)).toBe(
      "about 50 % of its mean duration (5 s of 10 s)",
    );
    expect(stepProgress({ readCount: 3 }, undefined, 5_000)).toMatch(/no finished run/);
    expect(stepProgress({ readCount: 3 }, history(0, 0, 0), 5_000)).toMatch(/no finished run/);
  });
});
