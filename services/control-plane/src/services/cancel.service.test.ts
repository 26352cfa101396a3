import { describe, expect, it } from "vitest";
import { remainingGraceMs } from "./cancel.service.js";

describe("remainingGraceMs (what a resent cancel carries)", () => {
  const requestedAt = new Date("2026-11-29T12:00:00.000Z");
  const at = (ms: number): number => requestedAt.getTime() + ms;

  it("keeps the first request's deadline: the grace minus the time since it", () => {
    expect(remainingGraceMs(8000, requestedAt, at(5200))).toBe(2800);
    expect(remainingGraceMs(8000, requestedAt, at(0))).toBe(8000);
  });

  it("is 0, never negative, once the deadline has passed", () => {
    expect(remainingGraceMs(8000, requestedAt, at(8000))).toBe(0);
    expect(remainingGraceMs(5000, requestedAt, at(60_000))).toBe(0);
  });
});
