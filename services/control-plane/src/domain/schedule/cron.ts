/**
 * Cron expressions of schedules: validation with messages a person can act
 * on, and fire times in a time zone (croner does the calendar and DST work).
 * Pure: every function takes its reference time as an argument, never the clock.
 */
import { Cron } from "croner";
import cronstrue from "cronstrue";
import { badInput } from "../errors.js";

export interface FireBounds {
  startAt?: Date | null;
  endAt?: Date | null;
}

export const MAX_CRON_LENGTH = 200;
export const MAX_NEXT_FIRE_TIMES = 1000;
export const CRON_NICKNAMES: readonly string[] = Object.freeze([
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
]);

const HINT = "Use 5 fields (minute hour day month weekday) or 6 with seconds first, or a nickname such as @daily.";
/** 5 or 6 fields: no year field (croner's default would take a 7th). */
const MODE = "5-or-6-parts" as const;
/** Any fixed instant works to ask "does it ever fire?": without a year field a pattern repeats. */
const NEVER_FIRES_PROBE = new Date(Date.UTC(2000, 0, 1));
const TIME_ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** Default "UTC". Throws badInput for an unknown IANA zone (use Intl.DateTimeFormat with timeZone to test). */
export function checkTimezone(tz: string | null | undefined): string {
  const value = (tz ?? "").trim();
  if (value === "") return "UTC";
  const unknown = () =>
    badInput(`Unknown time zone "${value}"; use an IANA name such as Europe/Berlin or UTC.`, { field: "timezone" });
  if (value.length > 64 || !TIME_ZONE_SHAPE.test(value)) throw unknown();
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw unknown();
  }
  // Intl accepts any letter case; keep the zone's own spelling, not an alias it may resolve to.
  return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
}

interface FieldSpec {
  name: string;
  lo: number;
  hi: number;
  /** How many values croner's table for the field holds (a step may not exceed it). */
  count: number;
  note: string;
}

const SECOND: FieldSpec = { name: "second", lo: 0, hi: 59, count: 60, note: "" };
const MINUTE: FieldSpec = { name: "minute", lo: 0, hi: 59, count: 60, note: "" };
const HOUR: FieldSpec = { name: "hour", lo: 0, hi: 23, count: 24, note: "" };
const DAY: FieldSpec = { name: "day", lo: 1, hi: 31, count: 31, note: "" };
const MONTH: FieldSpec = { name: "month", lo: 1, hi: 12, count: 12, note: " (or JAN-DEC)" };
const WEEKDAY: FieldSpec = { name: "weekday", lo: 0, hi: 7, count: 7, note: " (0 and 7 are Sunday; or SUN-SAT)" };

const invalid = (text: string, reason: string) =>
  badInput(`Invalid cron "${text}": ${reason}. ${HINT}`, { field: "cron" });

/**
 * Trimmed cron; throws badInput saying WHERE and WHY. Accepts 5 or 6 fields
 * (seconds first), L, W, #, ? and the nicknames; refuses empty, over 200
 * characters, control characters, 7+ fields and expressions that never fire
 * (in the given time zone, which is checked too).
 */
export function checkCron(cron: string, timezone: string): string {
  compile(cron, timezone);
  return cron.trim();
}

interface Compiled {
  text: string;
  job: Cron;
  /** nextRun answers by the time they were asked after (ms): many schedules share a cron and a fire time. */
  next: Map<number, number | null>;
}

/**
 * Compiled expressions by zone and text. A scheduler tick asks about the same
 * few crons for every schedule that uses them; compiling (and checking the
 * zone, which builds an Intl formatter) each time cost most of a tick.
 */
const compiledCache = new Map<string, Compiled>();
const CACHE_LIMIT = 2000;
const NEXT_LIMIT = 64;

