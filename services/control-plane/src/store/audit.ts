import { randomUUID } from "node:crypto";
import { maskSecrets } from "../domain/definitions/mask.js";
import type { RequestContext } from "../services/context.js";
import { execute, type SqlClient } from "./sql.js";

export interface AuditEntry {
  action: string;
  target: string | null;
  input: unknown;
}

const INSERT = `INSERT INTO audit_records (id, at, actor, "actorSubject", action, target, "correlationId", input)
                VALUES ($1, now() AT TIME ZONE 'UTC', $2, $7, $3, $4, $5, $6)`;

/**
 * The one audit writer: every mutation records itself with it, in the same
 * transaction as its change (a node-postgres transaction's client or a Prisma
 * transaction; see `SqlClient`). The input is stored with its secrets masked.
 */
export async function audit(db: SqlClient, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await execute(db, INSERT, [
    randomUUID(),
    ctx.actor,
    entry.action,
    entry.target,
    ctx.correlationId,
    JSON.stringify(maskSecrets(entry.input ?? null)),
    ctx.subject ?? null,
  ]);
}
