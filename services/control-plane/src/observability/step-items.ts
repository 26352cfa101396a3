import type { StepState } from "../domain/run-events.js";
import type { StepItemKind } from "./metrics.js";

export interface StepItemDelta {
  step: string;
  kind: StepItemKind;
  count: number;
}

const COUNTERS: readonly [keyof StepState, StepItemKind][] = [
  ["readCount", "read"],
  ["writeCount", "write"],
  ["skipCount", "skip"],
];

/**
 * How many items each changed step read, wrote and skipped since its row in
 * the database: step lines carry running totals, so the metric takes the
 * difference (a total that went down, a restarted step, counts from zero again).
 */
export function stepItemDeltas(before: ReadonlyMap<string, StepState>, after: readonly StepState[]): StepItemDelta[] {
  const out: StepItemDelta[] = [];
  for (const step of after) {
    const prior = before.get(step.name);
    for (const [field, kind] of COUNTERS) {
      const now = step[field] as number;
      const was = (prior?.[field] as number | undefined) ?? 0;
      const count = now >= was ? now - was : now;
      if (count > 0) out.push({ step: step.name, kind, count });
    }
  }
  return out;
}
