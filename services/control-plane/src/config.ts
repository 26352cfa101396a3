import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";
import { parseRoleMap, type RoleMap } from "./domain/auth/role-map.js";
import { type ProgramAllowlist, parseProgramAllowlist } from "./domain/program-allowlist.js";
import { MAX_RETENTION, type RetentionConfig } from "./domain/retention.js";
import { DEFAULT_LIMITS, type GraphQLLimits } from "./graphql/limits.js";

const ORIGIN = /^https?:\/\/[^/\s,*]+$/;
const commaList = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** A retention setting: a whole number 0..36500, with what it means in the refusal. */
const keep = (name: string, meaning: string, fallback: number) =>
  z.coerce
    .number({ message: `${name} must be a number: ${meaning}` })
    .int(`${name} must be a whole number: ${meaning}`)
    .min(0, `${name} must be 0 or more: ${meaning}`)
    .max(MAX_RETENTION, `${name} must be at most ${MAX_RETENTION}: ${meaning}`)
    .default(fallback);

const schema = z.object({
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL"),
  NATS_URL: z.string().default("nats://127.0.0.1:4222"),
  NATS_USER: z.string().trim().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_NKEY_SEED_FILE: z.string().trim().optional(),
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
  BATON_TRACE_FILE: z.string().optional(),
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
  BATON_ALLOWED_PROGRAMS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseProgramAllowlist(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  BATON_GRAPHQL_INTROSPECTION: z.enum(["true", "false"]).default("true"),
  BATON_MUTATION_RATE_LIMIT: z.coerce.number().int().min(0).optional(),
  BATON_AUTH: z.enum(["off", "oidc"], { message: 'BATON_AUTH is "off" (local mode) or "oidc"' }).default("off"),
  BATON_INSECURE_NO_AUTH: z.enum(["true", "false"]).default("false"),
  BATON_OIDC_ISSUER: z.string().url("BATON_OIDC_ISSUER must be the provider's issuer URL").optional(),
  BATON_OIDC_AUDIENCE: z.string().min(1).optional(),
  BATON_OIDC_ROLES_CLAIM: z.string().min(1).default("groups"),
  BATON_OIDC_ROLE_MAP: z
    .string()
    .default("")
    .transform((v, ctx) => {
      try {
        return parseRoleMap(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  BATON_OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(30),
  BATON_API_TOKEN_MAX_DAYS: limit(365),
  BATON_AUTH_RECHECK_MS: limit(30_000),
  BATON_RETENTION_DAYS: keep(
    "BATON_RETENTION_DAYS",
    "days an execution is kept after it ends (0 keeps them forever)",
    90,
  ),
  BATON_RETENTION_RUNS: keep(
    "BATON_RETENTION_RUNS",
    "how many of each task's last runs are kept (0: no count limit)",
    0,
  ),
  BATON_LOG_RETENTION_DAYS: keep(
    "BATON_LOG_RETENTION_DAYS",
    "days log lines are kept after their run ends (0: as long as the execution)",
    30,
  ),
  BATON_AUDIT_RETENTION_DAYS: keep(
    "BATON_AUDIT_RETENTION_DAYS",
    "days audit records are kept (0 keeps them forever)",
    365,
  ),
  BATON_RETENTION_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100, "BATON_RETENTION_INTERVAL_MS must be a whole number of milliseconds, 100 or more (default 60000)")
    .default(60_000),
  BATON_RETENTION_BATCH: z.coerce
    .number()
    .int()
    .min(1, "BATON_RETENTION_BATCH must be a whole number of rows per statement from 1 to 100000 (default 1000)")
    .max(100_000, "BATON_RETENTION_BATCH must be a whole number of rows per statement from 1 to 100000 (default 1000)")
    .default(1000),
  BATON_METRICS: z
    .enum(["true", "false"], { message: 'BATON_METRICS is "true" (serve /metrics) or "false"' })
    .default("true"),
  BATON_METRICS_TOKEN: z.string().min(16, "BATON_METRICS_TOKEN must be at least 16 characters").optional(),
  BATON_METRICS_TOKEN_FILE: z.string().trim().min(1).optional(),
  BATON_LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], {
      message: "BATON_LOG_LEVEL is one of trace, debug, info, warn, error, fatal, silent",
    })
    .default("info"),
  BATON_LOG_FORMAT: z
    .enum(["json", "pretty"], {
      message: 'BATON_LOG_FORMAT is "json" or "pretty" (default: pretty in a terminal, json otherwise)',
    })
    .optional(),
});

export interface ControlPlaneConfig {
  databaseUrl: string;
  natsUrl: string;
  /** NATS_USER / NATS_PASSWORD: the control plane's own NATS login (user:password@ in NATS_URL works too). */
  natsUser?: string;
  natsPassword?: string;
  /** NATS_NKEY_SEED_FILE: log in to NATS with an NKEY instead. */
  natsNkeySeedFile?: string;
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
  /** BATON_TRACE_FILE: where the run path's timestamps go (proto/src/trace.ts; the benchmark reads them). */
  traceFile?: string;
  dbPool: number;
  /** A subscription quiet for this long reads Postgres in case a live message was lost. */
  liveFallbackMs: number;
  schedules: ScheduleConfig;
  edge: EdgeConfig;
  /** BATON_ALLOWED_PROGRAMS: which programs may be registered and run in which pool; undefined allows all. */
  programs: ProgramAllowlist | undefined;
  auth: AuthConfig;
  /** BATON_RETENTION_* and BATON_(LOG|AUDIT)_RETENTION_DAYS: what the leader deletes (docs/architecture.md, "Retention"). */
  retention: RetentionConfig;
  observability: ObservabilityConfig;
}

/** /metrics, /readyz and the logs (README.md, "Monitoring"). */
export interface ObservabilityConfig {
  /** BATON_METRICS: serve /metrics and record Baton's metrics (false: neither). */
  metrics: boolean;
  /** BATON_METRICS_TOKEN(_FILE): /metrics then needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /** Undefined: human-readable in a terminal, JSON lines otherwise. */
  logFormat?: "json" | "pretty";
}

/** Who may call the API (README.md, "Security"). */
export interface AuthConfig {
  /** "off": the unauthenticated local mode (loopback only unless insecureNoAuth); "oidc": bearer tokens required. */
  mode: "off" | "oidc";
  /** BATON_INSECURE_NO_AUTH: serve without authentication on a non-loopback address anyway. */
  insecureNoAuth: boolean;
  oidc?: OidcConfig;
  /** The longest life an API token may be given. */
  apiTokenMaxDays: number;
  /** A subscription's API token is checked again this often (revocation ends it). */
  recheckMs: number;
}

export interface OidcConfig {
  issuer: string;
  /** The `aud` the API's tokens must carry (often the console's client id). */
  audience: string;
  /** The claim holding groups or roles (a dotted path for nested claims, e.g. realm_access.roles). */
  rolesClaim: string;
  roleMap: RoleMap;
  clockSkewSeconds: number;
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
  /** Whether __schema / __type queries are answered (they still need an identity when authentication is on). */
  introspection: boolean;
  /** Mutations one identity may send per minute on this instance; 0: no limit (the local mode's default). */
  mutationsPerMinute: number;
}

/** Mutations per identity and minute on one control plane when authentication is on and nothing is set. */
export const DEFAULT_MUTATIONS_PER_MINUTE = 1200;

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Reads and validates the environment; the error names the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ControlPlaneConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration error: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const c = parsed.data;
  if (c.BATON_AUTH === "oidc" && (!c.BATON_OIDC_ISSUER || !c.BATON_OIDC_AUDIENCE)) {
    throw new Error(
      "Configuration error: BATON_AUTH=oidc needs BATON_OIDC_ISSUER (the provider's issuer URL) and BATON_OIDC_AUDIENCE (the audience its access tokens carry for Baton, often the console's client id).",
    );
  }
  if (c.BATON_AUTH === "off" && !isLoopback(c.HOST) && c.BATON_INSECURE_NO_AUTH !== "true") {
    throw new Error(
      `Configuration error: HOST=${c.HOST} with authentication off would let anyone who can reach this address register and run programs. Turn authentication on (BATON_AUTH=oidc with BATON_OIDC_ISSUER and BATON_OIDC_AUDIENCE), listen on 127.0.0.1, or, if a firewall really keeps strangers out, set BATON_INSECURE_NO_AUTH=true.`,
    );
  }
  return {
    observability: {
      metrics: c.BATON_METRICS === "true",
      ...metricsToken(c.BATON_METRICS_TOKEN, c.BATON_METRICS_TOKEN_FILE),
      logLevel: c.BATON_LOG_LEVEL,
      ...(c.BATON_LOG_FORMAT ? { logFormat: c.BATON_LOG_FORMAT } : {}),
    },
    databaseUrl: c.DATABASE_URL,
    natsUrl: c.NATS_URL,
    ...(c.NATS_USER ? { natsUser: c.NATS_USER } : {}),
    ...(c.NATS_PASSWORD !== undefined ? { natsPassword: c.NATS_PASSWORD } : {}),
    ...(c.NATS_NKEY_SEED_FILE ? { natsNkeySeedFile: c.NATS_NKEY_SEED_FILE } : {}),
    natsPrefix: c.BATON_NATS_PREFIX,
    port: c.PORT,
    host: c.HOST,
    instanceId: c.BATON_INSTANCE_ID,
    migrate: c.BATON_MIGRATE === "true",
    runnerLostAfterMs: c.BATON_RUNNER_LOST_AFTER_MS,
    retention: {
      days: c.BATON_RETENTION_DAYS,
      runs: c.BATON_RETENTION_RUNS,
      logDays: c.BATON_LOG_RETENTION_DAYS,
      auditDays: c.BATON_AUDIT_RETENTION_DAYS,
      intervalMs: c.BATON_RETENTION_INTERVAL_MS,
      batch: c.BATON_RETENTION_BATCH,
    },
    redispatchAfterMs: c.BATON_REDISPATCH_AFTER_MS,
    admissionTrace: c.BATON_ADMISSION_TRACE === "true",
    ...(c.BATON_TRACE_FILE ? { traceFile: c.BATON_TRACE_FILE } : {}),
    dbPool: c.BATON_DB_POOL,
    liveFallbackMs: c.BATON_LIVE_FALLBACK_MS,
    programs: c.BATON_ALLOWED_PROGRAMS,
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
      introspection: c.BATON_GRAPHQL_INTROSPECTION === "true",
      // The local mode has one user, who may script as fast as the machine goes; with sign-in, one
      // runaway identity must not starve the others.
      mutationsPerMinute: c.BATON_MUTATION_RATE_LIMIT ?? (c.BATON_AUTH === "off" ? 0 : DEFAULT_MUTATIONS_PER_MINUTE),
    },
    auth: {
      mode: c.BATON_AUTH,
      insecureNoAuth: c.BATON_INSECURE_NO_AUTH === "true",
      apiTokenMaxDays: c.BATON_API_TOKEN_MAX_DAYS,
      recheckMs: c.BATON_AUTH_RECHECK_MS,
      ...(c.BATON_AUTH === "oidc" && c.BATON_OIDC_ISSUER && c.BATON_OIDC_AUDIENCE
        ? {
            oidc: {
              issuer: c.BATON_OIDC_ISSUER,
              audience: c.BATON_OIDC_AUDIENCE,
              rolesClaim: c.BATON_OIDC_ROLES_CLAIM,
              roleMap: c.BATON_OIDC_ROLE_MAP,
              clockSkewSeconds: c.BATON_OIDC_CLOCK_SKEW_SECONDS,
            },
          }
        : {}),
    },
  };
}

/** The token /metrics asks for, from the variable or a file (a mounted Secret); a bad file is a sentence. */
function metricsToken(value: string | undefined, file: string | undefined): { metricsToken?: string } {
  if (value && file)
    throw new Error("Configuration error: set BATON_METRICS_TOKEN or BATON_METRICS_TOKEN_FILE, not both.");
  if (!file) return value ? { metricsToken: value } : {};
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (err) {
    throw new Error(`Configuration error: BATON_METRICS_TOKEN_FILE ${file} cannot be read: ${(err as Error).message}`);
  }
  if (text.length < 16)
    throw new Error(
      `Configuration error: the token in BATON_METRICS_TOKEN_FILE ${file} must be at least 16 characters.`,
    );
  return { metricsToken: text };
}
