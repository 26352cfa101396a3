import { randomUUID } from "node:crypto";
import type { Prisma } from "@baton/db";
import { maskSecrets } from "../domain/definitions/mask.js";
import type { RequestContext } from "../services/context.js";
import type { Queryable } from "./run-store.js";

export interface AuditEntry {
  action: string;
  target: string | null;
  input: unknown;
}

function statement(ctx: RequestContext, entry: AuditEntry): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO audit_records (id, at, actor, "actorSubject", action, target, "correlationId", input)
           VALUES ($1, now() AT TIME ZONE 'UTC', $2, $7, $3, $4, $5, $6)`,
    values: [
      randomUUID(),
      ctx.actor,
      entry.action,
      entry.target,
      ctx.correlationId,
      JSON.stringify(maskSecrets(entry.input ?? null)),
      ctx.subject ?? null,
    ],
  };
}

/** Writes the audit record inside the caller's Prisma transaction. */
export async function auditPrisma(tx: Prisma.TransactionClient, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const { text, values } = statement(ctx, entry);
  await tx.$executeRawUnsafe(text, ...values);
}

/** Writes the audit record on a node-postgres connection (inside its transaction, if any). */
export async function auditPg(db: Queryable, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  const { text, values } = statement(ctx, entry);
  await db.query(text, values);
}
