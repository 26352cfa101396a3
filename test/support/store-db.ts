import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPool } from "../../services/control-plane/src/store/pool.js";
import { cloneTemplate } from "./global-setup.js";

/** A migrated database of a test's own, a pool on it as the control plane makes one, and one task to run. */
export interface StoreDatabase {
  pool: pg.Pool;
  taskId: string;
  /** Ends the pool and drops the database. */
  drop(): Promise<void>;
}

/** For tests of the store's SQL against real Postgres, without a control plane: `name` labels the database. */
export async function storeDatabase(name: string): Promise<StoreDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const dbName = `baton_${name}_${randomBytes(4).toString("hex")}`;
  const url = await cloneTemplate(adminUrl, inject("templateDb"), dbName);
  const pool = createPool(url, 2, () => undefined, `baton-${name}-test`);
  const appId = randomUUID();
  const taskId = randomUUID();
  await pool.query(`INSERT INTO apps (id, name) VALUES ($1, $2)`, [appId, `${name}-app`]);
  await pool.query(`INSERT INTO task_definitions (id, name, "liveName", "appId") VALUES ($1, $2, $2, $3)`, [
    taskId,
    `${name}-task`,
    appId,
  ]);
  return {
    pool,
    taskId,
    async drop() {
      await pool.end();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    },
  };
}
