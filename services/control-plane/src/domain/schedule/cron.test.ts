import { describe, expect, it } from "vitest";
import { BatonError } from "../errors.js";
import {
  checkCron,
  checkTimezone,
  describeCron,
  fireTimesBetween,
  latestFireTimes,
  MAX_CRON_LENGTH,
  nextFireTimes,
} from "./cron.js";

const HINT = "Use 5 fields (minute hour day month weekday) or 6 with seconds first, or a nickname such as @daily.";

/** The BatonError a call throws (fails the test if it throws nothing or something else). */
const refusal = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof BatonError) return err;
    throw err;
  }
  throw new Error("expected a refusal, got none");
};

const at = (iso: string) => new Date(iso);
const isos = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("checkTimezone", () => {
  it("defaults to UTC", () => {
    expect(checkTimezone(undefined)).toBe("UTC");
    expect(checkTimezone(null)).toBe("UTC");
    expect(checkTimezone("")).toBe("UTC");
    expect(checkTimezone("   ")).toBe("UTC");
  });

  it("accepts IANA names, trimmed, in their own spelling", () => {
    expect(checkTimezone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(checkTimezone(" America/New_York ")).toBe("America/New_York");
    expect(checkTimezone("europe/berlin")).toBe("Europe/Berlin");
    expect(checkTimezone("UTC")).toBe("UTC");
    expect(checkTimezone("Etc/GMT+5")).toBe("Etc/GMT+5");
    expect(checkTimezone("Asia/Kolkata")).toBe("Asia/Kolkata");
  });

  it("refuses unknown zones, offsets and junk with a message saying what to use", () => {
    const err = refusal(() => checkTimezone("Mars/Base"));
    expect(err.code).toBe("BAD_USER_INPUT");
    expect(err.message).toBe('Unknown time zone "Mars/Base"; use an IANA name such as Europe/Berlin or UTC.');
    for (const bad of [
      "+01:00",
      "Europe/Berlin; DROP",
      "Europe/../Berlin/x",
      "x".repeat(65),
      "Europe/Berlin\u0000",
      "CEST2",
      "Europe/Berlin Mitte",
    ]) {
      expect(refusal(() => checkTimezone(bad)).code, bad).toBe("BAD_USER_INPUT");
    }
  });
});

describe("checkCron accepts", () => {
  it("5 and 6 fields, trimmed", () => {
    expect(checkCron("  30 2 * * *  ", "UTC")).toBe("30 2 * * *");
    expect(checkCron("*/15 * * * * *", "UTC")).toBe("*/15 * * * * *");
    expect(checkCron("0 9-17/2 * * MON-FRI", "Europe/Berlin")).toBe("0 9-17/2 * * MON-FRI");
    expect(checkCron("0 0 1,15 JAN,JUL *", "UTC")).toBe("0 0 1,15 JAN,JUL *");
    expect(checkCron("0 0 * * 7", "UTC")).toBe("0 0 * * 7");
  });

  it("L, W, #, ? and the nicknames", () => {
    for (const cron of [
      "0 0 L * *",
      "0 0 LW * *",
      "0 0 15W * *",
      "0 0 * * 5L",
      "0 0 * * 5#2",
      "0 0 * * FRI#1",
      "0 0 ? * MON",
      "0 0 1 * ?",
      "@yearly",
      "@annually",
      "@monthly",
      "@weekly",
      "@daily",
      "@midnight",
      "@hourly",
      "@Daily",
    ]) {
      expect(checkCron(cron, "Europe/Berlin"), cron).toBe(cron);
    }
  });

  it("February 29, which fires only in leap years", () => {
    expect(checkCron("0 0 29 2 *", "UTC")).toBe("0 0 29 2 *");
  });
});

describe("checkCron refuses, saying where and why", () => {
  it("a value out of range, with the example sentence", () => {
    const err = refusal(() => checkCron("61 * * * *", "UTC"));
    expect(err.code).toBe("BAD_USER_INPUT");
    expect(err.message).toBe(`Invalid cron "61 * * * *": minute field: 61 is out of range 0-59. ${HINT}`);
  });

  it("names each field and its real range (not croner's shifted one)", () => {
    const cases: [string, string][] = [
      ["60 * * * * *", "second field: 60 is out of range 0-59"],
      ["* 24 * * *", "hour field: 24 is out of range 0-23"],
      ["* * 32 * *", "day field: 32 is out of range 1-31"],
      ["* * 0 * *", "day field: 0 is out of range 1-31"],
      ["* * * 13 *", "month field: 13 is out of range 1-12 (or JAN-DEC)"],
      ["* * * 0 *", "month field: 0 is out of range 1-12 (or JAN-DEC)"],
      ["* * * * 8", "weekday field: 8 is out of range 0-7 (0 and 7 are Sunday; or SUN-SAT)"],
      ["0 0 32W * *", "day field: 32 is out of range 1-31"],
      ["0 1-3,99 * * *", "hour field: 99 is out of range 0-23"],
      ["0 20-25 * * *", "hour field: 25 is out of range 0-23"],
      ["*/70 * * * *", 'minute field: the step 70 in "*/70" is larger than the 60 values of the field (0-59)'],
      ["0 */25 * * *", 'hour field: the step 25 in "*/25" is larger than the 24 values of the field (0-23)'],
    ];
    for (const [cron, reason] of cases) {
      expect(refusal(() => checkCron(cron, "UTC")).message, cron).toBe(`Invalid cron "${cron}": ${reason}. ${HINT}`);
    }
  });

  it("turns croner's syntax errors into sentences", () => {
    const cases: [string, RegExp][] = [
      ["*/0 * * * *", /minute field: a step of 0 never moves on/],
      ["5-1 * * * *", /minute field: the range 5-1 runs backwards; put the smaller value first/],
      ["a * * * *", /minute field: "a" has characters a cron field cannot have/],
      ["0 0 * * 5W", /weekday field: "5W" has characters a cron field cannot have; use digits, \* , - \/ \? L #/],
      ["1,,2 * * * *", /minute field: it has an empty entry/],
      ["0 0 * * FRI#6", /weekday field: #6 is not a week of the month; use #1 to #5/],
      ["0 0 1W-5 * *", /day field: W \(the weekday nearest a day\) goes with one day of the month/],
      ["30/5 * * * *", /minute field: "30\/5" is not allowed; write \*\/N for every Nth value, or a range/],
      ["0 0 5L * *", /day field: L \(the last day of the month\) must stand alone/],
      ["0 0 * JANFEB *", /month field: a month or day name must stand alone/],
      ["-1 * * * *", /minute field: it is not a number, a range such as 1-5/],
    ];
    for (const [cron, reason] of cases) {
      const err = refusal(() => checkCron(cron, "UTC"));
      expect(err.code).toBe("BAD_USER_INPUT");
      expect(err.message, cron).toMatch(reason);
      expect(err.message, cron).toMatch(new RegExp(`^Invalid cron "${cron.replace(/[*/\\?]/g, "\\$&")}": `));
      expect(err.message.endsWith(HINT), cron).toBe(true);
      expect(err.message).not.toMatch(/CronPattern/);
    }
  });

  it("the wrong number of fields, a year field and unknown nicknames", () => {
    expect(refusal(() => checkCron("* * * *", "UTC")).message).toBe(
      `Invalid cron "* * * *": it has 4 fields, too few. ${HINT}`,
    );
    expect(refusal(() => checkCron("daily", "UTC")).message).toMatch(/it has 1 field, too few/);
    expect(refusal(() => checkCron("0 0 0 1 1 * 2030", "UTC")).message).toBe(
      `Invalid cron "0 0 0 1 1 * 2030": it has 7 fields, and a year field is not supported. ${HINT}`,
    );
    expect(refusal(() => checkCron("* * * * * * * *", "UTC")).message).toMatch(/it has 8 fields/);
    expect(refusal(() => checkCron("0 0 1 1 * 2030", "UTC")).message).toMatch(/2030 looks like a year/);
    expect(refusal(() => checkCron("@fortnightly", "UTC")).message).toMatch(
      /"@fortnightly" is not a known nickname; the nicknames are @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly/,
    );
    expect(refusal(() => checkCron("@reboot", "UTC")).message).toMatch(/@reboot is not supported/);
    expect(refusal(() => checkCron("@daily 5", "UTC")).code).toBe("BAD_USER_INPUT");
  });

  it("empty, too long and control characters", () => {
    expect(refusal(() => checkCron("", "UTC")).message).toBe(`Invalid cron: it is empty. ${HINT}`);
    expect(refusal(() => checkCron(" \n ", "UTC")).message).toBe(`Invalid cron: it is empty. ${HINT}`);
    const long = `0 0 1 1 ${"1,".repeat(100)}1`;
    expect(long.length).toBeGreaterThan(MAX_CRON_LENGTH);
    expect(refusal(() => checkCron(long, "UTC")).message).toMatch(/is 209 characters long; use at most 200/);
    expect(refusal(() => checkCron("0\t0 * * *", "UTC")).message).toMatch(
      /control character U\+0009 at position 2; write it on one line/,
    );
    expect(refusal(() => checkCron("0 0 * * *\u0000", "UTC")).message).toMatch(/U\+0000/);
    expect(refusal(() => checkCron("0 0\u007f * * *", "UTC")).message).toMatch(/U\+007F/);
  });

  it("an expression that never fires", () => {
    for (const cron of ["0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31W 2 *", "0 0 30 2 +MON"]) {
      const err = refusal(() => checkCron(cron, "Europe/Berlin"));
      expect(err.code).toBe("BAD_USER_INPUT");
      expect(err.message, cron).toMatch(new RegExp(`^Invalid cron "${cron.replace(/[*+]/g, "\\$&")}": it never fires`));
    }
  });

  it("an unknown time zone", () => {
    expect(refusal(() => checkCron("0 0 * * *", "Mars/Base")).message).toMatch(/^Unknown time zone "Mars\/Base"/);
  });
});

describe("nextFireTimes", () => {
  it("lists fire times strictly after `after`, milliseconds included", () => {
    expect(isos(nextFireTimes("0 * * * *", "UTC", at("2026-01-01T10:00:00Z"), 3))).toEqual([
      "2026-01-01T11:00:00.000Z",
      "2026-01-01T12:00:00.000Z",
      "2026-01-01T13:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("0 * * * *", "UTC", at("2026-01-01T09:59:59.999Z"), 1))).toEqual([
      "2026-01-01T10:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("* * * * * *", "UTC", at("2026-01-01T10:00:00.500Z"), 2))).toEqual([
      "2026-01-01T10:00:01.000Z",
      "2026-01-01T10:00:02.000Z",
    ]);
    expect(nextFireTimes("@daily", "UTC", at("2026-01-01T00:00:00Z"), 0)).toEqual([]);
  });

  it("honours a seconds field", () => {
    expect(isos(nextFireTimes("15,45 30 2 * * *", "UTC", at("2026-01-01T00:00:00Z"), 3))).toEqual([
      "2026-01-01T02:30:15.000Z",
      "2026-01-01T02:30:45.000Z",
      "2026-01-02T02:30:15.000Z",
    ]);
    expect(nextFireTimes("*/10 * * * * *", "UTC", at("2026-01-01T00:00:00Z"), 6).at(-1)?.toISOString()).toBe(
      "2026-01-01T00:01:00.000Z",
    );
  });

  it("caps n at 1000", () => {
    expect(nextFireTimes("* * * * * *", "UTC", at("2026-01-01T00:00:00Z"), 1000)).toHaveLength(1000);
    for (const n of [1001, -1, 1.5, Number.NaN]) {
      expect(refusal(() => nextFireTimes("@hourly", "UTC", at("2026-01-01T00:00:00Z"), n)).message).toMatch(
        /must be a whole number from 0 to 1000/,
      );
    }
  });

  it("refuses an invalid date and an invalid cron", () => {
    expect(refusal(() => nextFireTimes("@hourly", "UTC", new Date(Number.NaN), 1)).message).toMatch(
      /after is not a valid date/,
    );
    expect(refusal(() => nextFireTimes("61 * * * *", "UTC", at("2026-01-01T00:00:00Z"), 1)).message).toMatch(
      /minute field: 61 is out of range/,
    );
  });

  it("L: the last day of the month, February of a leap year included", () => {
    expect(isos(nextFireTimes("0 0 L * *", "UTC", at("2026-01-01T00:00:00Z"), 3))).toEqual([
      "2026-01-31T00:00:00.000Z",
      "2026-02-28T00:00:00.000Z",
      "2026-03-31T00:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("0 0 L 2 *", "UTC", at("2027-03-01T00:00:00Z"), 1))).toEqual([
      "2028-02-29T00:00:00.000Z",
    ]);
  });

  it("W: the weekday nearest a day, within the month; LW: the last weekday", () => {
    // 2026: Jan 15 is a Thursday, Feb 15 a Sunday, Aug 15 a Saturday, Aug 1 a Saturday.
    expect(isos(nextFireTimes("0 0 15W * *", "UTC", at("2026-01-01T00:00:00Z"), 2))).toEqual([
      "2026-01-15T00:00:00.000Z",
      "2026-02-16T00:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("0 0 15W * *", "UTC", at("2026-08-01T00:00:00Z"), 1))).toEqual([
      "2026-08-14T00:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("0 0 1W * *", "UTC", at("2026-07-31T00:00:00Z"), 1))).toEqual([
      "2026-08-03T00:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("0 0 LW * *", "UTC", at("2026-01-01T00:00:00Z"), 2))).toEqual([
      "2026-01-30T00:00:00.000Z",
      "2026-02-27T00:00:00.000Z",
    ]);
  });

  it("#: the nth weekday; 5L: the last Friday", () => {
    expect(isos(nextFireTimes("0 0 * * 5#2", "UTC", at("2026-01-01T00:00:00Z"), 3))).toEqual([
      "2026-01-09T00:00:00.000Z",
      "2026-02-13T00:00:00.000Z",
      "2026-03-13T00:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("0 0 * * FRI#2", "UTC", at("2026-01-01T00:00:00Z"), 1))).toEqual([
      "2026-01-09T00:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("0 0 * * 5L", "UTC", at("2026-01-01T00:00:00Z"), 3))).toEqual([
      "2026-01-30T00:00:00.000Z",
      "2026-02-27T00:00:00.000Z",
      "2026-03-27T00:00:00.000Z",
    ]);
  });

  it("@daily is local midnight in the schedule's time zone", () => {
    expect(isos(nextFireTimes("@daily", "Europe/Berlin", at("2026-01-01T12:00:00Z"), 1))).toEqual([
      "2026-01-01T23:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("@daily", "Europe/Berlin", at("2026-07-01T12:00:00Z"), 1))).toEqual([
      "2026-07-01T22:00:00.000Z",
    ]);
    expect(isos(nextFireTimes("@daily", "UTC", at("2026-07-01T12:00:00Z"), 1))).toEqual(["2026-07-02T00:00:00.000Z"]);
    expect(isos(nextFireTimes("@daily", "America/New_York", at("2026-07-01T12:00:00Z"), 1))).toEqual([
      "2026-07-02T04:00:00.000Z",
    ]);
  });

  it("bounds: startAt and endAt are inclusive", () => {
    const bounds = { startAt: at("2026-01-03T00:00:00Z"), endAt: at("2026-01-05T00:00:00Z") };
    expect(isos(nextFireTimes("@daily", "UTC", at("2026-01-01T00:00:00Z"), 10, bounds))).toEqual([
      "2026-01-03T00:00:00.000Z",
      "2026-01-04T00:00:00.000Z",
      "2026-01-05T00:00:00.000Z",
    ]);
    // `after` later than startAt wins; null bounds are no bounds.
    expect(isos(nextFireTimes("@daily", "UTC", at("2026-01-03T00:00:00Z"), 10, bounds))).toEqual([
      "2026-01-04T00:00:00.000Z",
      "2026-01-05T00:00:00.000Z",
    ]);
    expect(nextFireTimes("@daily", "UTC", at("2026-01-01T00:00:00Z"), 2, { startAt: null, endAt: null })).toHaveLength(
      2,
    );
    // A startAt between whole seconds: the next whole second fires.
    expect(
      isos(
        nextFireTimes("* * * * * *", "UTC", at("2026-01-01T00:00:00Z"), 1, { startAt: at("2026-01-01T00:00:05.5Z") }),
      ),
    ).toEqual(["2026-01-01T00:00:06.000Z"]);
    expect(nextFireTimes("@daily", "UTC", at("2026-01-06T00:00:00Z"), 10, bounds)).toEqual([]);
    expect(
      nextFireTimes("@daily", "UTC", at("2026-01-01T00:00:00Z"), 5, {
        startAt: at("2026-02-01T00:00:00Z"),
        endAt: at("2026-01-01T00:00:00Z"),
      }),
    ).toEqual([]);
  });
});

/** Fire times whose local date (in `tz`) is `day` (YYYY-MM-DD). */
function firesOnLocalDay(cron: string, tz: string, day: string): string[] {
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
  const from = new Date(`${day}T00:00:00Z`);
  const around = fireTimesBetween(
    cron,
    tz,
    new Date(from.getTime() - 86_400_000),
    new Date(from.getTime() + 2 * 86_400_000),
    1000,
  );
  expect(around.truncated).toBe(false);
  return isos(around.times.filter((t) => local.format(t) === day));
}

describe("daylight saving time (fixed dates, no clock)", () => {
  it("Europe/Berlin 2026-03-29 (spring forward): 02:30 does not exist, fires once at 03:00 CEST", () => {
    expect(firesOnLocalDay("30 2 * * *", "Europe/Berlin", "2026-03-29")).toEqual(["2026-03-29T01:00:00.000Z"]);
    expect(isos(nextFireTimes("30 2 * * *", "Europe/Berlin", at("2026-03-27T12:00:00Z"), 4))).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
      "2026-03-31T00:30:00.000Z",
    ]);
  });

  it("Europe/Berlin 2026-10-25 (fall back): 02:30 happens twice, fires once, at the first (00:30Z)", () => {
    expect(firesOnLocalDay("30 2 * * *", "Europe/Berlin", "2026-10-25")).toEqual(["2026-10-25T00:30:00.000Z"]);
    expect(isos(nextFireTimes("30 2 * * *", "Europe/Berlin", at("2026-10-24T12:00:00Z"), 2))).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("America/New_York 2026-03-08 (spring forward) and 2026-11-01 (fall back)", () => {
    expect(firesOnLocalDay("30 2 * * *", "America/New_York", "2026-03-08")).toEqual(["2026-03-08T07:00:00.000Z"]);
    expect(firesOnLocalDay("30 2 * * *", "America/New_York", "2026-11-01")).toEqual(["2026-11-01T07:30:00.000Z"]);
    // 01:30 happens twice on 2026-11-01 (EDT, then EST): a fixed-time job fires at the first only.
    expect(firesOnLocalDay("30 1 * * *", "America/New_York", "2026-11-01")).toEqual(["2026-11-01T05:30:00.000Z"]);
  });

  it("interval jobs follow real time: no fires in the gap, fires in both passes of the repeated hour", () => {
    const spring = firesOnLocalDay("*/30 * * * *", "America/New_York", "2026-03-08");
    expect(spring).toHaveLength(46);
    expect(spring.slice(3, 6)).toEqual([
      "2026-03-08T06:30:00.000Z", // 01:30 EST
      "2026-03-08T07:00:00.000Z", // 03:00 EDT
      "2026-03-08T07:30:00.000Z",
    ]);
    const fall = firesOnLocalDay("*/30 * * * *", "America/New_York", "2026-11-01");
    expect(fall).toHaveLength(50);
    expect(fall.slice(2, 7)).toEqual([
      "2026-11-01T05:00:00.000Z", // 01:00 EDT
      "2026-11-01T05:30:00.000Z", // 01:30 EDT
      "2026-11-01T06:00:00.000Z", // 01:00 EST
      "2026-11-01T06:30:00.000Z", // 01:30 EST
      "2026-11-01T07:00:00.000Z", // 02:00 EST
    ]);
    expect(firesOnLocalDay("0 * * * *", "Europe/Berlin", "2026-03-29")).toHaveLength(23);
    expect(firesOnLocalDay("0 * * * *", "Europe/Berlin", "2026-10-25")).toHaveLength(25);
  });
});

describe("fireTimesBetween", () => {
  const hourly = (from: string, to: string, limit: number, bounds?: Parameters<typeof fireTimesBetween>[5]) =>
    fireTimesBetween("0 * * * *", "UTC", at(from), at(to), limit, bounds);

  it("takes fire times after the start (exclusive) up to the end (inclusive)", () => {
    const r = hourly("2026-01-01T10:00:00Z", "2026-01-01T13:00:00Z", 100);
    expect(r.truncated).toBe(false);
    expect(isos(r.times)).toEqual(["2026-01-01T11:00:00.000Z", "2026-01-01T12:00:00.000Z", "2026-01-01T13:00:00.000Z"]);
  });

  it("stops at the limit and says more existed", () => {
    const r = hourly("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 5);
    expect(r.truncated).toBe(true);
    expect(isos(r.times)).toEqual([
      "2026-01-01T01:00:00.000Z",
      "2026-01-01T02:00:00.000Z",
      "2026-01-01T03:00:00.000Z",
      "2026-01-01T04:00:00.000Z",
      "2026-01-01T05:00:00.000Z",
    ]);
    const exact = hourly("2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z", 5);
    expect(exact).toEqual({ times: r.times, truncated: false });
    expect(hourly("2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z", 0)).toEqual({ times: [], truncated: true });
  });

  it("is empty for an empty or reversed range, and honours bounds", () => {
    expect(hourly("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z", 10)).toEqual({ times: [], truncated: false });
    expect(hourly("2026-01-01T12:00:00Z", "2026-01-01T10:00:00Z", 10)).toEqual({ times: [], truncated: false });
    const r = hourly("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 100, {
      startAt: at("2026-01-01T10:00:00Z"),
      endAt: at("2026-01-01T12:00:00Z"),
    });
    expect(isos(r.times)).toEqual(["2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z", "2026-01-01T12:00:00.000Z"]);
    expect(r.truncated).toBe(false);
  });

  it("is deterministic: identical inputs give identical answers", () => {
    const args = [
      "*/7 */3 * * *",
      "Europe/Berlin",
      at("2026-03-28T00:00:00Z"),
      at("2026-03-31T00:00:00Z"),
      500,
    ] as const;
    const first = fireTimesBetween(...args);
    const second = fireTimesBetween(...args);
    expect(first.times.length).toBeGreaterThan(50);
    expect(isos(second.times)).toEqual(isos(first.times));
    expect(second.truncated).toBe(first.truncated);
  });

  it("refuses a limit that is not a whole number", () => {
    expect(refusal(() => hourly("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", -1)).code).toBe("BAD_USER_INPUT");
    expect(refusal(() => hourly("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 2.5)).code).toBe("BAD_USER_INPUT");
  });
});

describe("latestFireTimes", () => {
  it("takes the last `limit` fire times, ascending, and says earlier ones were left out", () => {
    const r = latestFireTimes("0 * * * *", "UTC", at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z"), 3);
    expect(r.truncated).toBe(true);
    expect(isos(r.times)).toEqual(["2026-01-01T22:00:00.000Z", "2026-01-01T23:00:00.000Z", "2026-01-02T00:00:00.000Z"]);
    const all = latestFireTimes("0 * * * *", "UTC", at("2026-01-01T00:00:00Z"), at("2026-01-01T03:00:00Z"), 3);
    expect(all.truncated).toBe(false);
    expect(isos(all.times)).toEqual([
      "2026-01-01T01:00:00.000Z",
      "2026-01-01T02:00:00.000Z",
      "2026-01-01T03:00:00.000Z",
    ]);
  });

  it("costs O(limit): a month down at one fire per second", () => {
    const r = latestFireTimes(
      "* * * * * *",
      "Europe/Berlin",
      at("2026-01-01T00:00:00Z"),
      at("2026-02-01T00:00:00Z"),
      3,
    );
    expect(r.truncated).toBe(true);
    expect(isos(r.times)).toEqual(["2026-01-31T23:59:58.000Z", "2026-01-31T23:59:59.000Z", "2026-02-01T00:00:00.000Z"]);
  });

  it("agrees with the tail of fireTimesBetween, across DST changes", () => {
    for (const [cron, tz, from, to] of [
      ["*/30 * * * *", "America/New_York", "2026-10-31T00:00:00Z", "2026-11-02T00:00:00Z"],
      ["*/30 * * * *", "America/New_York", "2026-03-07T00:00:00Z", "2026-03-09T00:00:00Z"],
      ["30 2 * * *", "Europe/Berlin", "2026-03-20T00:00:00Z", "2026-04-05T00:00:00Z"],
      ["30 2 * * *", "Europe/Berlin", "2026-10-20T00:00:00Z", "2026-11-05T00:00:00Z"],
      ["0 0 L * *", "Asia/Tokyo", "2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z"],
    ] as const) {
      const forward = fireTimesBetween(cron, tz, at(from), at(to), 10_000);
      expect(forward.truncated).toBe(false);
      const backward = latestFireTimes(cron, tz, at(from), at(to), 10_000);
      expect(isos(backward.times), `${cron} ${tz}`).toEqual(isos(forward.times));
      expect(backward.truncated).toBe(false);
      const tail = latestFireTimes(cron, tz, at(from), at(to), 5);
      expect(isos(tail.times)).toEqual(isos(forward.times.slice(-5)));
      expect(tail.truncated).toBe(forward.times.length > 5);
    }
  });

  it("honours bounds, the exclusive start and the inclusive end", () => {
    const r = latestFireTimes("@daily", "UTC", at("2026-01-01T00:00:00Z"), at("2026-01-31T00:00:00Z"), 100, {
      startAt: at("2026-01-10T00:00:00Z"),
      endAt: at("2026-01-12T00:00:00Z"),
    });
    expect(isos(r.times)).toEqual(["2026-01-10T00:00:00.000Z", "2026-01-11T00:00:00.000Z", "2026-01-12T00:00:00.000Z"]);
    expect(r.truncated).toBe(false);
    expect(latestFireTimes("@daily", "UTC", at("2026-01-02T00:00:00Z"), at("2026-01-02T00:00:00Z"), 5)).toEqual({
      times: [],
      truncated: false,
    });
    expect(
      isos(latestFireTimes("@daily", "UTC", at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z"), 5).times),
    ).toEqual(["2026-01-02T00:00:00.000Z"]);
  });
});

describe("describeCron", () => {
  it("describes in English and falls back to the text", () => {
    expect(describeCron("30 2 * * *")).toBe("At 02:30 AM");
    expect(describeCron("*/10 * * * * *")).toBe("Every 10 seconds");
    expect(describeCron("0 0 * * 5#2")).toBe("At 12:00 AM, on the second Friday of the month");
    expect(describeCron("@DAILY")).toBe("At 12:00 AM");
    expect(describeCron(" not a cron ")).toBe("not a cron");
    expect(describeCron("61 * * * *")).toBe("61 * * * *");
  });
});
