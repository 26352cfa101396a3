#!/usr/bin/env node
import { parseRunnerConfig, type RunnerConfig } from "./config.js";
import { createRunnerHost } from "./host.js";

/** The runner process: configuration from the environment, stops cleanly on SIGTERM / SIGINT. */
let config: RunnerConfig;
try {
  config = parseRunnerConfig(process.env);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}

const host = createRunnerHost(config);
let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) {
    // A second signal: the operator does not want to wait for runs to end.
    process.stderr.write(`${signal} again: exiting now\n`);
    process.exit(1);
  }
  stopping = true;
  host.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`stopping failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

try {
  await host.start();
} catch (err) {
  process.stderr.write(`runner could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
