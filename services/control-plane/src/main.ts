#!/usr/bin/env node
import "reflect-metadata";
import { startControlPlane } from "./app.js";
import { loadConfig } from "./config.js";
import { isDatabaseUnavailable } from "./store/unavailable.js";

const log = (m: string) => process.stderr.write(`[control-plane] ${m}\n`);
const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

// A promise nobody awaited failed: say so (never silently), but one lost
// background step must not take every run's control plane down with it.
process.on("unhandledRejection", (reason) => log(`unhandled rejection: ${describe(reason)}`));
// The database going away is survivable (the pools make new connections);
// anything else thrown to the top is a bug, and the process ends as before.
process.on("uncaughtException", (err) => {
  if (isDatabaseUnavailable(err)) {
    log(`database connection failed: ${describe(err)}`);
    return;
  }
  log(`uncaught exception: ${describe(err)}`);
  process.exit(1);
});

try {
  const cp = await startControlPlane(loadConfig(), log);
  process.stdout.write(`Baton control plane ready: ${cp.url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A control plane whose NATS or Postgres is already gone must still exit.
    setTimeout(() => process.exit(0), 8000).unref();
    await cp.stop().catch((err) => log(`stop failed: ${(err as Error).message}`));
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (err) {
  log((err as Error).message);
  process.exit(1);
}
