import type { JsonValue } from "./json.js";
import { checkStepName } from "./records.js";
import type { JobScope } from "./scope.js";
import { type Awaitable, runReported, type Step, type StepContext, type StepOutcome, verdict } from "./step.js";

export type TaskletFn<S> = (ctx: StepContext<S>) => Awaitable<void>;

/**
 * A tasklet step: one function that does the whole step (Spring Batch's
 * Tasklet). It keeps its own counters in ctx.counters and may checkpoint
 * its progress; returning ends the step COMPLETED, throwing ends it FAILED.
 */
export function tasklet<S = JsonValue>(name: string, fn: TaskletFn<S>): Step {
  checkStepName(name);
  return {
    name,
    reportedNames: [name],
    withName: (renamed) => tasklet(renamed, fn),
    async execute(scope: JobScope): Promise<StepOutcome> {
      const result = await runReported(scope, name, async (step) => {
        const ctx: StepContext<S> = {
          ...step.itemContext(),
          counters: step.counters,
          resumeState: step.resumeState as S | undefined,
          checkpoint: (state) => step.checkpoint(state),
          report: () => step.report(),
        };
        await fn(ctx);
      });
      return { status: verdict(result), results: [result] };
    },
  };
}
