import { randomUUID } from "node:crypto";
import type { RunEvent } from "@baton/proto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredEvent } from "../services/control-plane/src/domain/events.js";
import { IngestService } from "../services/control-plane/src/services/ingest.service.js";
import { RunStore } from "../services/control-plane/src/store/run-store.js";
import { type StoreDatabase, storeDatabase } from "./support/store-db.js";

// Ingestion writes a batch in one statement conditioned on the state it folded against (issue 15). The state it
// keeps from the claim on goes stale when another writer changes the row: the write must lose, and the batch be
// folded again against the row as it is, never written over it.
describe("one-statement ingestion against a state another writer changed", () => {
  let db: StoreDatabase;
  let pool: pg.Pool;
  let store: RunStore;
  const published: StoredEvent[] = [];
  let ingest: IngestService;
  let taskId: string;

  beforeAll(async () => {
    db = await storeDatabase("ingest");
    ({ pool, taskId } = db);
    store = new RunStore(pool);
    ingest = new IngestService(
      store,
      { publish: (_id, events) => published.push(...events) },
      { request: () => undefined, requestAt: () => undefined },
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** A run DISPATCHED to runner r1, claimed by it through the service (which keeps its state from there). */
  const claimedRun = async (): Promise<string> => {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec, "assignedRunnerId",
                               "dispatchedAt", "lastSeq")
       VALUES ($1, $2, 1, 'DISPATCHED', 'local', 'default', '{}', '{}', 'r1', now(), 2)`,
      [id, taskId],
    );
    expect(await ingest.claim(id, "r1")).toMatchObject({ ok: true });
    return id;
  };
  const event = (id: string, rseq: number, body: object): RunEvent =>
    ({ v: 1, executionId: id, runnerId: "r1", rseq, at: new Date().toISOString(), ...body }) as RunEvent;
  const row = async (id: string) =>
    (await pool.query(`SELECT status, "lastSeq", "runnerSeq", "exitCode" FROM executions WHERE id = $1`, [id])).rows[0];
  const seqs = async (id: string) =>
    (await pool.query(`SELECT seq FROM execution_event_log WHERE "executionId" = $1 ORDER BY seq`, [id])).rows.map(
      (r) => r.seq,
    );

  it("applies started and exited from the claim's state, one event number each, no gap", async () => {
    const id = await claimedRun();
    expect(await ingest.ingest(id, [event(id, 1, { type: "started", handle: { pid: 1 } })])).toEqual(["applied"]);
    expect(
      await ingest.ingest(id, [event(id, 2, { type: "exited", reason: "exit", exitCode: 0, signal: null })]),
    ).toEqual(["applied"]);
    expect(await row(id)).toMatchObject({ status: "COMPLETED", runnerSeq: 2, lastSeq: 4, exitCode: 0 });
    expect(await seqs(id)).toEqual([3, 4]); // 1 and 2 were QUEUED and DISPATCHED (not stored by this test)
  });

  it("a LOST verdict written meanwhile wins: the exit that follows is folded against LOST, not written over it", async () => {
    const id = await claimedRun();
    expect(await ingest.ingest(id, [event(id, 1, { type: "started", handle: { pid: 1 } })])).toEqual(["applied"]);
    // Another writer (the leader's LOST verdict) changes the row behind the kept state's back.
    await pool.query(
      `WITH u AS (UPDATE executions SET status = 'LOST', "endedAt" = now(), "lastSeq" = "lastSeq" + 1 WHERE id = $1
                  RETURNING id, "lastSeq")
       INSERT INTO execution_events ("executionId", seq, kind, payload, at)
       SELECT id, "lastSeq", 'STATUS', '{"status":"LOST","cause":"test"}', now() FROM u`,
      [id],
    );
    const verdicts = await ingest.ingest(id, [
      event(id, 2, { type: "exited", reason: "exit", exitCode: 0, signal: null }),
    ]);
    expect(verdicts).toEqual(["applied"]); // acknowledged: a late exit after a final status
    const after = await row(id);
    expect(after.status).toBe("LOST"); // a terminal status is final
    expect(after.exitCode).toBeNull();
    // Every event number once, in order: the verdict's and the late exit's note after it, nothing written twice.
    const numbers = await seqs(id);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.at(-1)).toBe(after.lastSeq);
  });
});
