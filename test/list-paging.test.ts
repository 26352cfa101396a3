import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";

// apps, tasks, dags, schedules and triggers take first / after / search (a name cursor and a
// case-insensitive substring). Paging by the last name must give every row once in the order of the
// unpaged list; "_" and "%" in a search are literal; a bad "first" is a typed error.

const NAMES = ["alpha", "a_b", "axb", "Beta", "beta-2", "c%d", "cxd", "delta", "echo", "zulu"];
const LISTS = ["apps", "tasks", "dags", "schedules", "triggers"] as const;
type List = (typeof LISTS)[number];

let env: TestEnv;

async function names(list: List, args: Record<string, unknown>): Promise<string[]> {
  const r = await env.api[0]!.ok<Record<List, { name: string }[]>>(
    `query($first: Int, $after: String, $search: String) {
       ${list}(first: $first, after: $after, search: $search) { name } }`,
    args,
  );
  return r[list].map((row) => row.name);
}

async function walk(list: List, first: number, search?: string): Promise<string[]> {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await names(list, { first, after, search });
    seen.push(...page);
    if (page.length < first) return seen;
    after = page.at(-1);
  }
  throw new Error("more than 100 pages");
}

beforeAll(async () => {
  env = await startEnv({ runners: 0 });
  const api = env.api[0]!;
  const ok = env.script("ok.mjs", "console.log('ok')\n");
  for (const name of NAMES) {
    // "%" is not a valid name for apps, tasks, DAGs, schedules or triggers: those get "c-d" instead.
    const n = name.replace("%", "-");
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: n, version: "1.0.0", uri: ok },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, { i: { name: n, app: n } });
    await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { name } }`, {
      i: { name: n, definition: n },
    });
    await api.ok(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { name } }`, {
      i: { name: n, task: n, cron: "0 3 * * *", enabled: false },
    });
    await api.ok(`mutation($i: CreateTriggerInput!) { createTrigger(input: $i) { name } }`, {
      i: { name: n, task: n, subject: `paging.${n.replace(/[^a-z0-9]/gi, "")}` },
    });
  }
}, 120_000);
afterAll(() => env?.stop());

describe("lists ordered by name", () => {
  it("page by the last name: every row once, in the unpaged order", async () => {
    for (const list of LISTS) {
      const all = await names(list, {});
      expect(all.length, list).toBe(NAMES.length);
      for (const first of [1, 3, 4]) expect(await walk(list, first), `${list} by ${first}`).toEqual(all);
    }
  });

  it("search any case, with _ and % taken literally", async () => {
    for (const list of LISTS) {
      expect(await names(list, { search: "BET" }), list).toEqual(
        (await names(list, {})).filter((n) => n.toLowerCase().includes("bet")),
      );
      expect(await names(list, { search: "a_b" }), list).toEqual(["a_b"]);
      expect(await names(list, { search: "%" }), list).toEqual([]);
      expect(await walk(list, 1, "e"), list).toEqual((await names(list, {})).filter((n) => n.includes("e")));
    }
  });

  it("refuses a page size out of range with a sentence", async () => {
    for (const list of LISTS) {
      for (const first of [0, 501]) {
        const res = await env.api[0]!.request(`query($first: Int) { ${list}(first: $first) { name } }`, { first });
        expect(res.errors?.[0]?.extensions?.code, list).toBe("BAD_USER_INPUT");
        expect(res.errors?.[0]?.message).toMatch(/first must be between 1 and 500/);
      }
    }
  });
});

