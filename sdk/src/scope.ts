import type { JobIO } from "./io.js";
import { type JsonValue, toJson } from "./json.js";
import {
  clip,
  formatStepLine,
  MAX_EXIT_MESSAGE,
  MAX_LINE_BYTES,
  STEP_LINE_MARKER,
  type StepLineRecord,
} from "./records.js";
import type { ResumeInfo } from "./resume.js";

/** What every step can know about the job it runs in. */
export interface JobInfo {
  readonly name: string;
  /** BATON_EXECUTION_ID when run by Baton. */
  readonly executionId: string | undefined;
  /** `--key=value` arguments (see jobParameters). */
  readonly parameters: Readonly<Record<string, string>>;
  /** All arguments as given. */
  readonly args: readonly string[];
  /** The execution this run restarts (from BATON_RESUME), if it is a restart. */
  readonly restartOf: string | undefined;
  /**
   * The latest checkpoint of a step: written in this run, or brought back by
   * BATON_RESUME. A step that produces something later steps need (a row
   * count, a file name) checkpoints it, so the value survives a restart
   * that skips the step (Spring Batch's promoted execution context).
   */
  checkpointOf<S = JsonValue>(step: string): S | undefined;
}

/**
 * The run-time state one job run shares between its steps: where lines go,
 * what BATON_RESUME said, the stop signal and the exit message. Steps get
 * it from runJob; task code sees it through StepContext.
 */
export class JobScope {
  readonly job: JobInfo;
  private readonly checkpoints = new Map<string, JsonValue>();
  private message: string | undefined;

  constructor(
    info: Omit<JobInfo, "restartOf" | "checkpointOf">,
    private readonly io: JobIO,
    readonly resume: ResumeInfo | undefined,
    readonly signal: AbortSignal,
  ) {
    for (const [step, state] of Object.entries(resume?.checkpoints ?? {})) this.checkpoints.set(step, state);
    const checkpoints = this.checkpoints;
    this.job = {
      ...info,
      restartOf: resume?.restartOf,
      checkpointOf: <S = JsonValue>(step: string) => checkpoints.get(step) as S | undefined,
    };
  }

  /** Prints one record. Throws a RangeError for a line the runner would cut (only a huge checkpoint can be). */
  emit(record: StepLineRecord): void {
    const line = formatStepLine(record);
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
      throw new RangeError(
        `The ${record.type} record of ${"step" in record ? record.step : "the job"} is ${Buffer.byteLength(line)} bytes; a step line holds at most ${MAX_LINE_BYTES}. Checkpoint a position, not data.`,
      );
    }
    this.io.out(line);
  }

  /** A log line on stdout. A line that happens to start with the marker is indented so it stays a log line. */
  log(text: string): void {
    for (const line of text.split("\n")) this.io.out(line.startsWith(STEP_LINE_MARKER) ? ` ${line}` : line);
  }

  /** A line on stderr, for failures. */
  error(text: string): void {
    for (const line of text.split("\n")) this.io.err(line);
  }

  completedBefore(step: string): boolean {
    return this.resume?.completedSteps.includes(step) ?? false;
  }

  /** The checkpoint BATON_RESUME brought for a step (not one written in this run). */
  resumeStateOf(step: string): JsonValue | undefined {
    return this.resume?.checkpoints[step];
  }

  checkpoint(step: string, state: unknown): void {
    const json = toJson(state, `The checkpoint of step ${step}`);
    this.emit({ v: 1, type: "checkpoint", step, state: json });
    this.checkpoints.set(step, json);
  }

  get exitMessage(): string | undefined {
    return this.message;
  }

  setExitMessage(message: string): void {
    const trimmed = String(message).trim();
    if (trimmed === "") throw new TypeError("An exit message must not be empty.");
    this.message = clip(trimmed, MAX_EXIT_MESSAGE);
  }
}
