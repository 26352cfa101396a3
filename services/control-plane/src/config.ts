import { hostname } from "node:os";
import { z } from "zod";

const schema = z.object({
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL"),
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  BATON_NATS_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .default("baton"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  BATON_INSTANCE_ID: z.string().default(`${hostname()}-${process.pid}`),
  BATON_MIGRATE: z.enum(["true", "false"]).default("true"),
  BATON_RUNNER_LOST_AFTER_MS: z.coerce.number().int().positive().default(10_000),
  BATON_REDISPATCH_AFTER_MS: z.coerce.number().int().positive().default(5_000),
  BATON_DB_POOL: z.coerce.number().int().positive().default(10),
  BATON_CORS_ORIGIN: z.string().default("*"),
});

export interface ControlPlaneConfig {
  databaseUrl: string;
  natsUrl: string;
  natsPrefix: string;
  port: number;
  host: string;
  instanceId: string;
  migrate: boolean;
  runnerLostAfterMs: number;
  redispatchAfterMs: number;
  dbPool: number;
  /** Access-Control-Allow-Origin for the browser console; "*" by default (no cookies are used). */
  corsOrigin: string;
}

/** Reads and validates the environment; the error names the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ControlPlaneConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration error: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    natsUrl: c.NATS_URL,
    natsPrefix: c.BATON_NATS_PREFIX,
    port: c.PORT,
    host: c.HOST,
    instanceId: c.BATON_INSTANCE_ID,
    migrate: c.BATON_MIGRATE === "true",
    runnerLostAfterMs: c.BATON_RUNNER_LOST_AFTER_MS,
    redispatchAfterMs: c.BATON_REDISPATCH_AFTER_MS,
    dbPool: c.BATON_DB_POOL,
    corsOrigin: c.BATON_CORS_ORIGIN,
  };
}
