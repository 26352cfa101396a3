import { type JobIO, processIO, type StopSignal, signalExitCode } from "./io.js";
import { jobParameters } from "./parameters.js";
import { parseResume } from "./resume.js";
import { type JobInfo, JobScope } from "./scope.js";
import { type Awaitable, describe, type Step, type StepResult } from "./step.js";

export type JobStatus = "COMPLETED" | "FAILED" | "STOPPED";

export interface JobResult {
  readonly name: string;
  readonly status: JobStatus;
  /** 0 COMPLETED, 1 FAILED, 128 + the signal's number STOPPED (143 for SIGTERM). */
  readonly exitCode: number;
  readonly exitMessage: string | undefined;
  /** Every step reported (or skipped on a restart), in the order they ended their part of the job. */
  readonly steps: readonly StepResult[];
  readonly durationMs: number;
  /** What failed the job when it was not a step (a bad BATON_RESUME, a listener). */
  readonly error?: unknown;
}

export interface JobOptions {
  /** Where lines go and env / argv come from; processIO() by default, memoryIO() in tests. */
  io?: JobIO;
  /** Job parameters; parsed from the arguments by default (see jobParameters). */
  parameters?: Readonly<Record<string, string>>;
  /** Runs before the first step (Spring's JobExecutionListener.beforeJob); throwing fails the job. */
  beforeJob?: (job: JobInfo) => Awaitable<void>;
  /**
   * Runs after the last step, whatever the outcome (afterJob): send the
   * "export ready" or "export failed" event here. A string it returns
   * becomes the job's exit message; throwing fails the job.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a listener that returns nothing must type-check too.
  afterJob?: (result: JobResult, job: JobInfo) => Awaitable<string | undefined | void>;
}

/**
 * Runs a job: its steps in order, each reported as step lines, until one
 * fails or stops. On a restart (BATON_RESUME set) steps that completed
 * before are skipped and the others get their checkpoints back. Prints the
 * exit message if a step or afterJob set one, and sets process.exitCode
 * (through io) rather than exiting, so output is flushed. A SIGTERM (Baton's
 * stop) lets the current chunk commit, then stops the step: STOPPED.
 *
 * Never rejects: whatever goes wrong ends as a FAILED result.
 */
export async function runJob(name: string, steps: readonly Step[], options: JobOptions = {}): Promise<JobResult> {
  const io = options.io ?? processIO();
  const started = performance.now();
  const controller = new AbortController();
  let stopSignal: StopSignal | undefined;
  const unsubscribe = io.onStop((signal) => {
    stopSignal = signal;
    io.out(`Job ${name}: ${signal} received; stopping after the current chunk`);
    controller.abort(new Error(`stopped by ${signal}`));
  });
  const results: StepResult[] = [];
  let status: JobStatus = "COMPLETED";
  let error: unknown;
  let scope: JobScope | undefined;
  try {
    checkSteps(steps);
    const resume = parseResume(io.env.BATON_RESUME);
    const parameters = options.parameters ?? jobParameters(io.argv);
    const info = { name, executionId: io.env.BATON_EXECUTION_ID, parameters, args: io.argv };
    scope = new JobScope(info, io, resume, controller.signal);
    scope.log(
      resume
        ? `Job ${name} restarting execution ${resume.restartOf}; completed there: ${resume.completedSteps.join(", ") || "none"}`
        : `Job ${name} started with ${JSON.stringify(parameters)}`,
    );
    await options.beforeJob?.(scope.job);
    for (const step of steps) {
      if (controller.signal.aborted) {
        status = "STOPPED";
        break;
      }
      const outcome = await step.execute(scope);
      results.push(...outcome.results);
      if (outcome.status !== "COMPLETED") {
        status = outcome.status;
        break;
      }
    }
  } catch (err) {
    status = "FAILED";
    error = err;
    io.err(`Job ${name} failed: ${err instanceof Error && err.stack ? err.stack : describe(err)}`);
  }

  const finish = (): JobResult => ({
    name,
    status,
    exitCode: exitCodeOf(status, stopSignal),
    exitMessage: scope?.exitMessage,
    steps: results,
    durationMs: Math.round(performance.now() - started),
    ...(error === undefined ? {} : { error }),
  });
  if (options.afterJob && scope) {
    try {
      const message = await options.afterJob(finish(), scope.job);
      if (typeof message === "string" && message.trim() !== "") scope.setExitMessage(message);
    } catch (err) {
      status = "FAILED";
      error ??= err;
      io.err(`Job ${name}: afterJob failed: ${err instanceof Error && err.stack ? err.stack : describe(err)}`);
    }
  }
  const result = finish();
  unsubscribe();
  if (result.exitMessage) scope?.emit({ v: 1, type: "exit-message", message: result.exitMessage });
  io.out(
    `Job ${name} ${result.status} in ${result.durationMs} ms${result.exitMessage ? ` (exit message ${result.exitMessage})` : ""}`,
  );
  io.setExitCode(result.exitCode);
  return result;
}

function exitCodeOf(status: JobStatus, signal: StopSignal | undefined): number {
  if (status === "COMPLETED") return 0;
  if (status === "STOPPED") return signalExitCode(signal ?? "SIGTERM");
  return 1;
}

/** Two steps with one name would write into one step record; refuse before anything runs. */
function checkSteps(steps: readonly Step[]): void {
  if (steps.length === 0) throw new TypeError("A job needs at least one step.");
  const seen = new Set<string>();
  for (const name of steps.flatMap((s) => s.reportedNames)) {
    if (seen.has(name)) throw new TypeError(`Two steps are named ${name}; step names must be unique in a job.`);
    seen.add(name);
  }
}