function compile(cron: string, timezone: string): Compiled {
  const key = `${timezone}\n${cron}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const compiled = compileUncached(cron, timezone);
  if (compiledCache.size >= CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(key, compiled);
  return compiled;
}

/** The first fire time after `after` (ms), or null: croner's nextRun, remembered. */
function nextAfter(c: Compiled, after: number): number | null {
  const known = c.next.get(after);
  if (known !== undefined) return known;
  const next = c.job.nextRun(new Date(after))?.getTime() ?? null;
  if (c.next.size >= NEXT_LIMIT) c.next.clear();
  c.next.set(after, next);
  return next;
}

function compileUncached(cron: string, timezone: string): Compiled {
  const text = typeof cron === "string" ? cron.trim() : "";
  const tz = checkTimezone(timezone);
  if (text === "") throw badInput(`Invalid cron: it is empty. ${HINT}`, { field: "cron" });
  if (text.length > MAX_CRON_LENGTH) {
    throw badInput(`Invalid cron: it is ${text.length} characters long; use at most ${MAX_CRON_LENGTH}. ${HINT}`, {
      field: "cron",
    });
  }
  const control = findControlCharacter(text);
  if (control !== -1) {
    const code = text.charCodeAt(control).toString(16).toUpperCase().padStart(4, "0");
    throw badInput(
      `Invalid cron: it contains the control character U+${code} at position ${control + 1}; write it on one line with spaces between the fields. ${HINT}`,
      { field: "cron" },
    );
  }
  if (text.startsWith("@")) checkNickname(text);
  const fields = text.split(/\s+/);
  if (fields.length > 6) {
    throw invalid(text, `it has ${fields.length} fields, and a year field is not supported`);
  }
  if (fields.length < 5 && !text.startsWith("@")) {
    throw invalid(text, `it has ${fields.length} field${fields.length === 1 ? "" : "s"}, too few`);
  }
  let job: Cron;
  try {
    job = new Cron(text, { timezone: tz, mode: MODE });
  } catch (err) {
    throw invalid(text, explain(fields, err));
  }
  if (job.nextRun(NEVER_FIRES_PROBE) === null) {
    throw badInput(
      `Invalid cron "${text}": it never fires, because no date matches its day, month and weekday fields (such as February 30 or April 31). Choose a day that exists in those months, or L for the last day of the month.`,
      { field: "cron" },
    );
  }
  return { text, job, next: new Map() };
}

function findControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return i;
  }
  return -1;
}

function checkNickname(text: string): void {
  const lower = text.toLowerCase();
  if (CRON_NICKNAMES.includes(lower)) return;
  if (lower === "@reboot") {
    throw invalid(text, "@reboot is not supported, as a schedule has no machine start to run at");
  }
  throw invalid(text, `"${text}" is not a known nickname; the nicknames are ${CRON_NICKNAMES.join(", ")}`);
}

/** Which field croner refuses (each tried alone, the others "*"), and why, in words. */
function explain(fields: string[], err: unknown): string {
  const specs = fields.length === 6 ? [SECOND, MINUTE, HOUR, DAY, MONTH, WEEKDAY] : [MINUTE, HOUR, DAY, MONTH, WEEKDAY];
  for (const [i, spec] of specs.entries()) {
    const field = fields[i] ?? "";
    const probe = fields.map((f, j) => (j === i ? f : "*")).join(" ");
    let fieldErr: unknown;
    try {
      new Cron(probe, { mode: MODE });
    } catch (e) {
      fieldErr = e;
    }
    if (fieldErr === undefined) continue;
    if (spec === WEEKDAY && i === 5 && /^\d{4}$/.test(field)) {
      return `the last of 6 fields is the weekday (the first is seconds), and ${field} looks like a year; a year field is not supported`;
    }
    return `${spec.name} field: ${explainField(spec, field) ?? translate(fieldErr, spec, field)}`;
  }
  return translate(err, undefined, fields.join(" "));
}

/** Values and steps out of range, found in the field text (croner reports them shifted by its offsets). */
function explainField(spec: FieldSpec, field: string): string | undefined {
  for (const item of field.split(",")) {
    const [base = "", step, ...more] = item.split("/");
    if (step !== undefined && more.length === 0 && /^\d+$/.test(step) && Number(step) > spec.count) {
      return `the step ${Number(step)} in "${item}" is larger than the ${spec.count} values of the field (${spec.lo}-${spec.count - 1 + spec.lo})`;
    }
    if (spec === DAY && /^LW?$/i.test(base)) continue;
    let value = base;
    if (spec === DAY) value = value.replace(/W$/i, "");
    if (spec === WEEKDAY) value = value.replace(/#.*$/, "").replace(/L$/i, "");
    for (const end of value.split("-")) {
      if (!/^\d+$/.test(end)) continue;
      const n = Number(end);
      if (n < spec.lo || n > spec.hi) return `${n} is out of range ${spec.lo}-${spec.hi}${spec.note}`;
    }
  }
  return undefined;
}

type Translation = [RegExp, (m: RegExpExecArray, spec: FieldSpec | undefined, field: string) => string];

const TRANSLATIONS: Translation[] = [
  [/illegal stepping: 0/, () => "a step of 0 never moves on; use a step of 1 or more, such as */5"],
  [
    /steps cannot be greater than maximum value of part \((\d+)\)/,
    (m) => `a step may be at most ${m[1]}, the number of values of the field`,
  ],
  [
    /From value is larger than to value: '([^']*)'/,
    (m) => `the range ${m[1]} runs backwards; put the smaller value first`,
  ],
  [
    /contains illegal characters/,
    (_m, spec, field) =>
      `"${field}" has characters a cron field cannot have; use digits, * , - /${
        spec === DAY
          ? " ? L W"
          : spec === WEEKDAY
            ? " ? L # and names such as MON"
            : spec === MONTH
              ? " and names such as JAN"
              : ""
      }`,
  ],
  [/is empty/, () => "it has an empty entry (two commas in a row, or a comma at the start or end)"],
  [
    /nth weekday out of range.*Value: ([^,]*),/,
    (m) =>
      `#${m[1]} is not a week of the month; use #1 to #5 (such as 5#2, the second Friday) or 5L for the last Friday`,
  ],
  [/illegal nth weekday: '([^']*)'/, (m) => `"${m[1]}" is not an nth weekday; write it as 5#2 (the second Friday)`],
  [
    /W is not allowed|W\) only allowed in day-of-month/,
    () =>
      "W (the weekday nearest a day) goes with one day of the month, such as 15W, not with a range, a step or another field",
  ],
  [
    /stepping with numeric prefix \('([^']*)'\)/,
    (m) => `"${m[1]}" is not allowed; write */N for every Nth value, or a range with a step such as 30-59/5`,
  ],
  [/stepping with missing prefix \('([^']*)'\)/, (m) => `"${m[1]}" needs * or a range before the slash, such as */5`],
  [/LW can not be in a list/, () => "LW (the last weekday of the month) must stand alone in the day field"],
  [
    /L has to be a value of its own/,
    () => "L (the last day of the month) must stand alone in the day field, as L or LW",
  ],
  [/nth \(#\) only allowed/, () => "# (the nth weekday, such as 5#2) belongs in the weekday field"],
  [
    /L modifier only allowed in day-of-week/,
    () =>
      "a number with L (such as 5L, the last Friday) belongs in the weekday field; use L alone for the last day of the month",
  ],
  [/name has to stand alone/, () => "a month or day name must stand alone, as in MON-FRI or JAN,JUL"],
  [/cannot be empty after '\+'/, () => "a + must be followed by weekdays, such as +MON"],
  [
    /illegal (lower |upper )?range|is not a number|illegal stepping/,
    () => "it is not a number, a range such as 1-5, a list such as 1,15, or a step such as */10",
  ],
  [
    /Invalid value for/,
    (_m, spec) => (spec ? `a value is out of range ${spec.lo}-${spec.hi}` : "a value is out of range"),
  ],
];

function translate(err: unknown, spec: FieldSpec | undefined, field: string): string {
  const message = err instanceof Error ? err.message : String(err);
  for (const [pattern, say] of TRANSLATIONS) {
    const m = pattern.exec(message);
    if (m) return say(m, spec, field);
  }
  return message.replace(/^CronPattern:\s*/, "").replace(/\.$/, "");
}

function checkDate(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(ms))
    throw badInput(`${what} is not a valid date; give an ISO 8601 time such as 2026-01-31T02:30:00Z.`);
  return ms;
}

