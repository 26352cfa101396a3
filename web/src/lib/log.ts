/** What the log viewer knows of a line. */
export interface LogEntry {
  seq: number;
  stream: string;
  text: string;
  /** ISO time the line was read. */
  at: string;
}

/** Words that mark a line as an error, whatever its stream. */
const ERROR_WORDS = /\b(error|errors|exception|fatal|traceback|panic|failed|failure)\b/i;

/**
 * Where "jump to the first error" goes: the first line that says error (or
 * exception, fatal, traceback, panic, failed), else the first line on
 * stderr; -1 when there is neither.
 */
export function firstErrorIndex(lines: readonly LogEntry[]): number {
  const said = lines.findIndex((l) => l.stream !== "system" && ERROR_WORDS.test(l.text));
  return said >= 0 ? said : lines.findIndex((l) => l.stream === "stderr");
}

/** The short label of a stream: out, err, sys, or all (stdout and stderr merged by the platform). */
export function streamLabel(stream: string): string {
  return stream === "stdout" ? "out" : stream === "stderr" ? "err" : stream === "system" ? "sys" : "all";
}

/** "05:42:40.123": a line's time of day in UTC, the same on every machine. */
export function lineTime(at: string): string {
  return at.slice(11, 23);
}

/**
 * Which lines a window of `height` px scrolled to `scrollTop` shows, with
 * `overscan` lines either side: [start, end) of `total` lines of `row` px.
 */
export function visibleRange(
  scrollTop: number,
  height: number,
  row: number,
  total: number,
  overscan: number,
): [number, number] {
  const start = Math.max(0, Math.floor(scrollTop / row) - overscan);
  const end = Math.min(total, Math.ceil((scrollTop + height) / row) + overscan);
  return [start, Math.max(start, end)];
}
