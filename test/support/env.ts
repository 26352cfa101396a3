import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type Child, startNodeChild, waitForLine } from "@baton/stack";
import pg from "pg";
import { inject } from "vitest";
import { waitFor } from "./flows.js";
import { cloneTemplate } from "./global-setup.js";
import { type GraphQLClient, graphqlClient } from "./graphql.js";

const require = createRequire(import.meta.url);
const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..", "..");
const entry = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "main.js");

export interface TestEnv {
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  /** One client per control plane instance. */
  api: GraphQLClient[];
  controlPlanes: Child[];
  runners: Child[];
  dir: string;
  /** Writes an executable task script into the env's temp dir; returns its file:// URI. */
  script(name: string, source: string): string;
  startRunner(env?: Record<string, string>): Promise<Child>;
  sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export interface EnvOptions {
  controlPlanes?: number;
  runners?: number;
  controlPlaneEnv?: Record<string, string>;
  runnerEnv?: Record<string, string>;
  /** A migrated database of the test's own (a Postgres it stops and starts) instead of a clone of the template. */
  databaseUrl?: string;
  /** A NATS of the test's own (one with authentication, say) instead of the shared one. */
  natsUrl?: string;
  /** The NATS subject prefix, when the test must know it before the env starts (its NATS permissions name it). */
  prefix?: string;
}

/**
 * A Baton of its own for one test file: a database cloned from the migrated
 * template, a NATS subject prefix nobody else uses, and real control-plane
 * and runner processes built from dist/.
 */
export async function startEnv(options: EnvOptions = {}): Promise<TestEnv> {
  const id = randomBytes(4).toString("hex");
  const dbName = `baton_t_${id}`;
  const databaseUrl = options.databaseUrl ?? (await cloneTemplate(inject("pgAdminUrl"), inject("templateDb"), dbName));
  const natsUrl = options.natsUrl ?? inject("natsUrl");
  const prefix = options.prefix ?? `t${id}`;
  const dir = mkdtempSync(join(tmpdir(), `baton-env-${id}-`));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", () => undefined); // an idle connection dropped by a Postgres the test restarts
  const base = { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl, BATON_NATS_PREFIX: prefix };
  const controlPlanes: Child[] = [];
  const runners: Child[] = [];
  const api: GraphQLClient[] = [];
  let runnerCount = 0;
  // Child output goes to test-output/<file id>.log, not the test report.
  mkdirSync(join(repoRoot, "test-output"), { recursive: true });
  const quiet = join(repoRoot, "test-output", `env-${id}.log`);

  const startRunner = async (env: Record<string, string> = {}): Promise<Child> => {
    runnerCount++;
    const runnerEnv = {
      ...base,
      RUNNER_ID: `r${id}-${runnerCount}`,
      RUNNER_HEARTBEAT_MS: "300",
      ...options.runnerEnv,
      ...env,
    };
    const child = startNodeChild(`runner-${runnerCount}`, entry("@baton/runner-host"), runnerEnv, quiet);
    runners.push(child);
    return child;
  };

  for (let i = 0; i < (options.controlPlanes ?? 1); i++) {
    const child = startNodeChild(
      `cp-${i}`,
      entry("@baton/control-plane"),
      {
        ...base,
        PORT: "0",
        BATON_INSTANCE_ID: `cp${i}-${id}`,
        BATON_RUNNER_LOST_AFTER_MS: "2500",
        BATON_DB_POOL: "5",
        ...options.controlPlaneEnv,
      },
      quiet,
    );
    controlPlanes.push(child);
    const line = await waitForLine(child, /ready: (http\S+)/, 30_000);
    api.push(graphqlClient((line.split("ready: ")[1] ?? "").trim()));
  }
  const initialRunners = options.runners ?? 1;
  for (let i = 0; i < initialRunners; i++) await startRunner();
  // Ready means registered: a runner's first heartbeat writes its row, and a
  // test that compares table counts must not see that row arrive mid-test.
  if (initialRunners > 0 && controlPlanes.length > 0) {
    await waitFor(
      `${initialRunners} runner(s) to register`,
      async () =>
        Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM runners")).rows[0]?.n) >= initialRunners,
      60_000,
    );
  }

  return {
    databaseUrl,
    natsUrl,
    prefix,
    api,
    controlPlanes,
    runners,
    dir,
    script(name, source) {
      const path = join(dir, name);
      writeFileSync(path, source, { mode: 0o755 });
      return `file://${path}`;
    },
    startRunner,
    async sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      return (await pool.query<T>(text, values)).rows;
    },
    async stop() {
      await Promise.all([...runners, ...controlPlanes].map((c) => c.stop(5000)));
      for (const c of api) await c.close();
      await pool.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
