/**
 * A bounded name for why a QUEUED run waits, for metric labels: admission's
 * sentences name pools, keys and sizes (admit.ts), which would make a label
 * per value. `backoff`: a retry waiting out its delay; `pending`: admission
 * has not looked at it yet.
 */
export type WaitClass =
  | "pending"
  | "backoff"
  | "task_limit"
  | "dag_limit"
  | "pool_limit"
  | "concurrency_key"
  | "no_runner"
  | "draining"
  | "labels"
  | "resources"
  | "slots"
  | "other";

const PATTERNS: readonly [RegExp, WaitClass][] = [
  [/^task limit /, "task_limit"],
  [/^DAG limit /, "dag_limit"],
  [/^pool limit /, "pool_limit"],
  [/^concurrency key /, "concurrency_key"],
  [/^no runner is up /, "no_runner"],
  [/^every runner in pool .* is draining/, "draining"],
  [/^no runner in pool .* has labels /, "labels"],
  [/^no runner with /, "resources"],
  [/^waiting for a free slot /, "slots"],
];

export function waitClass(reason: string | null, backingOff: boolean): WaitClass {
  if (backingOff) return "backoff";
  if (reason === null || reason === "") return "pending";
  return PATTERNS.find(([re]) => re.test(reason))?.[1] ?? "other";
}
