import type { PrismaClient } from "@baton/db";
import { decodeCursor, encodeCursor, pageSize } from "../domain/cursor.js";
import { badInput } from "../domain/errors.js";

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  target?: string | null;
  since?: Date | null;
  until?: Date | null;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  correlationId: string;
  input: unknown;
}

/** Reads the audit trail, newest first, with a keyset cursor. */
export class AuditService {
  constructor(private readonly db: PrismaClient) {}

  async list(filter: AuditFilter, first?: number | null, after?: string | null) {
    const size = pageSize(first, 50, 500);
    if (filter.since && filter.until && filter.since > filter.until) throw badInput("since must be before until.");
    const where: Record<string, unknown> = {};
    if (filter.actor) where.actor = filter.actor;
    if (filter.action) where.action = filter.action;
    if (filter.target) where.target = filter.target;
    if (filter.since || filter.until)
      where.at = { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lte: filter.until } : {}) };
    if (after) {
      const c = decodeCursor(after);
      where.OR = [{ at: { lt: c.at } }, { at: c.at, id: { lt: c.id } }];
    }
    const rows = (await this.db.auditRecord.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: size + 1,
    })) as AuditRow[];
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return {
      edges: page.map((node) => ({ node, cursor: encodeCursor({ at: node.at, id: node.id }) })),
      pageInfo: {
        hasNextPage: rows.length > size,
        endCursor: last ? encodeCursor({ at: last.at, id: last.id }) : null,
      },
    };
  }
}
