#!/usr/bin/env node
import { startTrace } from "@baton/proto";
import { parseRunnerConfig, type RunnerConfig } from "./config.js";
import { createRunnerHost } from "./host.js";
import { createRunnerLogger, runnerLog } from "./observability/log.js";

/** The runner process: configuration from the environment, stops cleanly on SIGTERM / SIGINT. */
let config: RunnerConfig;
try {
  config = parseRunnerConfig(process.env);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}

try {
  if (config.traceFile) startTrace(config.traceFile, "runner");
} catch (err) {
  process.stderr.write(`RUNNER_TRACE_FILE: ${(err as Error).message}\n`);
  process.exit(2);
}
const logger = createRunnerLogger({
  runnerId: config.runnerId,
  ...(config.logLevel ? { level: config.logLevel } : {}),
  ...(config.logFormat ? { format: config.logFormat } : {}),
});
const host = createRunnerHost(config, { log: runnerLog(logger) });
let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) {
    // A second signal: the operator does not want to wait for runs to end.
    logger.warn(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  host.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error(`stopping failed: ${String(err)}`);
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

try {
  await host.start();
} catch (err) {
  // The last words of a runner that cannot start: a plain sentence for a person, like a configuration error.
  process.stderr.write(`runner could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
