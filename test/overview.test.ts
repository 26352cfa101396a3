import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus } from "./support/flows.js";

// The console's overview query: counts aggregated in Postgres. Thousands of
// executions are written by SQL across every status and 36 hours (beside a
// few real runs), and every number must equal a direct SQL count: the old
// console counted the first 500 rows in the browser, which these exceed.

const ACTIVE = ["QUEUED", "DISPATCHED", "RUNNING"];
const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST", "EXPIRED"];
const FAILURES = ["FAILED", "TIMED_OUT", "LOST", "EXPIRED"];
const ROWS = 2_400;

interface Counted {
  status: string;
  count: number;
}
interface OverviewShape {
  hours: number;
  since: string;
  until: string;
  failed: number;
  runners: number;
  active: Counted[];
  ended: Counted[];
  buckets: { start: string; total: number; counts: Counted[] }[];
}

const OVERVIEW = `query($hours: Int) { overview(hours: $hours) {
  hours since until failed runners active { status count } ended { status count }
  buckets { start total counts { status count } } } }`;

let env: TestEnv;

/**
 * `n` executions of the task, status i % 9, queued (i % 36) hours and some
 * minutes ago, the terminal ones ended 0 to 80 minutes after. In a pool no
 * runner serves, not before tomorrow, claimed by no runner: nothing in the
 * control plane moves them while the test counts.
 */
async function insertRows(task: string, n: number): Promise<void> {
  await env.sql(
    `WITH s AS (SELECT ARRAY['QUEUED','DISPATCHED','RUNNING','COMPLETED','FAILED','CANCELLED','TIMED_OUT','LOST','EXPIRED'] AS st),
     g AS (SELECT i, (SELECT st[1 + i % 9] FROM s) AS status,
                  (now() AT TIME ZONE 'UTC') - make_interval(hours => i % 36, mins => (i * 7) % 60) AS at
           FROM generate_series(0, $2::int - 1) i)
     INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                             "queuedAt", "claimedAt", "startedAt", "endedAt", "notBefore")
     SELECT gen_random_uuid(), t.id, 1, g.status, 'local', 'overview-none', '{}', '{}'::jsonb, g.at,
            CASE WHEN g.status NOT IN ('QUEUED', 'EXPIRED') THEN g.at END,
            CASE WHEN g.status NOT IN ('QUEUED', 'DISPATCHED', 'EXPIRED') THEN g.at END,
            CASE WHEN g.status NOT IN ('QUEUED', 'DISPATCHED', 'RUNNING') THEN g.at + make_interval(mins => (g.i % 5) * 20) END,
            (now() AT TIME ZONE 'UTC') + interval '1 day'
     FROM g, task_definitions t WHERE t.name = $1`,
    [task, n],
  );
}

const overview = async (hours?: number): Promise<OverviewShape> =>
  (await env.api[0]!.ok<{ overview: OverviewShape }>(OVERVIEW, hours === undefined ? {} : { hours })).overview;

/** status -> count, from the API's list. */
const asMap = (xs: Counted[]): Record<string, number> => Object.fromEntries(xs.map((c) => [c.status, c.count]));

