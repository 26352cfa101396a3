#!/usr/bin/env node
import "reflect-metadata";
import { startTrace } from "@baton/proto";
import { startControlPlane } from "./app.js";
import { type ControlPlaneConfig, loadConfig } from "./config.js";
import { createLogger, type Log } from "./observability/logger.js";
import { isDatabaseUnavailable } from "./store/unavailable.js";

const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

let config: ControlPlaneConfig;
try {
  config = loadConfig();
} catch (err) {
  // Before the logger exists: one plain line a person reads.
  process.stderr.write(`[control-plane] ${(err as Error).message}\n`);
  process.exit(1);
}
try {
  if (config.traceFile) startTrace(config.traceFile, "cp");
} catch (err) {
  process.stderr.write(`[control-plane] BATON_TRACE_FILE: ${(err as Error).message}\n`);
  process.exit(1);
}
const { log }: { log: Log } = createLogger(config.observability, {
  component: "control-plane",
  instance: config.instanceId,
});

// A promise nobody awaited failed: say so (never silently), but one lost
// background step must not take every run's control plane down with it.
process.on("unhandledRejection", (reason) => log(`unhandled rejection: ${describe(reason)}`, { level: "error" }));
// The database going away is survivable (the pools make new connections);
// anything else thrown to the top is a bug, and the process ends as before.
process.on("uncaughtException", (err) => {
  if (isDatabaseUnavailable(err)) {
    log(`database connection failed: ${describe(err)}`, { level: "warn" });
    return;
  }
  log(`uncaught exception: ${describe(err)}`, { level: "error" });
  process.exit(1);
});

try {
  const cp = await startControlPlane(config, log);
  process.stdout.write(`Baton control plane ready: ${cp.url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A control plane whose NATS or Postgres is already gone must still exit.
    setTimeout(() => process.exit(0), 8000).unref();
    await cp.stop().catch((err) => log(`stop failed: ${(err as Error).message}`, { level: "error" }));
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (err) {
  // Could not start (NATS refused the login, Postgres unreachable...): one plain sentence a person reads.
  process.stderr.write(`[control-plane] ${(err as Error).message}\n`);
  process.exit(1);
}
