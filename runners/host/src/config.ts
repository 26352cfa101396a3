import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { availableParallelism, homedir, hostname, totalmem } from "node:os";
import { join, resolve } from "node:path";
import {
  MAX_RUNNER_LABELS,
  type NatsCredentials,
  parseCpu,
  parseMemory,
  RUNNER_LABEL_NAME,
  RUNNER_LABEL_VALUE,
  subjects,
  token,
} from "@baton/proto";
import { DRIVERS } from "./drivers.js";

export interface RunnerConfig {
  /** One URL or several separated by commas (a cluster). */
  natsUrl: string;
  /** NATS_USER / NATS_PASSWORD (or NATS_PASSWORD_FILE) or NATS_NKEY_SEED_FILE: this runner's own credentials. */
  natsAuth?: NatsCredentials;
  prefix: string;
  runnerId: string;
  platform: string;
  pool: string;
  /** Runs held at once (slots). */
  capacity: number;
  /** What admission may give this runner beside its slots: CPU in millicores, memory in bytes. */
  cpuMillis: number;
  memoryBytes: number;
  /** Runs may ask for labels (runnerLabels); RUNNER_LABELS="zone=eu,gpu=true". */
  labels: Record<string, string>;
  /**
   * RUNNER_DATA_DIR: the runner's own folder. Without RUNNER_ID the id is
   * derived from the host and this folder, so a restarted runner comes back
   * under the same id (and its old runs are recognised); the folder is
   * locked so two live runners never share an id.
   */
  dataDir: string;
  /** True when the id came from the data folder (RUNNER_ID unset): the folder is then locked while it runs. */
  lockDataDir: boolean;
  /** RUNNER_TRACE=true: a log line per run with how long its claim took (the benchmark reads them). */
  trace?: boolean;
  /** RUNNER_TRACE_FILE: where the run path's timestamps go (proto/src/trace.ts; the benchmark reads them). */
  traceFile?: string;
  heartbeatMs: number;
  /**
   * RUNNER_STALL_KILL_MS: the watchdog kills this runner's runs after this
   * long without a tick (the runner is stopped or hung). Unset: 0.8 x the
   * control plane's lostAfterMs from its latest heartbeat reply, 8000 before one.
   */
  stallKillMs?: number;
  /** RUNNER_HTTP_PORT (0: a free port) and RUNNER_HTTP_HOST: the /metrics, /healthz, /readyz listener; unset: none. */
  http?: RunnerHttpConfig;
  /** RUNNER_LOG_LEVEL; unset: info. */
  logLevel?: LogLevel;
  /** RUNNER_LOG_FORMAT; unset: pretty when stderr is a terminal, JSON lines otherwise. */
  logFormat?: LogFormat;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface RunnerHttpConfig {
  port: number;
  /** Default 127.0.0.1; 0.0.0.0 in a pod. */
  host: string;
  /** RUNNER_METRICS_TOKEN: /metrics wants `Authorization: Bearer <it>`. */
  metricsToken?: string;
  /** RUNNER_METRICS_TOKEN_FILE: the same, read from this file when the listener starts. */
  metricsTokenFile?: string;
}

/**
 * How this runner proves who it is to NATS. Files are read when the runner
 * connects (a Kubernetes pod names its own file with $(RUNNER_ID)).
 */

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the runner's configuration; throws one Error listing every bad variable. */
export function parseRunnerConfig(env: Env, platforms: readonly string[] = Object.keys(DRIVERS)): RunnerConfig {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: T, parse: (value: string) => T): T => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    try {
      return parse(raw.trim());
    } catch (err) {
      problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return fallback;
    }
  };
  const config: RunnerConfig = {
    natsUrl: read("NATS_URL", "nats://127.0.0.1:4222", natsUrl),
    prefix: read("BATON_NATS_PREFIX", "baton", (v) => subjects(v).prefix),
    dataDir: read("RUNNER_DATA_DIR", defaultDataDir(env), (v) => resolve(v)),
    runnerId: "",
    lockDataDir: !env.RUNNER_ID?.trim(),
    platform: read("RUNNER_PLATFORM", "local", (v) => oneOf(v, platforms)),
    pool: read("RUNNER_POOL", "default", (v) => token(v, "pool")),
    capacity: read("RUNNER_CAPACITY", 4, (v) => integer(v, 1, 1024)),
    heartbeatMs: read("RUNNER_HEARTBEAT_MS", 2000, (v) => integer(v, 100, 600_000)),
    cpuMillis: read("RUNNER_CPU", availableParallelism() * 1000, (v) =>
      quantity(v, parseCpu, "a CPU count like 4 or 1500m"),
    ),
    memoryBytes: read("RUNNER_MEMORY", totalmem(), (v) => quantity(v, parseMemory, "a memory size like 8Gi or 512Mi")),
    labels: read("RUNNER_LABELS", {}, labels),
  };
  config.runnerId = read("RUNNER_ID", defaultRunnerId(hostname(), config.dataDir), (v) => token(v, "runner id"));
  const auth = natsCredentials(env, problems);
  if (auth) config.natsAuth = auth;
  const stallKillMs = read<number | undefined>("RUNNER_STALL_KILL_MS", undefined, (v) => integer(v, 500, 3_600_000));
  if (stallKillMs !== undefined) config.stallKillMs = stallKillMs;
  if (env.RUNNER_TRACE === "true") config.trace = true;
  if (env.RUNNER_TRACE_FILE) config.traceFile = env.RUNNER_TRACE_FILE;
  const http = httpConfig(env, problems);
  if (http) config.http = http;
  const logLevel = read<LogLevel | undefined>("RUNNER_LOG_LEVEL", undefined, (v) => choice(v, LOG_LEVELS, "a level"));
  if (logLevel) config.logLevel = logLevel;
  const logFormat = read<LogFormat | undefined>("RUNNER_LOG_FORMAT", undefined, (v) =>
    choice(v, LOG_FORMATS, "a format"),
  );
  if (logFormat) config.logFormat = logFormat;
  if (problems.length > 0) throw new Error(`invalid runner configuration:\n  ${problems.join("\n  ")}`);
  return config;
}

