import { describe, expect, it } from "vitest";
import { nextFireTimes } from "./cron.js";
import { planTick, type ScheduleTiming, type TickFire } from "./tick.js";

const CONFIG = { graceMs: 60_000, runAllCap: 100, maxFires: 1000 };

/**
 * Drives planTick as the scheduler does, with a controlled clock: from `from`
 * to `to` in steps of `stepMs`, handling the schedule whenever its next fire
 * time has come. Returns every fire recorded.
 */
function simulate(
  schedule: Omit<ScheduleTiming, "nextFireAt">,
  from: Date,
  to: Date,
  stepMs: number,
  down?: { from: Date; to: Date },
): TickFire[] {
  let next: Date | null = nextFireTimes(schedule.cron, schedule.timezone, from, 1, schedule)[0] ?? null;
  const fires: TickFire[] = [];
  for (let t = from.getTime(); t <= to.getTime() && next; t += stepMs) {
    if (down && t >= down.from.getTime() && t < down.to.getTime()) continue;
    const now = new Date(t);
    if (next.getTime() > t) continue;
    const plan = planTick({ ...schedule, nextFireAt: next }, now, CONFIG);
    fires.push(...plan.fires);
    next = plan.next;
  }
  return fires;
}

const berlin = { cron: "30 2 * * *", timezone: "Europe/Berlin", startAt: null, endAt: null, enabled: true } as const;
const localDay = (d: Date, tz: string) => d.toLocaleDateString("sv-SE", { timeZone: tz });

describe("planTick with a controlled clock", () => {
  it("fires 02:30 Europe/Berlin once on the spring-forward day (02:30 does not exist)", () => {
    const fires = simulate(
      { ...berlin, misfire: "RUN_ONCE" },
      new Date("2026-03-27T12:00:00Z"),
      new Date("2026-03-31T12:00:00Z"),
      60_000,
    );
    const days = fires.map((f) => localDay(f.scheduledAt, "Europe/Berlin"));
    expect(days).toEqual(["2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31"]);
    expect(fires.every((f) => f.run && f.kind === "SCHEDULED")).toBe(true);
    // The skipped hour: the 29th's fire is at 03:00 CEST (01:00Z), the first minute that exists after 02:30.
    expect(fires[1]?.scheduledAt.toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("fires 02:30 Europe/Berlin once, not twice, on the fall-back day (02:30 happens twice)", () => {
    const fires = simulate(
      { ...berlin, misfire: "RUN_ONCE" },
      new Date("2026-10-23T12:00:00Z"),
      new Date("2026-10-27T12:00:00Z"),
      60_000,
    );
    const days = fires.map((f) => localDay(f.scheduledAt, "Europe/Berlin"));
    expect(days).toEqual(["2026-10-24", "2026-10-25", "2026-10-26", "2026-10-27"]);
    expect(fires[1]?.scheduledAt.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("an hourly schedule in a zone keeps one fire per real hour across both DST changes", () => {
    const hourly = { cron: "0 * * * *", timezone: "Europe/Berlin", startAt: null, endAt: null, enabled: true } as const;
    for (const [from, to, expected] of [
      ["2026-03-29T00:00:00Z", "2026-03-29T03:59:00Z", 4],
      ["2026-10-25T00:00:00Z", "2026-10-25T03:59:00Z", 4],
    ] as const) {
      const fires = simulate(
        { ...hourly, misfire: "RUN_ONCE" },
        new Date(new Date(from).getTime() - 1),
        new Date(to),
        60_000,
      );
      const times = fires.map((f) => f.scheduledAt.getTime());
      expect(new Set(times).size).toBe(times.length);
      expect(times.length).toBe(expected);
    }
  });

  it("a tick that comes late by less than the grace runs every fire time it finds", () => {
    const every = { cron: "* * * * * *", timezone: "UTC", startAt: null, endAt: null, enabled: true } as const;
    const plan = planTick(
      { ...every, misfire: "SKIP", nextFireAt: new Date("2026-01-01T00:00:00Z") },
      new Date("2026-01-01T00:00:02.500Z"),
      CONFIG,
    );
    expect(plan.fires.map((f) => [f.scheduledAt.toISOString(), f.run, f.kind])).toEqual([
      ["2026-01-01T00:00:00.000Z", true, "SCHEDULED"],
      ["2026-01-01T00:00:01.000Z", true, "SCHEDULED"],
      ["2026-01-01T00:00:02.000Z", true, "SCHEDULED"],
    ]);
    expect(plan.next?.toISOString()).toBe("2026-01-01T00:00:03.000Z");
  });

  it("a control plane down across fire times: RUN_ONCE runs the latest missed one, SKIP none", () => {
    const daily = { cron: "0 2 * * *", timezone: "UTC", startAt: null, endAt: null, enabled: true } as const;
    const down = { from: new Date("2026-05-01T12:00:00Z"), to: new Date("2026-05-04T12:00:00Z") };
    const span = [new Date("2026-04-30T12:00:00Z"), new Date("2026-05-05T12:00:00Z")] as const;
    const once = simulate({ ...daily, misfire: "RUN_ONCE" }, span[0], span[1], 600_000, down);
    expect(once.map((f) => [f.scheduledAt.toISOString().slice(0, 10), f.kind, f.run])).toEqual([
      ["2026-05-01", "SCHEDULED", true],
      ["2026-05-02", "MISFIRE", false],
      ["2026-05-03", "MISFIRE", false],
      ["2026-05-04", "MISFIRE", true],
      ["2026-05-05", "SCHEDULED", true],
    ]);
    const skip = simulate({ ...daily, misfire: "SKIP" }, span[0], span[1], 600_000, down);
    expect(skip.filter((f) => f.kind === "MISFIRE").every((f) => !f.run)).toBe(true);
    expect(skip.filter((f) => f.run).length).toBe(2);
  });

  it("a paused schedule records its fire times as paused and runs none", () => {
    const plan = planTick(
      {
        cron: "*/10 * * * * *",
        timezone: "UTC",
        startAt: null,
        endAt: null,
        enabled: false,
        misfire: "RUN_ALL",
        nextFireAt: new Date("2026-01-01T00:00:00Z"),
      },
      new Date("2026-01-01T00:00:25Z"),
      CONFIG,
    );
    expect(plan.fires.map((f) => [f.paused, f.run])).toEqual([
      [true, false],
      [true, false],
      [true, false],
    ]);
  });

  it("stops at endAt", () => {
    const plan = planTick(
      {
        cron: "0 * * * *",
        timezone: "UTC",
        startAt: null,
        endAt: new Date("2026-01-01T02:30:00Z"),
        enabled: true,
        misfire: "RUN_ONCE",
        nextFireAt: new Date("2026-01-01T02:00:00Z"),
      },
      new Date("2026-01-01T02:00:00.010Z"),
      CONFIG,
    );
    expect(plan.fires.length).toBe(1);
    expect(plan.next).toBeNull();
  });
});