function checkCount(n: number, what: string, max: number): number {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) {
    throw badInput(`${what} must be a whole number from 0 to ${max}; got ${n}.`);
  }
  return n;
}

/** Fire times must be greater than this (ms): after `afterExclusive`, and not before startAt. */
function lowerBound(afterExclusive: number, bounds: FireBounds | undefined): number {
  const startAt = bounds?.startAt ? checkDate(bounds.startAt, "startAt") : undefined;
  return startAt === undefined ? afterExclusive : Math.max(afterExclusive, startAt - 1);
}

/** Fire times must be at most this (ms). */
function upperBound(upToInclusive: number, bounds: FireBounds | undefined): number {
  const endAt = bounds?.endAt ? checkDate(bounds.endAt, "endAt") : undefined;
  return endAt === undefined ? upToInclusive : Math.min(upToInclusive, endAt);
}

/** The next n fire times strictly after `after`, within bounds (startAt inclusive, endAt inclusive). n <= 1000. */
export function nextFireTimes(cron: string, timezone: string, after: Date, n: number, bounds?: FireBounds): Date[] {
  const compiled = compile(cron, timezone);
  const count = checkCount(n, "The number of fire times", MAX_NEXT_FIRE_TIMES);
  const lo = lowerBound(checkDate(after, "after"), bounds);
  const hi = upperBound(Number.POSITIVE_INFINITY, bounds);
  return walkForward(compiled, lo, hi, count);
}

