import { describe, expect, it } from "vitest";
import { PodLog } from "./pod-log.js";

describe("PodLog", () => {
  it("stamps lines strictly increasing, reads from a time inclusively, and follows until the end", () => {
    const log = new PodLog();
    log.append("a\n");
    log.append("b\n");
    const stamps: bigint[] = [];
    log.read(
      undefined,
      false,
      (e) => stamps.push(e.nanos),
      () => {},
    );
    expect(stamps[1]).toBeGreaterThan(stamps[0] as bigint);

    const followed: string[] = [];
    let ended = false;
    log.read(
      stamps[1],
      true,
      (e) => followed.push(e.text),
      () => {
        ended = true;
      },
    );
    log.append("c\n");
    expect(ended).toBe(false);
    log.end();
    expect(followed).toEqual(["b\n", "c\n"]);
    expect(ended).toBe(true);
  });

  it("keeps stamps strictly increasing over many fast lines (the clock is read once per line)", () => {
    const log = new PodLog();
    for (let i = 0; i < 50_000; i++) log.append(`${i}\n`);
    const stamps: bigint[] = [];
    log.read(
      undefined,
      false,
      (e) => stamps.push(e.nanos),
      () => {},
    );
    const backwards = stamps.filter((stamp, i) => i > 0 && stamp <= (stamps[i - 1] as bigint));
    expect(backwards).toEqual([]);
  });
});
