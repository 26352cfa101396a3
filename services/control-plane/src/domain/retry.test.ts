import { describe, expect, it } from "vitest";
import { decideRetry, RETRYABLE, type RetryPolicy, retryDelayMs, retryPolicySchema } from "./retry.js";

const now = new Date("2025-01-01T00:00:00Z");
const mid = (): number => 0.5; // no jitter effect
const low = (): number => 0; // jitter at its lowest
const high = (): number => 0.999999; // jitter at (almost) its highest

function firstMessage(value: unknown): string {
  const parsed = retryPolicySchema.safeParse(value);
  if (parsed.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return parsed.error.issues[0]?.message ?? "";
}

describe("retryPolicySchema", () => {
  it("accepts a minimal and a full policy, without filling defaults in", () => {
    expect(retryPolicySchema.parse({ maxAttempts: 1 })).toEqual({ maxAttempts: 1 });
    const full = {
      maxAttempts: 5,
      backoff: { initialSeconds: 0, multiplier: 1, maxSeconds: 86400, jitter: 1 },
      on: ["FAILED", "LOST"],
    };
    expect(retryPolicySchema.parse(full)).toEqual(full);
    expect(retryPolicySchema.parse({ maxAttempts: 100, backoff: {} })).toEqual({ maxAttempts: 100, backoff: {} });
  });

  it("refuses 0 attempts saying at least 1, and other bad counts naming the range", () => {
    expect(firstMessage({ maxAttempts: 0 })).toMatch(/maxAttempts.*at least 1/);
    for (const bad of [-1, 101, 1.5, "3"]) expect(firstMessage({ maxAttempts: bad })).toMatch(/maxAttempts.*100/);
    expect(firstMessage({})).toMatch(/maxAttempts/);
  });

  it("refuses backoff values out of range, naming the field and range", () => {
    expect(firstMessage({ maxAttempts: 2, backoff: { initialSeconds: -1 } })).toBe(
      "backoff.initialSeconds is a number from 0 to 86400",
    );
    expect(firstMessage({ maxAttempts: 2, backoff: { initialSeconds: 86401 } })).toMatch(/initialSeconds.*86400/);
    expect(firstMessage({ maxAttempts: 2, backoff: { multiplier: 0.5 } })).toBe(
      "backoff.multiplier is a number from 1 to 10",
    );
    expect(firstMessage({ maxAttempts: 2, backoff: { multiplier: 11 } })).toMatch(/multiplier.*1 to 10/);
    expect(firstMessage({ maxAttempts: 2, backoff: { maxSeconds: 1e9 } })).toMatch(/maxSeconds.*0 to 86400/);
    expect(firstMessage({ maxAttempts: 2, backoff: { jitter: 1.5 } })).toBe("backoff.jitter is a number from 0 to 1");
    expect(firstMessage({ maxAttempts: 2, backoff: { jitter: -0.1 } })).toMatch(/jitter/);
  });

  it("is strict, including backoff", () => {
    expect(retryPolicySchema.safeParse({ maxAttempts: 2, delay: 5 }).success).toBe(false);
    expect(retryPolicySchema.safeParse({ maxAttempts: 2, backoff: { factor: 2 } }).success).toBe(false);
  });

  it("accepts only retryable statuses in on, each once, at least one", () => {
    expect(retryPolicySchema.parse({ maxAttempts: 2, on: [...RETRYABLE] }).on).toEqual(["FAILED", "TIMED_OUT", "LOST"]);
    expect(firstMessage({ maxAttempts: 2, on: ["CANCELLED"] })).toMatch(/cancelled or expired run is never retried/);
    expect(firstMessage({ maxAttempts: 2, on: ["FAILED", "EXPIRED"] })).toMatch(/never retried \(EXPIRED\)/);
    expect(firstMessage({ maxAttempts: 2, on: ["SUCCEEDED"] })).toMatch(/FAILED, TIMED_OUT, LOST/);
    expect(firstMessage({ maxAttempts: 2, on: [] })).toMatch(/at least one/);
    expect(firstMessage({ maxAttempts: 2, on: ["LOST", "LOST"] })).toMatch(/each status once/);
  });
});

describe("retryDelayMs", () => {
  it("defaults to 1 s doubling, capped at 300 s", () => {
    const policy: RetryPolicy = { maxAttempts: 20 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, mid))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(retryDelayMs(policy, 9, mid)).toBe(256_000);
    expect(retryDelayMs(policy, 10, mid)).toBe(300_000);
    expect(retryDelayMs(policy, 19, mid)).toBe(300_000);
  });

  it("grows exponentially with the multiplier and caps at maxSeconds", () => {
    const policy: RetryPolicy = { maxAttempts: 10, backoff: { initialSeconds: 0.5, multiplier: 3, maxSeconds: 10 } };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(policy, n, mid))).toEqual([500, 1500, 4500, 10000]);
    const flat: RetryPolicy = { maxAttempts: 10, backoff: { initialSeconds: 7, multiplier: 1 } };
    expect([1, 5, 9].map((n) => retryDelayMs(flat, n, mid))).toEqual([7000, 7000, 7000]);
  });

  it("keeps the cap below the initial delay, and zero delays at zero even for huge attempts", () => {
    expect(retryDelayMs({ maxAttempts: 3, backoff: { initialSeconds: 60, maxSeconds: 5 } }, 1, mid)).toBe(5000);
    expect(retryDelayMs({ maxAttempts: 3, backoff: { initialSeconds: 0, multiplier: 10 } }, 1000, mid)).toBe(0);
    expect(retryDelayMs({ maxAttempts: 3, backoff: { multiplier: 10 } }, 1000, mid)).toBe(300_000);
  });

  it("spreads the delay by jitter around the capped delay, never below zero", () => {
    const policy: RetryPolicy = { maxAttempts: 5, backoff: { initialSeconds: 10, jitter: 0.2 } };
    expect(retryDelayMs(policy, 1, low)).toBe(8000);
    expect(retryDelayMs(policy, 1, mid)).toBe(10000);
    expect(retryDelayMs(policy, 1, high)).toBe(12000);
    let seed = 1;
    const lcg = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(policy, 2, lcg);
      expect(delay).toBeGreaterThanOrEqual(16000);
      expect(delay).toBeLessThanOrEqual(24000);
      expect(Number.isInteger(delay)).toBe(true);
    }
    const full: RetryPolicy = { maxAttempts: 5, backoff: { initialSeconds: 10, jitter: 1 } };
    expect(retryDelayMs(full, 1, low)).toBe(0);
    expect(retryDelayMs(full, 1, () => -1)).toBe(0); // a bad random source still gives no negative delay
    expect(retryDelayMs(full, 1, high)).toBe(20000);
  });

  it("jitter applies after the cap, so a capped delay can exceed maxSeconds by the jitter", () => {
    const policy: RetryPolicy = { maxAttempts: 5, backoff: { initialSeconds: 100, maxSeconds: 10, jitter: 0.5 } };
    expect(retryDelayMs(policy, 3, high)).toBe(15000);
  });

  it("returns whole milliseconds", () => {
    expect(retryDelayMs({ maxAttempts: 2, backoff: { initialSeconds: 0.0004 } }, 1, mid)).toBe(0);
    expect(retryDelayMs({ maxAttempts: 2, backoff: { initialSeconds: 1.2345 } }, 1, mid)).toBe(1235);
  });
});

