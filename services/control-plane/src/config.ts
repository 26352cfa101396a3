import { hostname } from "node:os";
import { z } from "zod";
import { DEFAULT_LIMITS, type GraphQLLimits } from "./graphql/limits.js";

const ORIGIN = /^https?:\/\/[^/\s,*]+$/;
const commaList = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

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
  BATON_LIVE_FALLBACK_MS: z.coerce.number().int().positive().default(1000),
  BATON_MISFIRE_GRACE_MS: z.coerce.number().int().positive().default(60_000),
  BATON_MISFIRE_RUN_ALL_MAX: limit(100),
  BATON_BACKFILL_MAX_RUNS: limit(1000),
  BATON_SCHEDULER_TRACE: z.enum(["true", "false"]).default("false"),
  BATON_ADMISSION_TRACE: z.enum(["true", "false"]).default("false"),
  BATON_CORS_ORIGIN: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const origins = commaList(v).map((o) => o.replace(/\/+$/, "").toLowerCase());
      const bad = origins.find((o) => !ORIGIN.test(o));
      if (bad !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `"${bad}" is not an origin; list the console's origins, for example http://127.0.0.1:3000,http://localhost:3000 (no "*", no path)`,
        });
      }
      return origins;
    }),
  BATON_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((v) => commaList(v).map((h) => h.toLowerCase())),
  BATON_GRAPHQL_MAX_DEPTH: limit(DEFAULT_LIMITS.depth),
  BATON_GRAPHQL_MAX_COST: limit(DEFAULT_LIMITS.cost),
  BATON_GRAPHQL_MAX_ALIASES: limit(DEFAULT_LIMITS.aliases),
  BATON_GRAPHQL_MAX_DIRECTIVES: limit(DEFAULT_LIMITS.directives),
  BATON_GRAPHQL_MAX_TOKENS: limit(DEFAULT_LIMITS.tokens),
  BATON_GRAPHQL_MAX_BATCH: limit(DEFAULT_LIMITS.batch),
  BATON_GRAPHQL_MAX_BODY_BYTES: limit(DEFAULT_LIMITS.bodyBytes),
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
  /** An assignment no runner claimed after this long is sent again (or taken back from a silent runner). */
  redispatchAfterMs: number;
  /** BATON_ADMISSION_TRACE: one log line per admission pass with its cost. */
  admissionTrace: boolean;
  dbPool: number;
  /** A subscription quiet for this long reads Postgres in case a live message was lost. */
  liveFallbackMs: number;
  schedules: ScheduleConfig;
  edge: EdgeConfig;
}

/** How schedules treat late fire times and backfills. */
export interface ScheduleConfig {
  /** A fire time handled later than this is a misfire (missed while no control plane was up). */
  misfireGraceMs: number;
  /** Misfire policy RUN_ALL starts at most this many missed fire times. */
  runAllMax: number;
  /** One backfill starts at most this many runs. */
  backfillMaxRuns: number;
  /** Log where each firing batch's time goes. */
  trace: boolean;
}

/** What the GraphQL edge lets in. */
export interface EdgeConfig {
  /** Origins (scheme://host:port) a browser may call the API from: the console's. None by default. */
  corsOrigins: string[];
  /** Host header names accepted besides the bound address and loopback ("name" or "name:port"). */
  allowedHosts: string[];
  limits: GraphQLLimits;
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
    admissionTrace: c.BATON_ADMISSION_TRACE === "true",
    dbPool: c.BATON_DB_POOL,
    liveFallbackMs: c.BATON_LIVE_FALLBACK_MS,
    schedules: {
      misfireGraceMs: c.BATON_MISFIRE_GRACE_MS,
      runAllMax: c.BATON_MISFIRE_RUN_ALL_MAX,
      backfillMaxRuns: c.BATON_BACKFILL_MAX_RUNS,
      trace: c.BATON_SCHEDULER_TRACE === "true",
    },
    edge: {
      corsOrigins: c.BATON_CORS_ORIGIN,
      allowedHosts: c.BATON_ALLOWED_HOSTS,
      limits: {
        depth: c.BATON_GRAPHQL_MAX_DEPTH,
        cost: c.BATON_GRAPHQL_MAX_COST,
        aliases: c.BATON_GRAPHQL_MAX_ALIASES,
        directives: c.BATON_GRAPHQL_MAX_DIRECTIVES,
        tokens: c.BATON_GRAPHQL_MAX_TOKENS,
        batch: c.BATON_GRAPHQL_MAX_BATCH,
        bodyBytes: c.BATON_GRAPHQL_MAX_BODY_BYTES,
      },
    },
  };
}
