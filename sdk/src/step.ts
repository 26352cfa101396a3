import { COUNTER_NAMES, type Counters, invalidCounter, zeroCounters } from "./counters.js";
import type { JsonValue } from "./json.js";
import { clip, MAX_STEP_MESSAGE, type StepStatus } from "./records.js";
import type { JobInfo, JobScope } from "./scope.js";

export type Awaitable<T> = T | Promise<T>;

/** How a step ended. SKIPPED: it COMPLETED in the execution this one restarts, so it did not run. */
export type StepResultStatus = "COMPLETED" | "FAILED" | "STOPPED" | "SKIPPED";

/** One reported step of a run, as runJob returns it. */
export interface StepResult {
  readonly name: string;
  readonly status: StepResultStatus;
  readonly counters: Readonly<Counters>;
  readonly durationMs: number;
  /** What made it fail. */
  readonly error?: unknown;
}

/** What running a step did: its own verdict, and every step it reported (a split or partitioned step reports several). */
export interface StepOutcome {
  readonly status: "COMPLETED" | "FAILED" | "STOPPED";
  readonly results: readonly StepResult[];
}

/**
 * A step of a job. Build one with tasklet(), chunk(), parallel() or
 * partitioned(); runJob runs them in order.
 */
export interface Step {
  readonly name: string;
  /** The step names it reports, as far as they are known before it runs; runJob refuses duplicates. */
  readonly reportedNames: readonly string[];
  /** The same step, reported under another name (partitioned() names its workers `manager:partition`). */
  withName(name: string): Step;
  execute(scope: JobScope): Promise<StepOutcome>;
}

/** What processors and writers get: enough to log, stop early and set the job's exit message. */
export interface ItemContext {
  readonly stepName: string;
  readonly job: JobInfo;
  /** Aborted when the platform asks the task to stop (SIGTERM, SIGINT); pass it to fetch() and friends. */
  readonly signal: AbortSignal;
  /** A log line, prefixed with the step's name. */
  log(message: string): void;
  /** Sets the job's exit message: what a DAG transition matches instead of COMPLETED / FAILED. */
  exitMessage(message: string): void;
}

/** What a tasklet gets. `S` is the shape of its checkpoint. */
export interface StepContext<S = JsonValue> extends ItemContext {
  /** The step's counters; reported when the step ends, or now with report(). */
  readonly counters: Counters;
  /** The checkpoint this step wrote in the execution being restarted; undefined on a first run. */
  readonly resumeState: S | undefined;
  /** Saves where the step is, for a restart: printed at once as a checkpoint record. */
  checkpoint(state: S): void;
  /** Prints the counters now (the step stays STARTED), for live progress in a long step. */
  report(): void;
}

/** Thrown inside a step when it stops because the platform asked it to. */
export class StepStoppedError extends Error {
  constructor(step: string) {
    super(`Step ${step} stopped on request.`);
    this.name = "StepStoppedError";
  }
}

/** The part of a reported step its body drives. */
export interface StepHandle {
  readonly name: string;
  readonly counters: Counters;
  readonly resumeState: JsonValue | undefined;
  report(): void;
  checkpoint(state: unknown): void;
  itemContext(): ItemContext;
}

/**
 * The life of one reported step: skipped if it COMPLETED in the execution
 * being restarted, else STARTED, the body, then COMPLETED, FAILED or
 * STOPPED with its counters, plus a human summary in the log.
 */
export async function runReported(
  scope: JobScope,
  name: string,
  body: (step: StepHandle) => Promise<void>,
): Promise<StepResult> {
  if (scope.completedBefore(name)) {
    scope.log(`Step ${name}: skipped, it completed in execution ${scope.resume?.restartOf}`);
    return { name, status: "SKIPPED", counters: zeroCounters(), durationMs: 0 };
  }
  const started = performance.now();
  const counters = zeroCounters();
  const resumeState = scope.resumeStateOf(name);
  const report = (status: StepStatus, message?: string): void => {
    const bad = invalidCounter(counters);
    if (bad) throw new RangeError(`Step ${name}: ${bad}; counters are whole numbers from 0 up.`);
    scope.emit({ v: 1, type: "step", step: name, status, ...counters, ...(message ? { message } : {}) });
  };
  const handle: StepHandle = {
    name,
    counters,
    resumeState,
    report: () => report("STARTED"),
    checkpoint: (state) => scope.checkpoint(name, state),
    itemContext: () => itemContext(scope, name),
  };

  let status: StepResult["status"] = "COMPLETED";
  let error: unknown;
  try {
    report("STARTED");
    if (resumeState !== undefined) {
      scope.log(`Step ${name}: resuming from checkpoint ${JSON.stringify(resumeState)}`);
      // Carried into this execution too, so a restart of this restart still finds it.
      scope.checkpoint(name, resumeState);
    }
    await body(handle);
  } catch (err) {
    error = err;
    status = err instanceof StepStoppedError || scope.signal.aborted ? "STOPPED" : "FAILED";
  }
  const durationMs = Math.round(performance.now() - started);
  const message = status === "COMPLETED" ? undefined : clip(describe(error), MAX_STEP_MESSAGE);
  try {
    report(status, message);
  } catch (err) {
    // Bad counters must not hide the outcome: report the step without them.
    scope.emit({ v: 1, type: "step", step: name, status: "FAILED", message: clip(describe(err), MAX_STEP_MESSAGE) });
    status = "FAILED";
    error ??= err;
  }
  const summary = COUNTER_NAMES.map((c) => `${c} ${counters[c]}`).join(", ");
  scope.log(`Step ${name} ${status} in ${durationMs} ms: ${summary}`);
  if (status === "FAILED") scope.error(`Step ${name} failed: ${stackOf(error)}`);
  return { name, status, counters: { ...counters }, durationMs, ...(error === undefined ? {} : { error }) };
}

export function itemContext(scope: JobScope, stepName: string): ItemContext {
  return {
    stepName,
    job: scope.job,
    signal: scope.signal,
    log: (message) => scope.log(`[${stepName}] ${message}`),
    exitMessage: (message) => scope.setExitMessage(message),
  };
}

export function verdict(result: StepResult): StepOutcome["status"] {
  return result.status === "SKIPPED" ? "COMPLETED" : result.status;
}

export function describe(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function stackOf(err: unknown): string {
  return err instanceof Error && err.stack ? err.stack : describe(err);
}
