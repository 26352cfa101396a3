import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewEvent } from "../services/control-plane/src/domain/events.js";
import { lastLines } from "../services/control-plane/src/store/event-rows.js";
import { RunStore } from "../services/control-plane/src/store/run-store.js";
import { type StoreDatabase, storeDatabase } from "./support/store-db.js";

// Log lines are stored in chunks (issue 15; store/event-rows.ts), status and step events as rows, in one seq
// per event. Whatever the window a reader asks for, it must get exactly the events in it, in order, as they
// were written, and skip the holes retention leaves.
describe("events stored as rows and log chunks", () => {
  let db: StoreDatabase;
  let pool: pg.Pool;
  let store: RunStore;
  let taskId: string;

  beforeAll(async () => {
    db = await storeDatabase("events");
    ({ pool, taskId } = db);
    store = new RunStore(pool);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const run = async (): Promise<string> => {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec)
       VALUES ($1, $2, 1, 'RUNNING', 'local', 'default', '{}', '{}')`,
      [id, taskId],
    );
    return id;
  };
  const t0 = Date.parse("2026-12-07T10:00:00.000Z");
  const streams = ["stdout", "stderr", "system", "combined"];
  /** A status, 2,500 lines of every stream (a status after the first 1,200), then an end. */
  const history = (): NewEvent[] => {
    const out: NewEvent[] = [{ kind: "STATUS", payload: { status: "RUNNING", cause: "started" }, at: new Date(t0) }];
    for (let i = 1; i <= 2500; i++) {
      out.push({
        kind: "LOG",
        payload: {
          stream: streams[i % 4] as string,
          text: i % 97 === 0 ? `quote " comma , brace { ${i}` : `line ${i}`,
        },
        at: new Date(t0 + i * 3 + (i % 5 === 0 ? -7 : 0)),
      });
      if (i === 1200) out.push({ kind: "STATUS", payload: { status: "RUNNING", cause: "still" }, at: new Date(t0) });
    }
    out.push({
      kind: "STATUS",
      payload: { status: "COMPLETED", cause: "exit 0", exitCode: 0 },
      at: new Date(t0 + 9000),
    });
    return out;
  };
  const plain = (e: { seq: number; kind: string; payload: unknown; at: Date }) => ({
    seq: e.seq,
    kind: e.kind,
    payload: e.payload,
    at: e.at.toISOString(),
  });

  it("gives back every event of any window, in order, as written, in rows and chunks", async () => {
    const id = await run();
    const written = await store.appendEvents(pool, id, 0, history());
    const [{ rows, chunks }] = (
      await pool.query(
        `SELECT (SELECT count(*) FROM execution_events WHERE "executionId" = $1)::int AS rows,
                (SELECT count(*) FROM execution_log_chunks WHERE "executionId" = $1)::int AS chunks`,
        [id],
      )
    ).rows;
    // Three statuses; 1,200 lines then 1,300 lines, each run in chunks of at most 1,000.
    expect({ rows, chunks }).toEqual({ rows: 3, chunks: 4 });
    for (const [from, to, limit] of [
      [1, 2_147_483_647, 5000],
      [1, 2_147_483_647, 100],
      [999, 1300, 5000],
      [1201, 1204, 10],
      [2503, 2_147_483_647, 5000],
      [2504, 2_147_483_647, 5000],
    ] as const) {
      const got = await store.eventsBetween(id, from, to, limit);
      const want = written.filter((e) => e.seq >= from && e.seq < to).slice(0, limit);
      expect(got.map(plain), `[${from}, ${to}) limit ${limit}`).toEqual(want.map(plain));
    }
    const tail = await lastLines(pool, id, 1500);
    expect(tail.map(plain)).toEqual(
      written
        .filter((e) => e.kind === "LOG")
        .slice(-1500)
        .map(plain),
    );
    const view = await pool.query(
      `SELECT seq, kind, payload, at FROM execution_event_log WHERE "executionId" = $1 ORDER BY seq`,
      [id],
    );
    expect(view.rows.map(plain)).toEqual(written.map(plain));
  });

  it("skips the holes of deleted lines to the next stored event", async () => {
    const id = await run();
    const written = await store.appendEvents(pool, id, 0, history());
    await pool.query(`DELETE FROM execution_log_chunks WHERE "executionId" = $1`, [id]);
    // As a replaying subscriber reads: page after page from the seq after the last, until a page is empty.
    const seen: number[] = [];
    for (let next = 1; ; ) {
      const page = await store.eventsBetween(id, next, 2_147_483_647, 100);
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.seq));
      next = (page.at(-1)?.seq ?? next) + 1;
    }
    expect(seen).toEqual(written.filter((e) => e.kind === "STATUS").map((e) => e.seq));
    expect(await store.eventsBetween(id, written.length + 1, 2_147_483_647, 100)).toEqual([]);
  });
});