/** NATS_USER with NATS_PASSWORD or NATS_PASSWORD_FILE, or NATS_NKEY_SEED_FILE, or nothing (anonymous, or user:password@ in NATS_URL). */
function natsCredentials(env: Env, problems: string[]): NatsCredentials | undefined {
  const value = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const user = value("NATS_USER");
  // A password is taken as it is: spaces may be part of it.
  const password = env.NATS_PASSWORD ? env.NATS_PASSWORD : undefined;
  const passwordFile = value("NATS_PASSWORD_FILE");
  const nkeySeedFile = value("NATS_NKEY_SEED_FILE");
  if (nkeySeedFile) {
    if (user || password || passwordFile)
      problems.push("NATS_NKEY_SEED_FILE: use either an NKEY or NATS_USER with a password, not both");
    return { nkeySeedFile: resolve(nkeySeedFile) };
  }
  if (password !== undefined && passwordFile)
    problems.push("NATS_PASSWORD_FILE: set NATS_PASSWORD or NATS_PASSWORD_FILE, not both");
  if (!user) {
    if (password !== undefined || passwordFile) problems.push("NATS_USER: a NATS password needs NATS_USER");
    return undefined;
  }
  if (passwordFile) return { user, passwordFile: resolve(passwordFile) };
  if (password !== undefined) return { user, password };
  problems.push("NATS_PASSWORD: NATS_USER is set but neither NATS_PASSWORD nor NATS_PASSWORD_FILE");
  return undefined;
}

