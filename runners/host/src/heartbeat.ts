import { hostname } from "node:os";
import { encode, type Heartbeat } from "@baton/proto";
import type { RunnerConfig } from "./config.js";

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
  };
  return encode(message);
}