/** status -> count by a direct SQL count, every status of `statuses` present. */
async function sqlCounts(where: string, statuses: string[], values: unknown[] = []): Promise<Record<string, number>> {
  const rows = await env.sql<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM executions WHERE ${where} GROUP BY status`,
    values,
  );
  return Object.fromEntries(statuses.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0]));
}

const SINCE = `$1::timestamptz AT TIME ZONE 'UTC'`;

beforeAll(async () => {
  env = await startEnv({ runners: 1 });
  const api = env.api[0]!;
  await defineTask(api, "overview-ok", env.script("ok.mjs", "console.log('ok');\n"));
  await defineTask(api, "overview-fail", env.script("fail.mjs", "process.exit(2);\n"));
  const real = [await launch(api, "overview-ok"), await launch(api, "overview-ok"), await launch(api, "overview-fail")];
  for (const r of real) await untilStatus(api, r.id, TERMINAL);
  await insertRows("overview-ok", ROWS);
});

afterAll(() => env?.stop());

describe("overview", () => {
  it("counts every execution in Postgres, equal to a direct SQL count, far past 500 rows", async () => {
    const o = await overview();
    expect(o.hours).toBe(24);
    expect(Date.parse(o.until) - Date.parse(o.since)).toBe(24 * 3_600_000);

    expect(o.active.map((c) => c.status)).toEqual(ACTIVE);
    expect(asMap(o.active)).toEqual(await sqlCounts(`status = ANY($1::text[])`, ACTIVE, [ACTIVE]));

    expect(o.ended.map((c) => c.status)).toEqual(TERMINAL);
    const ended = await sqlCounts(`"endedAt" >= ${SINCE} AND status = ANY($2::text[])`, TERMINAL, [o.since, TERMINAL]);
    expect(asMap(o.ended)).toEqual(ended);
    expect(o.failed).toBe(FAILURES.reduce((a, s) => a + (ended[s] ?? 0), 0));
    // The real runs are in it: two COMPLETED and one FAILED ended just now.
    expect(ended.COMPLETED).toBeGreaterThanOrEqual(2);
    expect(ended.FAILED).toBeGreaterThanOrEqual(1);

    // Far more than the 500 rows the console used to count.
    const endedTotal = o.ended.reduce((a, c) => a + c.count, 0);
    expect(endedTotal).toBeGreaterThan(500);
    expect(o.active.reduce((a, c) => a + c.count, 0) + endedTotal).toBeGreaterThan(1_000);

    // The env's one runner.
    expect(o.runners).toBe(1);
  });

  it("buckets per hour sum to what was queued in the window, each hour equal to SQL", async () => {
    const o = await overview(24);
    // From the hour of since to the hour of until: 25 hours, consecutive, on the hour.
    expect(o.buckets).toHaveLength(25);
    const starts = o.buckets.map((b) => Date.parse(b.start));
    for (const [i, t] of starts.entries()) {
      expect(t % 3_600_000).toBe(0);
      if (i > 0) expect(t - (starts[i - 1] ?? 0)).toBe(3_600_000);
    }
    expect(starts[0]).toBe(Math.floor(Date.parse(o.since) / 3_600_000) * 3_600_000);
    expect(starts.at(-1)).toBe(Math.floor(Date.parse(o.until) / 3_600_000) * 3_600_000);

    const [queued] = await env.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM executions WHERE "queuedAt" >= ${SINCE}`,
      [o.since],
    );
    expect(o.buckets.reduce((a, b) => a + b.total, 0)).toBe(queued?.n);
    for (const b of o.buckets) expect(b.counts.reduce((a, c) => a + c.count, 0)).toBe(b.total);

    const rows = await env.sql<{ hour: number; status: string; n: number }>(
      `SELECT (extract(epoch FROM date_trunc('hour', "queuedAt")) * 1000)::float8 AS hour, status, count(*)::int AS n
       FROM executions WHERE "queuedAt" >= ${SINCE} GROUP BY 1, 2`,
      [o.since],
    );
    const fromSql = new Map<string, number>(rows.map((r) => [`${r.hour} ${r.status}`, r.n]));
    const fromApi = new Map<string, number>(
      o.buckets.flatMap((b) => b.counts.map((c) => [`${Date.parse(b.start)} ${c.status}`, c.count] as const)),
    );
    expect(fromApi).toEqual(fromSql);
    // Statuses appear in lifecycle order, without zeros.
    const order = [...ACTIVE, ...TERMINAL];
    for (const b of o.buckets) {
      const idx = b.counts.map((c) => order.indexOf(c.status));
      expect(idx).toEqual([...idx].sort((x, y) => x - y));
      expect(b.counts.every((c) => c.count > 0)).toBe(true);
    }
  });

  it("respects the window: 1 hour, 24 hours and 48 hours count what SQL counts for each", async () => {
    const [all] = await env.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM executions WHERE status = ANY($1::text[])`,
      [TERMINAL],
    );
    const totals: number[] = [];
    for (const hours of [1, 24, 48]) {
      const o = await overview(hours);
      expect(o.hours).toBe(hours);
      expect(o.buckets).toHaveLength(hours + 1);
      const ended = await sqlCounts(`"endedAt" >= ${SINCE} AND status = ANY($2::text[])`, TERMINAL, [
        o.since,
        TERMINAL,
      ]);
      expect(asMap(o.ended), `ended within ${hours} h`).toEqual(ended);
      const [queued] = await env.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM executions WHERE "queuedAt" >= ${SINCE}`,
        [o.since],
      );
      expect(
        o.buckets.reduce((a, b) => a + b.total, 0),
        `queued within ${hours} h`,
      ).toBe(queued?.n);
      totals.push(o.ended.reduce((a, c) => a + c.count, 0));
    }
    // Each window holds more than the last; 24 h leaves out the rows ended 24 to 36 hours ago; 48 h has them all.
    expect(totals[0]).toBeLessThan(totals[1] ?? 0);
    expect(totals[1]).toBeLessThan(all?.n ?? 0);
    expect(totals[2]).toBe(all?.n);
  });

  it("refuses hours outside 1 to 744 with BAD_USER_INPUT and a sentence", async () => {
    for (const hours of [0, -3, 745, 100_000]) {
      const r = await env.api[0]!.request<{ overview: OverviewShape }>(OVERVIEW, { hours });
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code, `hours ${hours}`).toBe("BAD_USER_INPUT");
      expect(r.errors?.[0]?.message).toBe(`hours must be a whole number from 1 to 744 (31 days); got ${hours}.`);
    }
    // null is the default, 24 hours.
    const r = await env.api[0]!.ok<{ overview: { hours: number } }>(`{ overview(hours: null) { hours } }`);
    expect(r.overview.hours).toBe(24);
  });
});
