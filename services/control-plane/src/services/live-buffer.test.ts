import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../domain/events.js";
import { LiveBuffer, READ_STORE } from "./live-buffer.js";

const ev = (seq: number): StoredEvent => ({ seq }) as StoredEvent;
const drain = (b: LiveBuffer): number[] => {
  const out: number[] = [];
  for (let e = b.take(); e; e = b.take()) out.push(e.seq);
  return out;
};

describe("LiveBuffer", () => {
  it("gives events back in seq order, however they arrived", () => {
    const b = new LiveBuffer();
    b.add([ev(3), ev(1)]);
    b.add([ev(2), ev(5), ev(4)]);
    expect(drain(b)).toEqual([1, 2, 3, 4, 5]);
    expect(b.size).toBe(0);
  });

  it("takes the put-back event first", () => {
    const b = new LiveBuffer();
    b.add([ev(1), ev(2)]);
    const first = b.take() as StoredEvent;
    b.putBack(first);
    expect(drain(b)).toEqual([1, 2]);
  });

  it("keeps order across compaction of what was taken", () => {
    const b = new LiveBuffer(100_000);
    const seen: number[] = [];
    let seq = 0;
    for (let round = 0; round < 50; round++) {
      b.add(Array.from({ length: 1000 }, () => ev(++seq)));
      for (let i = 0; i < 900; i++) seen.push((b.take() as StoredEvent).seq);
    }
    seen.push(...drain(b));
    expect(seen).toEqual(Array.from({ length: 50_000 }, (_, i) => i + 1));
  });

  it("past its limit drops what it holds for the read-the-store sentinel, and ignores events until that is taken", () => {
    const b = new LiveBuffer(10);
    b.add(Array.from({ length: 10 }, (_, i) => ev(i + 1)));
    expect(b.behind).toBe(false);
    b.add([ev(11)]);
    expect(b.behind).toBe(true);
    expect(b.size).toBe(1);
    b.add([ev(12), ev(13)]);
    expect(b.size).toBe(1);
    expect(b.take()?.seq).toBe(READ_STORE);
    expect(b.behind).toBe(false);
    b.add([ev(14)]);
    expect(drain(b)).toEqual([14]);
  });
});
