#!/usr/bin/env node
import "reflect-metadata";
import { startControlPlane } from "./app.js";
import { loadConfig } from "./config.js";

const log = (m: string) => process.stderr.write(`[control-plane] ${m}\n`);

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
