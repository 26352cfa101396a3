import { appendFileSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";

/**
 * Where a run's milliseconds go: each process of the run path (client,
 * control plane, runner) marks the moments it handles a run, and the
 * benchmark lines them up (bench/trace.mjs). Off unless `startTrace` was
 * called (BATON_TRACE_FILE, RUNNER_TRACE_FILE): a mark then costs one
 * boolean test. The times are wall clock in milliseconds with microsecond
 * resolution (performance.timeOrigin + now()), comparable between the
 * processes of one machine.
 */
let file: string | undefined;
let source = "";
let buffer: string[] = [];
let timer: NodeJS.Timeout | undefined;

/** The wall time in milliseconds, with sub-millisecond resolution. */
export const traceNow = (): number => performance.timeOrigin + performance.now();

/** Records from now on, appending "<id> <source>.<stage> <ms>" lines to `path`. */
export function startTrace(path: string, sourceName: string): void {
  try {
    appendFileSync(path, ""); // a file that cannot be written is said now, not lost silently later
  } catch (err) {
    throw new Error(`cannot write the trace file ${path}: ${(err as Error).message}`);
  }
  file = path;
  source = sourceName;
  timer = setInterval(() => void flushTrace(), 100);
  timer.unref();
  process.once("exit", () => {
    try {
      if (file && buffer.length > 0) appendFileSync(file, buffer.join(""));
    } catch {
      // The file went away meanwhile: the last marks are lost, the exit goes on.
    }
    buffer = [];
  });
}

/** Marks that `id` (an execution) reached `stage` now, or at `at` (traceNow()'s clock). */
export function traceMark(id: string, stage: string, at?: number): void {
  if (file === undefined) return;
  buffer.push(`${id} ${source}.${stage} ${(at ?? traceNow()).toFixed(3)}\n`);
}

/** Whether marks are recorded (to skip work that only a trace needs). */
export const tracing = (): boolean => file !== undefined;

/** Appends the marks recorded so far (every 100 ms on its own, and at exit); resolves once written. */
export function flushTrace(): Promise<void> {
  if (file === undefined || buffer.length === 0) return Promise.resolve();
  const text = buffer.join("");
  buffer = [];
  return appendFile(file, text).catch(() => undefined);
}
