import { pino } from "pino";
import pretty from "pino-pretty";
import type { ObservabilityConfig } from "../config.js";

/** Fields that tie a line to a run; every line about a run carries the ones it knows. */
export interface LogFields {
  level?: "debug" | "info" | "warn" | "error" | "fatal";
  executionId?: string;
  task?: string;
  correlationId?: string;
  dagRunId?: string;
  runnerId?: string;
  [key: string]: unknown;
}

/** How the control plane logs: a message, and fields for the lines about a run. */
export type Log = (message: string, fields?: LogFields) => void;

/**
 * pino: JSON lines on stderr (for a log collector), or human-readable ones
 * when stderr is a terminal or BATON_LOG_FORMAT=pretty. Synchronous writes:
 * the control plane logs little, and a line written just before an exit must
 * not be lost.
 */
export function createLogger(
  config: Pick<ObservabilityConfig, "logLevel" | "logFormat">,
  base: Record<string, unknown>,
): { log: Log; logger: pino.Logger } {
  const format = config.logFormat ?? (process.stderr.isTTY ? "pretty" : "json");
  const destination =
    format === "pretty"
      ? pretty({
          destination: 2,
          sync: true,
          colorize: process.stderr.isTTY,
          // As the runner's: the date and time in this machine's zone.
          translateTime: "SYS:standard",
          ignore: "pid,hostname,component,instance",
        })
      : pino.destination({ dest: 2, sync: true });
  const logger = pino({ level: config.logLevel, base, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  const log: Log = (message, fields) => {
    if (!fields) {
      logger.info(message);
      return;
    }
    const { level = "info", ...rest } = fields;
    logger[level](rest, message);
  };
  return { log, logger };
}