describe("a task's release history and a DAG's versions, newest first, page by number", () => {
  /** Every number of the list, page after page of `first`, each page's last number the next one's cursor. */
  async function walkNumbers(read: (first: number, before?: number) => Promise<number[]>, first: number) {
    const seen: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await read(first, before);
      seen.push(...page);
      if (page.length < first) return seen;
      before = page.at(-1);
    }
    throw new Error("more than 100 pages");
  }

  it("every revision and version once, in the unpaged order; a bad first or before is a typed error", async () => {
    const api = env.api[0]!;
    for (let i = 0; i < 6; i++) {
      await api.ok(
        `mutation { upgradeTask(input: { task: "echo", force: true, reason: "paging ${i}" }) { revision } }`,
      );
      await api.ok(`mutation($d: String!) { updateDag(input: { name: "echo", definition: $d }) { version } }`, {
        d: i % 2 === 0 ? "echo && delta" : "echo",
      });
    }
    const revisions = async (first?: number, before?: number): Promise<number[]> =>
      (
        await api.ok<{ task: { releases: { revision: number }[] } }>(
          `query($first: Int, $before: Int) { task(name: "echo") { releases(first: $first, before: $before) { revision } } }`,
          { first, before },
        )
      ).task.releases.map((r) => r.revision);
    const versions = async (first?: number, before?: number): Promise<number[]> =>
      (
        await api.ok<{ dag: { versions: { version: number }[] } }>(
          `query($first: Int, $before: Int) { dag(name: "echo") { versions(first: $first, before: $before) { version } } }`,
          { first, before },
        )
      ).dag.versions.map((v) => v.version);
    for (const [read, noun] of [
      [revisions, "revision"],
      [versions, "version"],
    ] as const) {
      const all = await read();
      expect(all, noun).toEqual([7, 6, 5, 4, 3, 2, 1]);
      for (const first of [1, 2, 3, 7]) expect(await walkNumbers(read, first), `${noun}s by ${first}`).toEqual(all);
      expect(await read(undefined, 3), noun).toEqual([2, 1]);
      const field = noun === "revision" ? `task(name: "echo") { releases` : `dag(name: "echo") { versions`;
      for (const [args, said] of [
        [{ first: 0 }, `first must be between 1 and 500; page on with "before" set to the last ${noun} shown.`],
        [{ first: 501 }, "first must be between 1 and 500"],
        [{ before: 0 }, `before must be a ${noun} number (1 or more)`],
      ] as const) {
        const res = await api.request(
          `query($first: Int, $before: Int) { ${field}(first: $first, before: $before) { createdAt } } }`,
          args,
        );
        expect(res.errors?.[0]?.extensions?.code, `${noun} ${JSON.stringify(args)}`).toBe("BAD_USER_INPUT");
        expect(res.errors?.[0]?.message).toContain(said);
      }
    }
  });
});

describe("a trigger's events and a schedule's fires, page by page", () => {
  it("pages events received at the same instant by (receivedAt, id): each once, none skipped", async () => {
    // Seven events at one instant and three a second earlier: a page boundary falls inside the tie.
    await env.sql(
      `INSERT INTO trigger_events (id, "triggerId", source, "messageId", "receivedAt", outcome)
       SELECT gen_random_uuid(), t.id, 'HTTP', 'tie-' || i,
              CASE WHEN i < 7 THEN timestamp '2026-12-01 10:00:00' ELSE timestamp '2026-12-01 09:59:59' END,
              'REJECTED'
       FROM triggers t, generate_series(0, 9) i WHERE t.name = 'alpha'`,
    );
    type Event = { id: string; messageId: string; receivedAt: string };
    const page = async (before?: string, beforeId?: string): Promise<Event[]> =>
      (
        await env.api[0]!.ok<{ trigger: { events: Event[] } }>(
          `query($b: DateTime, $id: ID) { trigger(name: "alpha") { events(first: 3, before: $b, beforeId: $id) { id messageId receivedAt } } }`,
          { b: before, id: beforeId },
        )
      ).trigger.events;
    const seen: Event[] = [];
    for (let events = await page(); events.length > 0; ) {
      seen.push(...events);
      const last = events.at(-1)!;
      events = await page(last.receivedAt, last.id);
    }
    const all = await env.sql<{ id: string }>(
      `SELECT e.id FROM trigger_events e JOIN triggers t ON t.id = e."triggerId" WHERE t.name = 'alpha'
       ORDER BY e."receivedAt" DESC, e.id DESC`,
    );
    expect(seen.map((e) => e.id)).toEqual(all.map((r) => r.id));
    expect(new Set(seen.map((e) => e.messageId)).size).toBe(10);

    const bad = await env.api[0]!.request(
      `query { trigger(name: "alpha") { events(first: 3, beforeId: "${all[0]!.id}") { id } } }`,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.message).toMatch(/beforeId must be .* given with its receivedAt as before/);
  });
});
