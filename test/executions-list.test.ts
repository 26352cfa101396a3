import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask } from "./support/flows.js";

// The executions list is hand-written keyset SQL (store/execution-query-store.ts). Paging through it by
// endCursor, under each filter, must give every matching row exactly once, in (queuedAt desc, id desc)
// order, as a direct SQL query orders them: rows written by SQL with three per queuedAt (ties broken by id),
// statuses and origins mixed, and a task name that two tasks had (the first deleted, its runs kept).

interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const LIST = `query($task: String, $status: ExecutionStatus, $origin: OriginKind, $originName: String,
                    $since: DateTime, $until: DateTime, $first: Int, $after: String, $search: String) {
  executions(task: $task, status: $status, origin: $origin, originName: $originName, since: $since, until: $until,
             first: $first, after: $after, search: $search) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

let env: TestEnv;
let base: Date;

/** `n` ended executions of the live task by SQL, three a second back from base (shifted by `offset` thirds). */
async function insertRows(task: string, n: number, offset: number): Promise<void> {
  await env.sql(
    `INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                             "queuedAt", "notBefore", "originKind", "originName")
     SELECT gen_random_uuid(), t.id, 1, (ARRAY['COMPLETED', 'FAILED', 'CANCELLED'])[1 + i % 3], 'local', 'list-none',
            '{}', '{}'::jsonb, $3::timestamptz AT TIME ZONE 'UTC' - make_interval(secs => (i + $4::int) / 3),
            (now() AT TIME ZONE 'UTC') + interval '1 day',
            CASE WHEN i % 4 = 0 THEN 'SCHEDULE' ELSE 'MANUAL' END, CASE WHEN i % 4 = 0 THEN 'nightly' END
     FROM generate_series(0, $2::int - 1) i, task_definitions t WHERE t."liveName" = $1`,
    [task, n, base.toISOString(), offset],
  );
}

/** Every page, `first` at a time, following endCursor: the ids in the order served. */
async function walk(filter: Record<string, unknown>, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const answer: { executions: Page } = await env.api[0]!.ok<{ executions: Page }>(LIST, { ...filter, first, after });
    const page = answer.executions;
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    after = page.pageInfo.endCursor;
  }
  throw new Error("more than 1000 pages");
}

/** The same rows straight from SQL, in the list's order. */
async function expected(where: string, values: unknown[] = []): Promise<string[]> {
  const rows = await env.sql<{ id: string }>(
    `SELECT e.id FROM executions e JOIN task_definitions t ON t.id = e."taskId"
     WHERE ${where} ORDER BY e."queuedAt" DESC, e.id DESC`,
    values,
  );
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  env = await startEnv({ runners: 0 });
  const api = env.api[0]!;
  base = new Date(Math.floor(Date.now() / 1000) * 1000);
  const ok = env.script("ok.mjs", "console.log('ok')\n");
  await defineTask(api, "reused", ok);
  await insertRows("reused", 60, 0);
  await api.ok(`mutation { deleteTask(name: "reused") }`);
  await api.ok(`mutation { createTask(input: { name: "reused", app: "reused-app" }) { name } }`);
  // Interleaved in time with the deleted task's runs: one page mixes both.
  await insertRows("reused", 45, 1);
  await defineTask(api, "other", ok);
  await insertRows("other", 90, 2);
});
afterAll(() => env?.stop());

describe("executions list", () => {
  it("pages through every row once, newest first, under each filter", async () => {
    const cases: [Record<string, unknown>, string, unknown[]][] = [
      [{}, "true", []],
      [{ status: "FAILED" }, "e.status = 'FAILED'", []],
      [{ task: "reused" }, "t.name = 'reused'", []],
      [{ task: "reused", status: "COMPLETED" }, "t.name = 'reused' AND e.status = 'COMPLETED'", []],
      [
        { task: "other", origin: "SCHEDULE", originName: "nightly" },
        `t.name = 'other' AND e."originName" = 'nightly'`,
        [],
      ],
      [
        {
          since: new Date(base.getTime() - 20_000).toISOString(),
          until: new Date(base.getTime() - 5_000).toISOString(),
        },
        `e."queuedAt" BETWEEN ($1::timestamptz AT TIME ZONE 'UTC') AND ($2::timestamptz AT TIME ZONE 'UTC')`,
        [new Date(base.getTime() - 20_000).toISOString(), new Date(base.getTime() - 5_000).toISOString()],
      ],
      [{ task: "nobody" }, "false", []],
    ];
    for (const [filter, where, values] of cases) {
      const want = await expected(where, values);
      for (const first of [7, 50]) expect(await walk(filter, first), JSON.stringify({ filter, first })).toEqual(want);
    }
    // The deleted task's runs are listed under its name beside its successor's.
    const reused = await env.sql<{ n: number }>(
      `SELECT count(DISTINCT e."taskId")::int AS n FROM executions e JOIN task_definitions t ON t.id = e."taskId" WHERE t.name = 'reused'`,
    );
    expect(reused[0]!.n).toBe(2);
  });

  it("resumes after any row's cursor, ties on queuedAt included", async () => {
    const want = await expected("true");
    const { executions: page } = await env.api[0]!.ok<{ executions: Page }>(LIST, { first: 30 });
    // Up to nine rows (three per task) share each second's queuedAt: resume inside such runs and at the page's end.
    for (const i of [12, 13, 14, 29]) {
      const { executions: rest } = await env.api[0]!.ok<{ executions: Page }>(LIST, {
        first: 5,
        after: page.edges[i]!.cursor,
      });
      expect(rest.edges.map((e) => e.node.id)).toEqual(want.slice(i + 1, i + 6));
    }
  });

  it("searches the arguments and exit messages, any case, wildcards literal, with the other filters and paging", async () => {
    // Some runs get arguments and exit messages as a settlement job's would have.
    await env.sql(
      `UPDATE executions e SET arguments = CASE WHEN x.i % 5 = 0 THEN ARRAY['--date=2024-01-31', 'two words']
                                              WHEN x.i % 5 = 1 THEN ARRAY['--date=2024-01-30'] ELSE e.arguments END,
                              "exitMessage" = CASE WHEN x.i % 7 = 0 THEN 'deadlock detected at 50%_done' ELSE NULL END
       FROM (SELECT id, row_number() OVER (ORDER BY "queuedAt", id) AS i FROM executions) x WHERE x.id = e.id`,
    );
    const matches = `(strpos(lower(array_to_string(e.arguments, ' ')), lower($1)) > 0
                      OR strpos(lower(coalesce(e."exitMessage", '')), lower($1)) > 0)`;
    const cases: [Record<string, unknown>, string, number][] = [
      [{ search: "--DATE=2024-01-31" }, "--date=2024-01-31", 39],
      [{ search: "  two words " }, "two words", 39],
      [{ search: "Deadlock" }, "deadlock", 27],
      [{ search: "50%_d" }, "50%_d", 27],
      [{ search: "50x_d" }, "50x_d", 0],
      [{ search: "0%" }, "0%", 27],
      [{ search: "01-3", task: "other", status: "FAILED" }, "01-3", -1],
    ];
    for (const [filter, text, count] of cases) {
      const extra = filter.task ? ` AND t.name = 'other' AND e.status = 'FAILED'` : "";
      const want = await expected(`${matches}${extra}`, [text]);
      if (count >= 0) expect(want.length, text).toBe(count);
      else expect(want.length, text).toBeGreaterThan(0);
      for (const first of [7, 50]) expect(await walk(filter, first), JSON.stringify({ filter, first })).toEqual(want);
    }
    // An empty search is no filter; a long one is refused with a sentence.
    expect(await walk({ search: "  " }, 50)).toEqual(await expected("true"));
    const res = await env.api[0]!.request(LIST, { first: 5, search: "x".repeat(201) });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toBe("search is 201 characters long; use at most 200.");
  });

  it("refuses a cursor it did not issue", async () => {
    const forged = Buffer.from(JSON.stringify([new Date().toISOString(), "not-a-uuid"])).toString("base64url");
    for (const after of ["garbage", forged]) {
      const res = await env.api[0]!.request(LIST, { first: 5, after });
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});
