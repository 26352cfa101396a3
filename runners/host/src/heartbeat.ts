import { createRequire } from "node:module";
import { hostname } from "node:os";
import { decode, encode, type Heartbeat, type HeartbeatReply, heartbeatReply } from "@baton/proto";
import type { NatsConnection } from "@nats-io/transport-node";
import type { RunnerConfig } from "./config.js";

export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/** What the control plane needs to tell a live runner from a LOST one, and what it holds. */
export function heartbeatMessage(config: RunnerConfig, running: string[], startedAt: string): Uint8Array {
  const message: Heartbeat = {
    v: 1,
    runnerId: config.runnerId,
    platform: config.platform,
    pool: config.pool,
    capacity: config.capacity,
    running,
    hostname: hostname(),
    pid: process.pid,
    startedAt,
    at: new Date().toISOString(),
    cpuMillis: config.cpuMillis,
    memoryBytes: config.memoryBytes,
    labels: config.labels,
    version: VERSION,
  };
  return encode(message);
}

/** How long the watchdog waits without a tick before killing the runs, until a control plane has said more. */
export const DEFAULT_STALL_KILL_MS = 8000;

/**
 * The operator's RUNNER_STALL_KILL_MS if set; otherwise 0.8 x the control
 * plane's lostAfterMs, so a stalled runner's work is dead before its runs are
 * declared LOST (and may be retried elsewhere).
 */
export function stallKillMs(config: Pick<RunnerConfig, "stallKillMs">, reply?: HeartbeatReply): number {
  if (config.stallKillMs !== undefined) return config.stallKillMs;
  return reply ? Math.max(1, Math.floor(reply.lostAfterMs * 0.8)) : DEFAULT_STALL_KILL_MS;
}

export interface HeartbeatDeps {
  nc: NatsConnection;
  subject: string;
  config: RunnerConfig;
  startedAt: string;
  running: () => string[];
  onReply: (reply: HeartbeatReply) => void;
  log: (line: string) => void;
}

/**
 * Sends heartbeats as requests; any control plane answers with a
 * HeartbeatReply. No answer (timeout, no responders, an old control plane)
 * is not an error: the runner carries on, and says so once per outage.
 */
export function createHeartbeat(deps: HeartbeatDeps): () => Promise<void> {
  // Generous: a busy control plane answering late is not an outage worth a log line.
  const timeout = Math.min(Math.max(deps.config.heartbeatMs * 2, 3000), 10_000);
  let outage = false;
  return async () => {
    let reply: HeartbeatReply;
    try {
      const message = heartbeatMessage(deps.config, deps.running(), deps.startedAt);
      reply = decode(heartbeatReply, (await deps.nc.request(deps.subject, message, { timeout })).data);
    } catch (err) {
      if (!outage) deps.log(`heartbeat not answered (${String(err)}); carrying on, will say when answered again`);
      outage = true;
      return;
    }
    if (outage) deps.log("heartbeats are answered again");
    outage = false;
    deps.onReply(reply);
  };
}
