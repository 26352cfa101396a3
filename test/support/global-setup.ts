import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyMigrations } from "@baton/db";
import { startNats, startPostgres } from "@baton/stack";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
    natsUrl: string;
  }
}

/**
 * One private PostgreSQL and NATS for the whole run (or DATABASE_URL /
 * NATS_URL when given), never the machine's default ports. Migrations are
 * applied once to a template database that every test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "baton-test-"));
  chmodSync(dir, 0o755); // as root, Postgres runs as its own user and must enter this folder
  const stops: (() => Promise<void>)[] = [];
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const server = await startPostgres({ dataDir: join(dir, "pg"), database: "postgres" });
    stops.push(() => server.stop());
    adminUrl = server.adminUrl;
  }
  let natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    const nats = await startNats({ dataDir: join(dir, "nats") });
    stops.push(() => nats.stop());
    natsUrl = nats.url;
  }
  const templateDb = `baton_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb}`);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  await admin.end();
  await applyMigrations(withDatabase(adminUrl, templateDb));
  project.provide("pgAdminUrl", adminUrl);
  project.provide("templateDb", templateDb);
  project.provide("natsUrl", natsUrl);
  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A new database copied from the migrated template. Postgres refuses to copy
 * a template while another session uses it (a concurrent copy counts), so
 * retry briefly.
 */
export async function cloneTemplate(adminUrl: string, template: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return withDatabase(adminUrl, name);
      } catch (err) {
        if (attempt > 50 || !String(err).includes("being accessed by other users")) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
}
