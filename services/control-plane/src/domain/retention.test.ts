import { describe, expect, it } from "vitest";
import { BatonError } from "./errors.js";
import {
  checkRetentionInput,
  cutoff,
  effectiveRetention,
  logHorizon,
  type RetentionPolicy,
  taskRules,
} from "./retention.js";

const global: RetentionPolicy = { days: 90, runs: 0, logDays: 30 };
const none = { retentionDays: null, retentionRuns: null, logRetentionDays: null };

describe("effectiveRetention", () => {
  it("uses the global settings when the task has none", () => {
    expect(effectiveRetention(global, none)).toEqual(global);
  });

  it("lets each of the task's settings win on its own, 0 included", () => {
    expect(effectiveRetention(global, { ...none, retentionRuns: 5 })).toEqual({ days: 90, runs: 5, logDays: 30 });
    expect(effectiveRetention(global, { retentionDays: 0, retentionRuns: null, logRetentionDays: 0 })).toEqual({
      days: 0,
      runs: 0,
      logDays: 0,
    });
  });
});

describe("logHorizon", () => {
  it("is the log days when they are shorter than the execution's", () => {
    expect(logHorizon({ days: 90, runs: 0, logDays: 30 })).toBe(30);
    expect(logHorizon({ days: 0, runs: 0, logDays: 30 })).toBe(30);
  });

  it("is nothing when logs live as long as the execution", () => {
    expect(logHorizon({ days: 90, runs: 0, logDays: 0 })).toBeUndefined();
    expect(logHorizon({ days: 10, runs: 0, logDays: 10 })).toBeUndefined();
    expect(logHorizon({ days: 10, runs: 0, logDays: 40 })).toBeUndefined();
  });
});

describe("taskRules", () => {
  it("gives each task its effective limits and leaves out tasks that keep everything", () => {
    const rules = taskRules(global, [
      { id: "a", ...none },
      { id: "b", retentionDays: 7, retentionRuns: 3, logRetentionDays: 1 },
      { id: "c", retentionDays: 0, retentionRuns: 0, logRetentionDays: 0 },
      { id: "d", retentionDays: 0, retentionRuns: null, logRetentionDays: null },
    ]);
    expect(rules).toEqual([
      { taskId: "a", days: 90, logDays: 30 },
      { taskId: "b", days: 7, keepRuns: 3, logDays: 1 },
      { taskId: "d", logDays: 30 },
    ]);
  });

  it("does nothing with retention off everywhere", () => {
    expect(taskRules({ days: 0, runs: 0, logDays: 0 }, [{ id: "a", ...none }])).toEqual([]);
  });
});

describe("cutoff", () => {
  it("is days before now, and nothing for 0", () => {
    const now = new Date("2026-12-14T12:00:00Z");
    expect(cutoff(now, 2)?.toISOString()).toBe("2026-12-12T12:00:00.000Z");
    expect(cutoff(now, 0)).toBeUndefined();
  });
});

describe("checkRetentionInput", () => {
  it("keeps null as 'the global setting' and accepts 0", () => {
    expect(checkRetentionInput({ days: 0, runs: null })).toEqual({
      retentionDays: 0,
      retentionRuns: null,
      logRetentionDays: null,
    });
  });

  it("refuses negative, fractional and absurd values with a sentence naming the field", () => {
    for (const [input, field] of [
      [{ days: -1 }, "days"],
      [{ runs: 1.5 }, "runs"],
      [{ logDays: 100_000 }, "logDays"],
    ] as const) {
      try {
        checkRetentionInput(input);
        throw new Error("accepted");
      } catch (err) {
        expect(err).toBeInstanceOf(BatonError);
        expect((err as BatonError).code).toBe("BAD_USER_INPUT");
        expect((err as Error).message).toContain(`retention.${field} must be a whole number from 0 to 36500`);
      }
    }
  });
});

describe("BATON_RETENTION_* configuration", () => {
  const base = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/baton" };

  it("defaults to 90 days, no count limit, logs 30 days, audit 365 days, a pass a minute, 1000 rows", async () => {
    const { loadConfig } = await import("../config.js");
    expect(loadConfig(base).retention).toEqual({
      days: 90,
      runs: 0,
      logDays: 30,
      auditDays: 365,
      intervalMs: 60_000,
      batch: 1000,
    });
  });

  it("refuses a bad value with a sentence naming the variable and what it means", async () => {
    const { loadConfig } = await import("../config.js");
    expect(() => loadConfig({ ...base, BATON_RETENTION_DAYS: "-1" })).toThrow(
      "BATON_RETENTION_DAYS must be 0 or more: days an execution is kept after it ends (0 keeps them forever)",
    );
    expect(() => loadConfig({ ...base, BATON_LOG_RETENTION_DAYS: "ten" })).toThrow(
      /BATON_LOG_RETENTION_DAYS must be a number/,
    );
    expect(() => loadConfig({ ...base, BATON_RETENTION_RUNS: "2.5" })).toThrow(
      /BATON_RETENTION_RUNS must be a whole number/,
    );
    expect(() => loadConfig({ ...base, BATON_RETENTION_BATCH: "0" })).toThrow(
      /BATON_RETENTION_BATCH must be a whole number/,
    );
  });
});
