import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { withDatabase } from "./global-setup.js";

/** An empty database of a test's own on the tests' Postgres: created by the test, dropped with `drop`. */
export interface ScratchDatabase {
  url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
}

export function scratchDatabase(adminUrl: string, name: string): ScratchDatabase {
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    url: withDatabase(adminUrl, name),
    create: () => admin(`CREATE DATABASE ${name}`),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** SIGTERM to each child still running; resolves once they have all exited. */
export async function stopChildren(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((done) => {
          if (c.exitCode !== null || c.signalCode !== null) return done();
          c.once("exit", () => done());
          c.kill("SIGTERM");
        }),
    ),
  );
}
