import type { ApiToken, Prisma, PrismaClient } from "@baton/db";
import type { Grant } from "../domain/auth/roles.js";

export type ApiTokenRow = ApiToken;

export interface NewApiTokenRow {
  id: string;
  name: string;
  subject: string;
  subjectName: string;
  serviceAccount: boolean;
  tokenHash: string;
  hint: string;
  grants: Grant[];
  createdBy: string;
  expiresAt: Date;
}

/** API tokens in Postgres (Prisma): only hashes, never a token. */
export const apiTokenStore = {
  insert: (tx: Prisma.TransactionClient, row: NewApiTokenRow): Promise<ApiTokenRow> =>
    tx.apiToken.create({ data: { ...row, grants: row.grants as unknown as Prisma.InputJsonValue } }),

  byHash: (db: PrismaClient, tokenHash: string): Promise<ApiTokenRow | null> =>
    db.apiToken.findUnique({ where: { tokenHash } }),

  byId: (db: PrismaClient | Prisma.TransactionClient, id: string): Promise<ApiTokenRow | null> =>
    db.apiToken.findUnique({ where: { id } }),

  /** A person's own tokens and those of service accounts they created; every token when `all`. */
  list: (db: PrismaClient, subject: string, all: boolean): Promise<ApiTokenRow[]> =>
    db.apiToken.findMany({
      where: all ? {} : { OR: [{ subject }, { createdBy: subject }] },
      orderBy: { createdAt: "desc" },
      take: 1000,
    }),

  revoke: (tx: Prisma.TransactionClient, id: string, at: Date): Promise<ApiTokenRow> =>
    tx.apiToken.update({ where: { id }, data: { revokedAt: at } }),

  /** Records use at most once a minute per token, so a busy script does not write on every request. */
  touch: (db: PrismaClient, id: string, at: Date): Promise<unknown> =>
    db.apiToken.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - 60_000) } }] },
      data: { lastUsedAt: at },
    }),
};
