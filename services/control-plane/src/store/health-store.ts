import type { Queryable } from "./run-store.js";

/** The reads behind /readyz. */
export const healthStore = {
  async ping(db: Queryable): Promise<void> {
    await db.query("SELECT 1");
  },

  /** Names of the migrations recorded as applied (Prisma's table, which applyMigrations keeps). */
  async appliedMigrations(db: Queryable): Promise<Set<string>> {
    const { rows } = await db.query<{ name: string }>(
      `SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Set(rows.map((r) => r.name));
  },
};
