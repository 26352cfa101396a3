import type { Execution } from "@baton/db";
import type { KeysetCursor } from "../domain/cursor.js";
import { likePattern } from "../domain/name-window.js";
import { iso, type Queryable } from "./run-store.js";

/** Which executions a page holds, newest first (queuedAt desc, id desc). */
export interface ExecutionQuery {
  /** Only runs of the task(s) with this name (a deleted task and a new one of the same name: both). */
  task?: string | null;
  status?: string | null;
  originKind?: string | null;
  originName?: string | null;
  /** Only runs whose arguments (joined by spaces) or exit message contain this, in any case, literally. */
  search?: string | null;
  /** Queued at or after / at or before. */
  since?: Date | null;
  until?: Date | null;
  /** Strictly after this row in the order (the previous page's last). */
  after?: KeysetCursor | null;
  limit: number;
}

/** The same order in every form below, and the one the indexes are built in. */
const ORDER = `"queuedAt" DESC, id DESC`;

/**
 * The executions list as hand-written keyset SQL (docs/architecture.md,
 * "At a million executions"). The cursor is a range on (queuedAt, id), so
 * each form reads its page off one index in order, skipping no rows: a
 * status on executions_status_queuedAt_id_idx, a task and a status on
 * executions_taskId_status_queuedAt_id_idx (both in the exact order, no
 * sort), a task on executions_taskId_queuedAt_id_idx, none on
 * executions_queuedAt_id_idx (id ascending there: only rows that share a
 * queuedAt are sorted). Origin filters have no index of their own. The
 * text search has a trigram index over baton_execution_text(arguments,
 * exitMessage) (migration execution_search); its form takes every match off
 * that index, then sorts them (bench/history.mjs measures a recent, an old
 * and an absent text over a million runs).
 * A task filter looks the task's ids up by name in the same statement and
 * reads each one's newest rows on its own (LATERAL), so a name shared by a
 * deleted task and its successor still pages in order. Rows are `SELECT *`:
 * Prisma's column names, so Prisma's `Execution` type.
 */
export class ExecutionQueryStore {
  constructor(private readonly db: Queryable) {}

  async page(query: ExecutionQuery): Promise<Execution[]> {
    const values: unknown[] = [];
    const param = (v: unknown): string => {
      values.push(v);
      return `$${values.length}`;
    };
    const where: string[] = [];
    if (query.status) where.push(`status = ${param(query.status)}`);
    if (query.originKind) where.push(`"originKind" = ${param(query.originKind)}`);
    if (query.originName) where.push(`"originName" = ${param(query.originName)}`);
    if (query.since) where.push(`"queuedAt" >= ${param(iso(query.since))}::timestamp`);
    if (query.until) where.push(`"queuedAt" <= ${param(iso(query.until))}::timestamp`);
    // A row comparison: one range on the index's (queuedAt, id) columns, where an OR would not bound the scan.
    if (query.after) {
      where.push(`("queuedAt", id) < (${param(iso(query.after.at))}::timestamp, ${param(query.after.id)}::uuid)`);
    }
    if (query.search) return this.search(query.search, query.task, query.limit, where, values, param);
    const limit = param(query.limit);
    if (!query.task) {
      const { rows } = await this.db.query<Execution>(
        `SELECT * FROM executions ${whereClause(where)} ORDER BY ${ORDER} LIMIT ${limit}`,
        values,
      );
      return rows;
    }
    const name = param(query.task);
    const { rows } = await this.db.query<Execution>(
      `SELECT e.* FROM task_definitions t
       CROSS JOIN LATERAL (SELECT * FROM executions ${whereClause([`"taskId" = t.id`, ...where])}
                           ORDER BY ${ORDER} LIMIT ${limit}) e
       WHERE t.name = ${name}
       ORDER BY e."queuedAt" DESC, e.id DESC LIMIT ${limit}`,
      values,
    );
    return rows;
  }

  /**
   * A page of the runs whose arguments or exit message contain `text`, in
   * two tries. First the newest SEARCH_PROBE_ROWS rows under the other
   * filters, searched: a text common among recent runs fills the page there
   * (and those are then the newest matches of all). Else every match off the
   * trigram index, then the newest of them ("OFFSET 0" keeps the planner from
   * reading the table in order until the page is full, which for an old
   * match reads nearly every newer row: seconds at a million).
   */
  private async search(
    text: string,
    task: string | null | undefined,
    limit: number,
    where: string[],
    values: unknown[],
    param: (v: unknown) => string,
  ): Promise<Execution[]> {
    if (task) where.push(`"taskId" IN (SELECT id FROM task_definitions WHERE name = ${param(task)})`);
    // The expression of executions_search_idx (migration execution_search).
    const matches = `baton_execution_text(arguments, "exitMessage") ILIKE ${param(likePattern(text))}`;
    const page = param(limit);
    const recent = await this.db.query<Execution>(
      `SELECT * FROM (SELECT * FROM executions ${whereClause(where)} ORDER BY ${ORDER} LIMIT ${param(SEARCH_PROBE_ROWS)}) e
       WHERE ${matches} ORDER BY ${ORDER} LIMIT ${page}`,
      values,
    );
    if (recent.rows.length >= limit) return recent.rows;
    const { rows } = await this.db.query<Execution>(
      `SELECT * FROM (SELECT * FROM executions ${whereClause([...where, matches])} OFFSET 0) e
       ORDER BY ${ORDER} LIMIT ${page}`,
      values.slice(0, -1),
    );
    return rows;
  }
}

/** Rows the search reads newest first, under the other filters, before it asks the trigram index instead. */
export const SEARCH_PROBE_ROWS = 5000;

function whereClause(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
}
