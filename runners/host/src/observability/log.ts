import { type DestinationStream, type Logger, pino } from "pino";
import pretty from "pino-pretty";
import type { LogFormat, LogLevel } from "../config.js";

/** What a line about one run carries as pino fields. */
export interface RunLogFields {
  executionId?: string;
  task?: string;
}

/** The runner's log call: a sentence, and for a line about a run its execution id (and task). */
export type RunnerLog = (line: string, fields?: RunLogFields) => void;

export interface RunnerLoggerOptions {
  runnerId: string;
  level?: LogLevel;
  /** Unset: pretty when `tty`, JSON lines otherwise. */
  format?: LogFormat;
  /** Whether stderr is a terminal; default process.stderr.isTTY. */
  tty?: boolean;
  /** Where lines go; default stderr (fd 2), written synchronously so nothing is lost at exit. */
  destination?: DestinationStream;
}

/** The runner's one logger: JSON lines on stderr, or pino-pretty for a person at a terminal. */
export function createRunnerLogger(options: RunnerLoggerOptions): Logger {
  const tty = options.tty ?? process.stderr.isTTY === true;
  const format = options.format ?? (tty ? "pretty" : "json");
  const stream =
    options.destination ??
    (format === "pretty"
      ? pretty({ destination: 2, sync: true, colorize: tty, translateTime: "SYS:standard", ignore: "pid,hostname" })
      : pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level: options.level ?? "info",
      base: { runnerId: options.runnerId },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

/** The RunnerLog that writes to `logger` at info level (the messages the runner has always printed). */
export function runnerLog(logger: Logger): RunnerLog {
  return (line, fields) => {
    if (fields && (fields.executionId !== undefined || fields.task !== undefined)) logger.info(fields, line);
    else logger.info(line);
  };
}