/** RUNNER_HTTP_PORT, RUNNER_HTTP_HOST and the metrics token; undefined (no listener) without a port. */
function httpConfig(env: Env, problems: string[]): RunnerHttpConfig | undefined {
  const value = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
  const rawPort = value("RUNNER_HTTP_PORT");
  const host = value("RUNNER_HTTP_HOST");
  const metricsToken = value("RUNNER_METRICS_TOKEN");
  const metricsTokenFile = value("RUNNER_METRICS_TOKEN_FILE");
  if (metricsToken && metricsTokenFile)
    problems.push("RUNNER_METRICS_TOKEN_FILE: set RUNNER_METRICS_TOKEN or RUNNER_METRICS_TOKEN_FILE, not both");
  if (host !== undefined && !isListenHost(host))
    problems.push(
      `RUNNER_HTTP_HOST: "${host}" is not an IP address or host name to listen on, like 127.0.0.1 or 0.0.0.0`,
    );
  if (rawPort === undefined) {
    for (const [name, set] of [
      ["RUNNER_HTTP_HOST", host],
      ["RUNNER_METRICS_TOKEN", metricsToken],
      ["RUNNER_METRICS_TOKEN_FILE", metricsTokenFile],
    ] as const) {
      if (set !== undefined) problems.push(`${name}: has no effect without RUNNER_HTTP_PORT (0 for a free port)`);
    }
    return undefined;
  }
  let port = 0;
  try {
    port = integer(rawPort, 0, 65535);
  } catch (err) {
    problems.push(`RUNNER_HTTP_PORT: ${(err as Error).message} (0 for a free port)`);
  }
  const http: RunnerHttpConfig = { port, host: host ?? "127.0.0.1" };
  if (metricsToken) http.metricsToken = metricsToken;
  if (metricsTokenFile) http.metricsTokenFile = resolve(metricsTokenFile);
  return http;
}

function isListenHost(value: string): boolean {
  return isIP(value) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(value);
}

function choice<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((a) => a === value.toLowerCase());
  if (!found) throw new Error(`"${value}" is not ${what}; one of: ${allowed.join(", ")}`);
  return found;
}

/**
 * hostname-<8 hex of the data folder's path>, reduced to what a NATS subject
 * token allows: stable across restarts of the same runner, different for
 * two runners of one host with their own folders.
 */
export function defaultRunnerId(host: string, dataDir: string): string {
  const folder = createHash("sha256").update(dataDir).digest("hex").slice(0, 8);
  return `${host.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 55)}-${folder}`;
}

/** $XDG_STATE_HOME/baton/runner, else ~/.local/state/baton/runner. */
export function defaultDataDir(env: Env): string {
  const state = env.XDG_STATE_HOME?.trim() || join(homedir(), ".local", "state");
  return join(state, "baton", "runner");
}

/** "zone=eu, gpu=true" -> { zone: "eu", gpu: "true" }. */
export function labels(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq).trim();
    const val = eq < 0 ? "" : pair.slice(eq + 1).trim();
    if (eq < 0 || !RUNNER_LABEL_NAME.test(key) || !RUNNER_LABEL_VALUE.test(val))
      throw new Error(`"${pair}" is not a label like zone=eu (letters, digits, "_", ".", "-")`);
    out[key] = val;
  }
  if (Object.keys(out).length > MAX_RUNNER_LABELS) throw new Error(`at most ${MAX_RUNNER_LABELS} labels`);
  return out;
}

function quantity(value: string, parse: (v: string) => number | undefined, what: string): number {
  const n = parse(value);
  if (n === undefined) throw new Error(`must be ${what}, got "${value}"`);
  return n;
}

function natsUrl(value: string): string {
  for (const server of value.split(",")) {
    let url: URL | undefined;
    try {
      url = new URL(server.trim());
    } catch {
      url = undefined;
    }
    if (!url || !["nats:", "tls:"].includes(url.protocol) || !url.hostname) {
      throw new Error(`"${server}" is not a NATS URL like nats://host:4222`);
    }
  }
  return value;
}

function integer(value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new Error(`must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

function oneOf(value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value))
    throw new Error(`"${value}" is not a platform this runner has; one of: ${allowed.join(", ")}`);
  return value;
}