/** Up to `limit` fire times t with lo < t <= hi, ascending. */
function walkForward(c: Compiled, lo: number, hi: number, limit: number): Date[] {
  const times: Date[] = [];
  let prev = lo;
  while (times.length < limit) {
    const next = nextAfter(c, prev);
    if (next === null || next > hi) break;
    times.push(new Date(next));
    prev = next;
  }
  return times;
}

/**
 * Fire times t with afterExclusive < t <= upToInclusive, ascending, within
 * bounds, at most `limit`; truncated=true when more existed.
 */
export function fireTimesBetween(
  cron: string,
  timezone: string,
  afterExclusive: Date,
  upToInclusive: Date,
  limit: number,
  bounds?: FireBounds,
): { times: Date[]; truncated: boolean } {
  const compiled = compile(cron, timezone);
  const max = checkCount(limit, "limit", Number.MAX_SAFE_INTEGER - 1);
  const lo = lowerBound(checkDate(afterExclusive, "afterExclusive"), bounds);
  const hi = upperBound(checkDate(upToInclusive, "upToInclusive"), bounds);
  if (hi <= lo) return { times: [], truncated: false };
  const times = walkForward(compiled, lo, hi, max + 1);
  const truncated = times.length > max;
  return { times: truncated ? times.slice(0, max) : times, truncated };
}

/**
 * The LAST `limit` fire times t with afterExclusive < t <= upToInclusive,
 * ascending, within bounds, and whether earlier ones were left out. Walks
 * backwards from the end, so it costs O(limit) however long the range is.
 */
export function latestFireTimes(
  cron: string,
  timezone: string,
  afterExclusive: Date,
  upToInclusive: Date,
  limit: number,
  bounds?: FireBounds,
): { times: Date[]; truncated: boolean } {
  const { job } = compile(cron, timezone);
  const max = checkCount(limit, "limit", Number.MAX_SAFE_INTEGER - 1);
  const lo = lowerBound(checkDate(afterExclusive, "afterExclusive"), bounds);
  const hi = upperBound(checkDate(upToInclusive, "upToInclusive"), bounds);
  if (hi <= lo) return { times: [], truncated: false };
  // previousRuns answers runs strictly before its reference: 1 ms past `hi` makes `hi` inclusive.
  // One step at a time, so the walk stops at `lo` rather than going on for `limit` fire times.
  const newestFirst: Date[] = [];
  let ref = new Date(hi + 1);
  while (newestFirst.length <= max) {
    const [prev] = job.previousRuns(1, ref);
    if (prev === undefined || prev.getTime() <= lo) break;
    newestFirst.push(prev);
    ref = prev;
  }
  const truncated = newestFirst.length > max;
  return { times: newestFirst.slice(0, max).reverse(), truncated };
}

/** English description via cronstrue ("At 02:30 AM"); falls back to the cron text. */
export function describeCron(cron: string): string {
  const text = cron.trim();
  try {
    const described = cronstrue.toString(text.startsWith("@") ? text.toLowerCase() : text, {
      throwExceptionOnParseError: true,
    });
    return described.trim() === "" ? text : described;
  } catch {
    return text;
  }
}
