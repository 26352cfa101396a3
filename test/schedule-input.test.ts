import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dagClient } from "./support/dags.js";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, waitFor } from "./support/flows.js";

/**
 * Schedules and triggers refuse bad input with a typed GraphQL error whose
 * message says what is wrong and what to do, and write nothing; previewCron
 * checks without saving; backfills start each fire time once, and each run
 * gets its own fire time as BATON_SCHEDULED_TIME.
 */
const BACKFILL_MAX = 50;
const DAY = 86_400_000;
const HOUR = 3_600_000;

const CREATE_SCHEDULE = `mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`;
const CREATE_TRIGGER = `mutation($i: CreateTriggerInput!) { createTrigger(input: $i) { name } }`;
const BACKFILL = `mutation($i: BackfillScheduleInput!) {
  backfillSchedule(input: $i) { fireTimes created alreadyFired fires { scheduledTime kind outcome executionId } }
}`;
const PREVIEW = `query($c: String!, $tz: String, $n: Int) {
  previewCron(cron: $c, timezone: $tz, n: $n) { valid error description timezone nextFireTimes }
}`;

interface Preview {
  valid: boolean;
  error: string | null;
  description: string | null;
  timezone: string;
  nextFireTimes: string[];
}

interface Backfilled {
  fireTimes: number;
  created: number;
  alreadyFired: number;
  fires: { scheduledTime: string; kind: string; outcome: string; executionId: string | null }[];
}

