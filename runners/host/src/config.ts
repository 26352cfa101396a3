import { hostname } from "node:os";
import { subjects, token } from "@baton/proto";
import { DRIVERS } from "./drivers.js";

export interface RunnerConfig {
  /** One URL or several separated by commas (a cluster). */
  natsUrl: string;
  prefix: string;
  runnerId: string;
  platform: string;
  pool: string;
  /** Runs held at once. */
  capacity: number;
  heartbeatMs: number;
  /**
   * RUNNER_STALL_KILL_MS: the watchdog kills this runner's runs after this
   * long without a tick (the runner is stopped or hung). Unset: 0.8 x the
   * control plane's lostAfterMs from its latest heartbeat reply, 8000 before one.
   */
  stallKillMs?: number;
}

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
    runnerId: read("RUNNER_ID", defaultRunnerId(), (v) => token(v, "runner id")),
    platform: read("RUNNER_PLATFORM", "local", (v) => oneOf(v, platforms)),
    pool: read("RUNNER_POOL", "default", (v) => token(v, "pool")),
    capacity: read("RUNNER_CAPACITY", 4, (v) => integer(v, 1, 1024)),
    heartbeatMs: read("RUNNER_HEARTBEAT_MS", 2000, (v) => integer(v, 100, 600_000)),
  };
  const stallKillMs = read<number | undefined>("RUNNER_STALL_KILL_MS", undefined, (v) => integer(v, 500, 3_600_000));
  if (stallKillMs !== undefined) config.stallKillMs = stallKillMs;
  if (problems.length > 0) throw new Error(`invalid runner configuration:\n  ${problems.join("\n  ")}`);
  return config;
}

/** hostname-pid, reduced to what a NATS subject token allows. */
export function defaultRunnerId(host: string = hostname(), pid: number = process.pid): string {
  return `${host}-${pid}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(-64);
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
