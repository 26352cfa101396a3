import type { NameWindow } from "../domain/name-window.js";
import { nameWindowSql } from "./name-window-sql.js";
import type { Queryable } from "./run-store.js";

export interface TriggerRow {
  id: string;
  name: string;
  taskName: string | null;
  dagName: string | null;
  subject: string | null;
  arguments: string[];
  properties: Record<string, unknown>;
  dedupKey: string | null;
  dedupWindowSeconds: number | null;
  enabled: boolean;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
}

export type TriggerSource = "NATS" | "HTTP";
export type TriggerOutcome = "STARTED" | "DEDUPLICATED" | "REJECTED";

export interface TriggerEventRow {
  id: string;
  triggerId: string;
  source: TriggerSource;
  messageId: string;
  receivedAt: Date;
  outcome: TriggerOutcome;
  reason: string | null;
  dedupKey: string | null;
  executionId: string | null;
  dagRunId: string | null;
  matchedEventId: string | null;
  payload: unknown;
}

const COLUMNS = [
  "taskName",
  "dagName",
  "subject",
  "arguments",
  "properties",
  "dedupKey",
  "dedupWindowSeconds",
  "enabled",
] as const;
export type TriggerFields = Pick<TriggerRow, (typeof COLUMNS)[number]>;

const value = (k: (typeof COLUMNS)[number], f: TriggerFields): unknown =>
  k === "properties" ? JSON.stringify(f[k]) : f[k];

/** SQL for triggers and what they received. */
export const triggerStore = {
  async insert(db: Queryable, id: string, name: string, f: TriggerFields, secret: string, actor: string) {
    const cols = COLUMNS.map((c) => `"${c}"`).join(", ");
    const params = COLUMNS.map((_, i) => `$${i + 3}`).join(", ");
    const n = COLUMNS.length;
    const { rows } = await db.query<TriggerRow>(
      `INSERT INTO triggers (id, name, ${cols}, secret, "createdBy", "createdAt", "updatedAt")
       VALUES ($1, $2, ${params}, $${n + 3}, $${n + 4}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING *`,
      [id, name, ...COLUMNS.map((k) => value(k, f)), secret, actor],
    );
    return rows[0] as TriggerRow;
  },

  async update(db: Queryable, id: string, f: TriggerFields): Promise<TriggerRow> {
    const sets = COLUMNS.map((c, i) => `"${c}" = $${i + 2}`).join(", ");
    const { rows } = await db.query<TriggerRow>(
      `UPDATE triggers SET ${sets}, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1 RETURNING *`,
      [id, ...COLUMNS.map((k) => value(k, f))],
    );
    return rows[0] as TriggerRow;
  },

  async setSecret(db: Queryable, id: string, secret: string): Promise<TriggerRow> {
    const { rows } = await db.query<TriggerRow>(
      `UPDATE triggers SET secret = $2, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = $1 RETURNING *`,
      [id, secret],
    );
    return rows[0] as TriggerRow;
  },

  async remove(db: Queryable, id: string): Promise<void> {
    await db.query(`DELETE FROM triggers WHERE id = $1`, [id]);
  },

  async byName(db: Queryable, name: string, lock = false): Promise<TriggerRow | undefined> {
    const { rows } = await db.query<TriggerRow>(`SELECT * FROM triggers WHERE name = $1 ${lock ? "FOR UPDATE" : ""}`, [
      name,
    ]);
    return rows[0];
  },

  async bySubject(db: Queryable, subject: string): Promise<TriggerRow[]> {
    const { rows } = await db.query<TriggerRow>(`SELECT * FROM triggers WHERE subject = $1 ORDER BY name`, [subject]);
    return rows;
  },

  async lock(db: Queryable, id: string): Promise<TriggerRow | undefined> {
    const { rows } = await db.query<TriggerRow>(`SELECT * FROM triggers WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  },

  async list(db: Queryable, window?: NameWindow): Promise<TriggerRow[]> {
    const page = nameWindowSql(window);
    const { rows } = await db.query<TriggerRow>(`SELECT * FROM triggers ${page.sql}`, page.params);
    return rows;
  },

  async subjects(db: Queryable): Promise<string[]> {
    const { rows } = await db.query<{ subject: string }>(
      `SELECT DISTINCT subject FROM triggers WHERE subject IS NOT NULL ORDER BY subject`,
    );
    return rows.map((r) => r.subject);
  },

  async event(db: Queryable, triggerId: string, source: TriggerSource, messageId: string) {
    const { rows } = await db.query<TriggerEventRow>(
      `SELECT * FROM trigger_events WHERE "triggerId" = $1 AND source = $2 AND "messageId" = $3`,
      [triggerId, source, messageId],
    );
    return rows[0];
  },

  /**
   * The started event a new message with this dedup key duplicates: one
   * received within the window, or whose run has not ended.
   */
  async duplicateOf(
    db: Queryable,
    triggerId: string,
    key: string,
    windowStart: Date | null,
  ): Promise<TriggerEventRow | undefined> {
    const { rows } = await db.query<TriggerEventRow>(
      `SELECT ev.* FROM trigger_events ev
         LEFT JOIN executions e ON e.id = ev."executionId"
         LEFT JOIN dag_runs d ON d.id = ev."dagRunId"
       WHERE ev."triggerId" = $1 AND ev."dedupKey" = $2 AND ev.outcome = 'STARTED'
         AND (($3::timestamp IS NOT NULL AND ev."receivedAt" > $3)
              OR e.status IN ('QUEUED', 'DISPATCHED', 'RUNNING') OR d.status = 'RUNNING')
       ORDER BY ev."receivedAt" DESC LIMIT 1`,
      [triggerId, key, windowStart ? windowStart.toISOString() : null],
    );
    return rows[0];
  },

  async insertEvent(db: Queryable, e: TriggerEventRow): Promise<void> {
    await db.query(
      `INSERT INTO trigger_events (id, "triggerId", source, "messageId", "receivedAt", outcome, reason, "dedupKey",
                                   "executionId", "dagRunId", "matchedEventId", payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        e.id,
        e.triggerId,
        e.source,
        e.messageId,
        e.receivedAt.toISOString(),
        e.outcome,
        e.reason,
        e.dedupKey,
        e.executionId,
        e.dagRunId,
        e.matchedEventId,
        e.payload === undefined ? null : JSON.stringify(e.payload),
      ],
    );
  },

  /**
   * Newest first, before (`before`, `beforeId`) in that order: with `beforeId`
   * (the last event of the previous page) events received at the same instant
   * are neither skipped nor repeated; without it, strictly before `before`.
   */
  async events(
    db: Queryable,
    triggerId: string,
    first: number,
    before?: Date | null,
    beforeId?: string | null,
  ): Promise<TriggerEventRow[]> {
    const { rows } = await db.query<TriggerEventRow>(
      `SELECT * FROM trigger_events WHERE "triggerId" = $1
         AND ($2::timestamp IS NULL OR "receivedAt" < $2 OR ($4::uuid IS NOT NULL AND "receivedAt" = $2 AND id < $4))
       ORDER BY "receivedAt" DESC, id DESC LIMIT $3`,
      [triggerId, before ? before.toISOString() : null, first, beforeId ?? null],
    );
    return rows;
  },
};
