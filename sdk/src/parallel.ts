import { checkStepName } from "./records.js";
import type { JobScope } from "./scope.js";
import type { Step, StepOutcome } from "./step.js";

/**
 * A split (Spring Batch's FlowBuilder.split): child steps run at the same
 * time and the job goes on when all have ended. Like a Spring split it is
 * not a step of its own: each child reports itself, and `name` only names
 * the split in the log. The split fails if any child fails (the others run
 * to their end) and stops if any stopped. On a restart, children that
 * completed are skipped and the others run again.
 */
export function parallel(name: string, steps: readonly Step[]): Step {
  checkStepName(name);
  if (steps.length === 0) throw new TypeError(`Split ${name} has no steps.`);
  return {
    name,
    reportedNames: steps.flatMap((s) => s.reportedNames),
    withName: (renamed) => parallel(renamed, steps),
    async execute(scope: JobScope): Promise<StepOutcome> {
      scope.log(`Split ${name}: running ${steps.map((s) => s.name).join(", ")} in parallel`);
      const outcomes = await Promise.all(steps.map((s) => s.execute(scope)));
      const statuses = outcomes.map((o) => o.status);
      const status = statuses.includes("FAILED") ? "FAILED" : statuses.includes("STOPPED") ? "STOPPED" : "COMPLETED";
      return { status, results: outcomes.flatMap((o) => o.results) };
    },
  };
}
