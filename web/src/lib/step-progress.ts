/** The parts of a step and of its history a progress estimate needs. */
export interface StepCounts {
  readCount: number;
}
export interface StepHistory {
  runs: number;
  duration: { mean?: number | null };
  read: { mean?: number | null };
}

/**
 * A running step's progress, estimated from the task's finished runs of it:
 * items read against their mean read count when they read anything, else
 * time spent against their mean duration. A sentence; capped at 99 % (a run
 * past the mean is not done until it says so).
 */
export function stepProgress(step: StepCounts, history: StepHistory | undefined, elapsedMs: number | null): string {
  if (!history || history.runs === 0) return "no estimate: no finished run of this step yet";
  const pct = (x: number) => `${Math.min(99, Math.floor(x * 100))} %`;
  const meanRead = history.read.mean ?? 0;
  if (meanRead > 0)
    return `about ${pct(step.readCount / meanRead)} (${step.readCount} read of ${Math.round(meanRead)} on average)`;
  const meanMs = history.duration.mean ?? 0;
  if (meanMs > 0 && elapsedMs !== null)
    return `about ${pct(elapsedMs / meanMs)} of its mean duration (${Math.round(elapsedMs / 1000)} s of ${Math.round(meanMs / 1000)} s)`;
  return "no estimate: its finished runs took no measurable time";
}