describe("schedule and trigger input", () => {
  let env: TestEnv;
  /** The hour (UTC) the daily schedule fires: 12 hours away from now, so it never fires during the test. */
  let hour: number;
  /** The daily schedule's most recent fire time. */
  let lastFire: number;

  beforeAll(async () => {
    env = await startEnv({ runners: 1, controlPlaneEnv: { BATON_BACKFILL_MAX_RUNS: String(BACKFILL_MAX) } });
    await defineTask(
      env.api[0]!,
      "stamp",
      env.script("stamp.sh", '#!/bin/sh\necho "scheduled=$BATON_SCHEDULED_TIME"\n'),
    );
    await dagClient(env.api[0]!).createDag("pair", "a: stamp && b: stamp");
    const now = Date.now();
    hour = (new Date(now).getUTCHours() + 12) % 24;
    const today = new Date(now);
    today.setUTCHours(hour, 0, 0, 0);
    lastFire = today.getTime() <= now ? today.getTime() : today.getTime() - DAY;
    await env.api[0]!.ok(CREATE_SCHEDULE, { i: { name: "daily", task: "stamp", cron: `0 ${hour} * * *` } });
  });
  afterAll(() => env?.stop());

  const gql = <T>(query: string, variables?: Record<string, unknown>) => env.api[0]!.request<T>(query, variables);
  const iso = (ms: number) => new Date(ms).toISOString();

  type Case = [what: string, query: string, variables: () => Record<string, unknown>, code: string, message: RegExp[]];
  const schedule = (i: Record<string, unknown>) => ({ i: { name: "s1", task: "stamp", cron: "0 2 * * *", ...i } });
  const trigger = (i: Record<string, unknown>) => ({ i: { name: "t1", task: "stamp", ...i } });
  const backfill = (from: number, to: number, name = "daily") => ({ i: { name, from: iso(from), to: iso(to) } });

  const cases: Case[] = [
    [
      "invalid cron",
      CREATE_SCHEDULE,
      () => schedule({ cron: "61 * * * *" }),
      "BAD_USER_INPUT",
      [/minute/, /0-59/, /61/],
    ],
    [
      "unknown time zone",
      CREATE_SCHEDULE,
      () => schedule({ timezone: "Mars/Base" }),
      "BAD_USER_INPUT",
      [/Unknown time zone "Mars\/Base"/, /IANA name such as/],
    ],
    [
      "both task and dag",
      CREATE_SCHEDULE,
      () => schedule({ dag: "pair" }),
      "BAD_USER_INPUT",
      [/either task or dag, not both/],
    ],
    [
      "neither task nor dag",
      CREATE_SCHEDULE,
      () => ({ i: { name: "s1", cron: "0 2 * * *" } }),
      "BAD_USER_INPUT",
      [/Give task or dag/],
    ],
    [
      "unknown task",
      CREATE_SCHEDULE,
      () => schedule({ task: "ghost" }),
      "NOT_FOUND",
      [/No task named ghost/, /createTask/],
    ],
    [
      "unknown DAG",
      CREATE_SCHEDULE,
      () => ({ i: { name: "s1", dag: "ghost-dag", cron: "0 2 * * *" } }),
      "NOT_FOUND",
      [/No DAG named ghost-dag/, /createDag/],
    ],
    [
      "duplicate schedule name",
      CREATE_SCHEDULE,
      () => ({ i: { name: "daily", task: "stamp", cron: "0 3 * * *" } }),
      "CONFLICT",
      [/A schedule named daily already exists/, /updateSchedule/],
    ],
    [
      "backfill with a reversed range",
      BACKFILL,
      () => backfill(lastFire - DAY, lastFire - 5 * DAY),
      "BAD_USER_INPUT",
      [/reversed/, /earlier time first/],
    ],
    [
      "backfill over the maximum",
      BACKFILL,
      () => backfill(lastFire - 60 * DAY, lastFire),
      "BAD_USER_INPUT",
      [new RegExp(`more than ${BACKFILL_MAX} fire times`), /shorter ranges/],
    ],
    [
      "backfill to in the future",
      BACKFILL,
      () => backfill(lastFire - 3 * DAY, Date.now() + HOUR),
      "BAD_USER_INPUT",
      [/in the future/],
    ],
    [
      "backfill of an unknown schedule",
      BACKFILL,
      () => backfill(lastFire - 3 * DAY, lastFire, "ghost-schedule"),
      "NOT_FOUND",
      [/No schedule named ghost-schedule/],
    ],
    [
      "trigger subject with a wildcard",
      CREATE_TRIGGER,
      () => trigger({ subject: "orders.*" }),
      "BAD_USER_INPUT",
      [/wildcard/, /exact subject/],
    ],
    [
      "trigger subject with a full wildcard",
      CREATE_TRIGGER,
      () => trigger({ subject: "orders.>" }),
      "BAD_USER_INPUT",
      [/wildcard/],
    ],
    [
      "trigger subject with a space",
      CREATE_TRIGGER,
      () => trigger({ subject: "orders created" }),
      "BAD_USER_INPUT",
      [/space/, /Use "\." or "-" instead/],
    ],
    [
      "trigger subject under Baton's prefix",
      CREATE_TRIGGER,
      () => trigger({ subject: `${env.prefix}.orders` }),
      "BAD_USER_INPUT",
      [/reserved for Baton's own messages/, /choose a subject of your own/],
    ],
    [
      "trigger subject under JetStream's API",
      CREATE_TRIGGER,
      () => trigger({ subject: "$JS.API.STREAM.LIST" }),
      "BAD_USER_INPUT",
      [/reserved for NATS itself/],
    ],
    [
      "template naming no field: {{ }}",
      CREATE_TRIGGER,
      () => trigger({ arguments: ["--req={{ }}"] }),
      "BAD_USER_INPUT",
      [/arguments\[0\]/, /names no field/, /\{\{ \.requestId \}\}/],
    ],
    [
      "template naming no field: {{ . }}",
      CREATE_TRIGGER,
      () => trigger({ arguments: ["--req={{ . }}"] }),
      "BAD_USER_INPUT",
      [/arguments\[0\]/, /names no field/],
    ],
    [
      "template with an unclosed {{",
      CREATE_TRIGGER,
      () => trigger({ arguments: ["ok", "--req={{ .requestId"] }),
      "BAD_USER_INPUT",
      [/arguments\[1\]/, /never closes it/],
    ],
    [
      "template with a stray }}",
      CREATE_TRIGGER,
      () => trigger({ dedupKey: ".requestId }}" }),
      "BAD_USER_INPUT",
      [/dedupKey/, /no "\{\{" before it/],
    ],
    [
      "property template with unbalanced braces",
      CREATE_TRIGGER,
      () => trigger({ properties: { env: { REQUEST: "{{ .requestId" } } }),
      "BAD_USER_INPUT",
      [/env\.REQUEST/, /never closes it/],
    ],
    [
      "dedupWindowSeconds without dedupKey",
      CREATE_TRIGGER,
      () => trigger({ subject: "orders.created", dedupWindowSeconds: 600 }),
      "BAD_USER_INPUT",
      [/dedupWindowSeconds needs a dedupKey/],
    ],
    [
      "trigger on both a task and a DAG",
      CREATE_TRIGGER,
      () => trigger({ dag: "pair" }),
      "BAD_USER_INPUT",
      [/either task or dag, not both/],
    ],
    [
      "trigger properties that could never start a run",
      CREATE_TRIGGER,
      () => trigger({ properties: { timeoutSeconds: -5 } }),
      "BAD_USER_INPUT",
      [/timeoutSeconds/],
    ],
    [
      "trigger env a launch may not set, even templated",
      CREATE_TRIGGER,
      () => trigger({ properties: { env: { PATH: "{{ .path }}" } } }),
      "BAD_USER_INPUT",
      [/PATH/],
    ],
    [
      "trigger on an unknown task",
      CREATE_TRIGGER,
      () => trigger({ task: "ghost" }),
      "NOT_FOUND",
      [/No task named ghost/],
    ],
  ];

  for (const [what, query, variables, code, messages] of cases) {
    it(`${what}: ${code}, an actionable message, nothing written`, async () => {
      const before = await tableCounts(env.sql);
      const res = await gql(query, variables());
      expect(res.data ?? null).toBeNull();
      expect(res.errors).toHaveLength(1);
      const [error] = res.errors ?? [];
      expect(error?.extensions?.code).toBe(code);
      for (const m of messages) expect(error?.message).toMatch(m);
      expect(await tableCounts(env.sql)).toEqual(before);
    });
  }

  it("previewCron: a bad cron is valid:false with the error; a good one gives the next five times in its zone; nothing is written", async () => {
    const before = await tableCounts(env.sql);
    const bad = (await env.api[0]!.ok<{ previewCron: Preview }>(PREVIEW, { c: "61 * * * *" })).previewCron;
    expect(bad.valid).toBe(false);
    expect(bad.error).toMatch(/minute/);
    expect(bad.error).toMatch(/0-59/);
    expect(bad.nextFireTimes).toEqual([]);
    const badZone = (await env.api[0]!.ok<{ previewCron: Preview }>(PREVIEW, { c: "0 9 * * *", tz: "Mars/Base" }))
      .previewCron;
    expect(badZone.valid).toBe(false);
    expect(badZone.error).toMatch(/Unknown time zone "Mars\/Base"/);

    // 09:00 in Kathmandu (UTC+05:45): 03:15 UTC, every day from the next one on.
    const asked = Date.now();
    const kathmandu = (
      await env.api[0]!.ok<{ previewCron: Preview }>(PREVIEW, { c: "0 9 * * *", tz: "Asia/Kathmandu" })
    ).previewCron;
    expect(kathmandu).toMatchObject({ valid: true, error: null, timezone: "Asia/Kathmandu" });
    expect(kathmandu.description).toBeTruthy();
    const next = new Date(asked);
    next.setUTCHours(3, 15, 0, 0);
    if (next.getTime() <= asked) next.setTime(next.getTime() + DAY);
    expect(kathmandu.nextFireTimes.map((t) => Date.parse(t))).toEqual(
      Array.from({ length: 5 }, (_, i) => next.getTime() + i * DAY),
    );

    // 09:30 in New York on five consecutive local days, the first one still to come.
    const ny = (
      await env.api[0]!.ok<{ previewCron: Preview }>(PREVIEW, { c: "30 9 * * *", tz: "America/New_York", n: 5 })
    ).previewCron;
    expect(ny.valid).toBe(true);
    expect(ny.nextFireTimes).toHaveLength(5);
    const local = new Intl.DateTimeFormat("en-CA", {
      timeZone: "America/New_York",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    const times = ny.nextFireTimes.map((t) => Date.parse(t));
    expect(times[0]).toBeGreaterThan(asked);
    expect((times[0] as number) - asked).toBeLessThanOrEqual(25 * HOUR);
    const days = times.map((t) => {
      const parts = Object.fromEntries(local.formatToParts(t).map((p) => [p.type, p.value]));
      expect(`${parts.hour}:${parts.minute}`).toBe("09:30");
      return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
    });
    for (let i = 1; i < days.length; i++) expect((days[i] as number) - (days[i - 1] as number)).toBe(DAY);
    expect(await tableCounts(env.sql)).toEqual(before);
  });

  it("backfills start each fire time once; an overlapping backfill starts only the new ones; each run gets its fire time", async () => {
    const first = (
      await env.api[0]!.ok<{ backfillSchedule: Backfilled }>(BACKFILL, {
        i: { name: "daily", from: iso(lastFire - 10 * DAY), to: iso(lastFire - DAY) },
      })
    ).backfillSchedule;
    expect(first).toMatchObject({ fireTimes: 10, created: 10, alreadyFired: 0 });
    const expectedFirst = Array.from({ length: 10 }, (_, i) => iso(lastFire - (10 - i) * DAY));
    expect(first.fires.map((f) => f.scheduledTime)).toEqual(expectedFirst);
    expect(first.fires.every((f) => f.kind === "BACKFILL" && f.outcome === "STARTED" && f.executionId)).toBe(true);

    // Overlaps the first on its 5 oldest fire times and adds 2 older ones.
    const second = (
      await env.api[0]!.ok<{ backfillSchedule: Backfilled }>(BACKFILL, {
        i: { name: "daily", from: iso(lastFire - 12 * DAY), to: iso(lastFire - 6 * DAY) },
      })
    ).backfillSchedule;
    expect(second).toMatchObject({ fireTimes: 7, created: 2, alreadyFired: 5 });
    expect(second.fires.map((f) => f.scheduledTime)).toEqual(
      Array.from({ length: 7 }, (_, i) => iso(lastFire - (12 - i) * DAY)),
    );
    // The overlapping fires are the first backfill's, with the same runs.
    const firstRun = new Map(first.fires.map((f) => [f.scheduledTime, f.executionId]));
    for (const f of second.fires.slice(2)) expect(f.executionId).toBe(firstRun.get(f.scheduledTime));

    // A backfill entirely inside what already ran starts nothing.
    const third = (
      await env.api[0]!.ok<{ backfillSchedule: Backfilled }>(BACKFILL, {
        i: { name: "daily", from: iso(lastFire - 8 * DAY), to: iso(lastFire - 3 * DAY) },
      })
    ).backfillSchedule;
    expect(third).toMatchObject({ fireTimes: 6, created: 0, alreadyFired: 6 });

    interface FireShape {
      scheduledTime: string;
      kind: string;
      outcome: string;
      execution: {
        id: string;
        status: string;
        origin: { kind: string; fireKind: string | null; scheduledTime: string | null };
        logs: { text: string }[];
      } | null;
    }
    const all = await waitFor(
      "12 backfilled runs to complete",
      async () => {
        const data = await env.api[0]!.ok<{ schedule: { fires: FireShape[] } }>(
          `query { schedule(name: "daily") { fires(first: 100) { scheduledTime kind outcome
             execution { id status origin { kind fireKind scheduledTime } logs { text } } } } }`,
        );
        const fires = data.schedule.fires;
        return fires.length >= 12 && fires.every((f) => f.execution?.status === "COMPLETED") ? fires : undefined;
      },
      45_000,
    );
    expect(all).toHaveLength(12);
    const expected = Array.from({ length: 12 }, (_, i) => iso(lastFire - (12 - i) * DAY));
    expect(all.map((f) => f.scheduledTime).sort()).toEqual(expected);
    for (const f of all) {
      expect(f.kind).toBe("BACKFILL");
      expect(f.execution?.origin).toEqual({ kind: "SCHEDULE", fireKind: "BACKFILL", scheduledTime: f.scheduledTime });
      const line = f.execution?.logs.map((l) => l.text).find((t) => t.startsWith("scheduled="));
      expect(line, `run of ${f.scheduledTime} printed its BATON_SCHEDULED_TIME`).toBeDefined();
      expect(Date.parse((line as string).slice("scheduled=".length))).toBe(Date.parse(f.scheduledTime));
    }
    // Counted from the executions themselves: one run per fire time.
    const perTime = await env.sql<{ at: string; n: string }>(
      `SELECT origin->>'scheduledTime' AS at, count(*) AS n FROM executions
        WHERE "originKind" = 'SCHEDULE' AND "originName" = 'daily' GROUP BY 1`,
    );
    expect(perTime).toHaveLength(12);
    expect(perTime.every((r) => Number(r.n) === 1)).toBe(true);
    expect(new Set(perTime.map((r) => Date.parse(r.at)))).toEqual(new Set(expected.map((t) => Date.parse(t))));
  }, 60_000);

  const signed = async (name: string, secret: string, body: string, delivery?: string) => {
    const { createHmac } = await import("node:crypto");
    const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    return fetch(env.api[0]!.url.replace(/\/graphql$/, `/hooks/${name}`), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-baton-signature-256": signature,
        ...(delivery ? { "x-baton-delivery": delivery } : {}),
      },
      body,
    });
  };

  it("a property that is one placeholder gets the field's type; an empty dedup key still deduplicates; an oversized webhook names its limit", async () => {
    const created = await env.api[0]!.ok<{ createTrigger: { secret: string } }>(
      `mutation { createTrigger(input: { name: "typed", task: "stamp", properties: { timeoutSeconds: "{{ .t }}" },
         dedupKey: "{{ .k }}", dedupWindowSeconds: 3600 }) { secret } }`,
    );
    const secret = created.createTrigger.secret;
    const first = await signed("typed", secret, JSON.stringify({ t: 30, k: null }));
    const started = (await first.json()) as { outcome: string; executionId: string };
    expect(first.status).toBe(200);
    expect(started.outcome).toBe("STARTED");
    const [row] = await env.sql<{ spec: { timeoutSeconds?: number } }>(`SELECT spec FROM executions WHERE id = $1`, [
      started.executionId,
    ]);
    expect(row?.spec.timeoutSeconds).toBe(30);
    // A null key renders as "", and "" is a key like any other: the second message is a duplicate.
    const second = (await (await signed("typed", secret, JSON.stringify({ t: 30, k: null }))).json()) as {
      outcome: string;
      executionId: string;
    };
    expect(second).toMatchObject({ outcome: "DEDUPLICATED", executionId: started.executionId });
    await waitFor("the run to end", async () => {
      const [r] = await env.sql<{ endedAt: Date | null }>(`SELECT "endedAt" FROM executions WHERE id = $1`, [
        started.executionId,
      ]);
      return r?.endedAt;
    });
    const before = await tableCounts(env.sql);
    const big = await signed("typed", secret, JSON.stringify({ t: 1, k: "x".repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    const body = (await big.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toContain("1048576 bytes, the most a trigger takes");
    expect(await tableCounts(env.sql)).toEqual(before);
  });

  it("a backfill runs the fire times a pause skipped, and counts those that ran as already fired", async () => {
    await env.api[0]!.ok(CREATE_SCHEDULE, { i: { name: "paused-gap", task: "stamp", cron: "* * * * * *" } });
    const fires = () =>
      env.sql<{ scheduledAt: Date; outcome: string; kind: string }>(
        `SELECT f."scheduledAt", f.outcome, f.kind FROM schedule_fires f JOIN schedules s ON s.id = f."scheduleId"
         WHERE s.name = 'paused-gap' ORDER BY 1`,
      );
    await waitFor("two fires", async () => (await fires()).length >= 2, 20_000);
    const update = `mutation($i: UpdateScheduleInput!) { updateSchedule(input: $i) { enabled } }`;
    // A witness firing every second shows the scheduler going on while paused-gap, paused, starts nothing.
    await env.api[0]!.ok(CREATE_SCHEDULE, { i: { name: "witness", task: "stamp", cron: "* * * * * *" } });
    await env.api[0]!.ok(update, { i: { name: "paused-gap", enabled: false } });
    const startedWhilePaused = (await fires()).length;
    const witnessFires = async () =>
      Number(
        (
          await env.sql<{ n: string }>(
            `SELECT count(*) AS n FROM schedule_fires f JOIN schedules s ON s.id = f."scheduleId" WHERE s.name = 'witness'`,
          )
        )[0]?.n,
      );
    await waitFor("the witness to fire four times", async () => (await witnessFires()) >= 4, 15_000);
    await env.api[0]!.ok(`mutation { deleteSchedule(name: "witness") }`);
    expect((await fires()).length).toBe(startedWhilePaused);
    await env.api[0]!.ok(update, { i: { name: "paused-gap", enabled: true } });
    await env.api[0]!.ok(update, { i: { name: "paused-gap", enabled: false } });
    const rows = await fires();
    const paused = rows.filter((f) => f.outcome === "PAUSED");
    expect(paused).toHaveLength(1);
    const ran = rows.filter((f) => f.outcome === "STARTED" && f.scheduledAt < paused[0]!.scheduledAt);
    // From the first fire that ran to two seconds into the pause.
    const from = rows[0]!.scheduledAt.getTime();
    const to = paused[0]!.scheduledAt.getTime() + 2000;
    const res = await env.api[0]!.ok<{ backfillSchedule: Backfilled }>(BACKFILL, {
      i: { name: "paused-gap", from: iso(from), to: iso(to) },
    });
    const expectedTimes = (to - from) / 1000 + 1;
    expect(res.backfillSchedule.fireTimes).toBe(expectedTimes);
    expect(res.backfillSchedule.alreadyFired).toBe(ran.length);
    expect(res.backfillSchedule.created).toBe(expectedTimes - ran.length);
    const after = await fires();
    expect(after.find((f) => f.scheduledAt.getTime() === paused[0]!.scheduledAt.getTime())?.kind).toBe("BACKFILL");
  }, 40_000);
});