describe("decideRetry", () => {
  const policy: RetryPolicy = { maxAttempts: 3 };

  it("does not retry without a policy", () => {
    expect(decideRetry(undefined, { status: "FAILED", attempt: 1 }, now, mid)).toEqual({
      retry: false,
      reason: "no retry policy",
    });
  });

  it("never retries a cancelled or expired run, nor a status that is not a failure", () => {
    expect(decideRetry(policy, { status: "CANCELLED", attempt: 1 }, now, mid)).toEqual({
      retry: false,
      reason: "CANCELLED is never retried",
    });
    expect(decideRetry(policy, { status: "EXPIRED", attempt: 1 }, now, mid)).toEqual({
      retry: false,
      reason: "EXPIRED is never retried",
    });
    expect(decideRetry(policy, { status: "SUCCEEDED", attempt: 1 }, now, mid).retry).toBe(false);
  });

  it("retries only the statuses in on (all three by default)", () => {
    for (const status of RETRYABLE) expect(decideRetry(policy, { status, attempt: 1 }, now, mid).retry).toBe(true);
    const onlyLost: RetryPolicy = { maxAttempts: 3, on: ["LOST"] };
    expect(decideRetry(onlyLost, { status: "TIMED_OUT", attempt: 1 }, now, mid)).toEqual({
      retry: false,
      reason: "TIMED_OUT is not in retry.on",
    });
    expect(decideRetry(onlyLost, { status: "LOST", attempt: 1 }, now, mid).retry).toBe(true);
  });

  it("schedules the next attempt after the backoff delay", () => {
    expect(decideRetry(policy, { status: "FAILED", attempt: 1 }, now, mid)).toEqual({
      retry: true,
      attempt: 2,
      notBefore: new Date(now.getTime() + 1000),
      delayMs: 1000,
      reason: "attempt 2 of 3 after FAILED, in 1.0 s",
    });
    const second = decideRetry(policy, { status: "LOST", attempt: 2 }, now, mid);
    expect(second).toMatchObject({
      retry: true,
      attempt: 3,
      delayMs: 2000,
      reason: "attempt 3 of 3 after LOST, in 2.0 s",
    });
  });

  it("stops after the last attempt", () => {
    expect(decideRetry(policy, { status: "FAILED", attempt: 3 }, now, mid)).toEqual({
      retry: false,
      reason: "attempt 3 of 3 was the last",
    });
    expect(decideRetry({ maxAttempts: 1 }, { status: "FAILED", attempt: 1 }, now, mid)).toEqual({
      retry: false,
      reason: "attempt 1 of 1 was the last",
    });
    expect(decideRetry(policy, { status: "FAILED", attempt: 7 }, now, mid).retry).toBe(false);
  });

  it("uses the random source for jitter", () => {
    const jittery: RetryPolicy = { maxAttempts: 3, backoff: { initialSeconds: 10, jitter: 0.5 } };
    expect(decideRetry(jittery, { status: "FAILED", attempt: 1 }, now, low)).toMatchObject({
      delayMs: 5000,
      notBefore: new Date(now.getTime() + 5000),
      reason: "attempt 2 of 3 after FAILED, in 5.0 s",
    });
  });
});
