import { addCounters } from "./counters.js";
import type { JsonValue } from "./json.js";
import { checkPositive, settleConcurrently } from "./pool.js";
import { checkStepName } from "./records.js";
import type { JobInfo, JobScope } from "./scope.js";
import {
  type Awaitable,
  runReported,
  type Step,
  type StepOutcome,
  type StepResult,
  StepStoppedError,
  verdict,
} from "./step.js";

/** One partition, as the worker step factory gets it. */
export interface Partition {
  /** `partition0`, `partition1`… for a count, else the key given. The worker reports as `manager:key`. */
  readonly key: string;
  readonly index: number;
  readonly count: number;
  /** What the partitioner gave this partition (Spring's per-partition ExecutionContext), e.g. a row range. */
  readonly params: JsonValue | undefined;
}

/** A count, a list of keys, or keys with their parameters. */
export type Partitions = number | readonly string[] | Readonly<Record<string, JsonValue>>;

export interface PartitionedOptions {
  /** The partitions, or a function that works them out when the step starts (from an earlier step's checkpoint, say). */
  partitions: Partitions | ((job: JobInfo) => Awaitable<Partitions>);
  /** Builds the worker step of one partition; its own name is replaced by `manager:key`. */
  step: (partition: Partition) => Step;
  /** How many partitions run at once (Spring's gridSize over a task executor). Default: all of them, up to 4. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * A partitioned step (Spring Batch's PartitionStep): a manager step that
 * runs one worker step per partition, several at a time, in this process.
 * Each worker reports as its own step `name:key`; the manager step `name`
 * reports the sum of its workers' counters as each one ends, and fails if
 * any worker fails (the others still run to their end). On a restart the
 * partitions that completed are skipped and the manager counts only the
 * ones that run again.
 */
export function partitioned(name: string, options: PartitionedOptions): Step {
  checkStepName(name);
  if (options.concurrency !== undefined) checkPositive(options.concurrency, `Step ${name}: concurrency`);
  return {
    name,
    reportedNames: [name],
    withName: (renamed) => partitioned(renamed, options),
    async execute(scope: JobScope): Promise<StepOutcome> {
      // By partition, so the results come back in partition order whatever order they ended in.
      const workers: StepResult[][] = [];
      const manager = await runReported(scope, name, async (step) => {
        const given =
          typeof options.partitions === "function" ? await options.partitions(scope.job) : options.partitions;
        const partitions = listPartitions(name, given);
        const concurrency = options.concurrency ?? Math.min(partitions.length, DEFAULT_CONCURRENCY);
        scope.log(`Step ${name}: ${partitions.length} partitions, ${concurrency} at a time`);
        const settled = await settleConcurrently(
          partitions,
          concurrency,
          async (partition, index) => {
            const workerName = `${name}:${partition.key}`;
            const outcome = await options.step(partition).withName(workerName).execute(scope);
            workers[index] = [...outcome.results];
            const own = outcome.results.filter((r) => r.name === workerName);
            for (const r of own.length > 0 ? own : outcome.results) addCounters(step.counters, r.counters);
            step.report();
            return outcome.status;
          },
          () => scope.signal.aborted,
        );
        const failed = partitions.filter((_, i) => {
          const s = settled[i];
          return s !== undefined && (!s.ok || s.value === "FAILED");
        });
        if (failed.length > 0) {
          const firstError = settled.find((s) => s && !s.ok);
          throw new Error(
            `${failed.length} of ${partitions.length} partitions failed: ${failed.map((p) => `${name}:${p.key}`).join(", ")}`,
            firstError && !firstError.ok ? { cause: firstError.error } : undefined,
          );
        }
        if (settled.some((s) => s === undefined || (s.ok && s.value === "STOPPED"))) throw new StepStoppedError(name);
      });
      return { status: verdict(manager), results: [manager, ...workers.flat()] };
    },
  };
}

function listPartitions(name: string, given: Partitions): Partition[] {
  let entries: [string, JsonValue | undefined][];
  if (typeof given === "number") {
    checkPositive(given, `Step ${name}: the number of partitions`);
    entries = Array.from({ length: given }, (_, i) => [`partition${i}`, undefined]);
  } else if (Array.isArray(given)) {
    entries = (given as readonly string[]).map((key) => [key, undefined]);
  } else {
    entries = Object.entries(given as Readonly<Record<string, JsonValue>>);
  }
  if (entries.length === 0) throw new RangeError(`Step ${name} has no partitions.`);
  const seen = new Set<string>();
  return entries.map(([key, params], index) => {
    if (typeof key !== "string" || key === "" || seen.has(key)) {
      throw new TypeError(
        `Step ${name}: partition keys must be distinct, non-empty strings; got ${JSON.stringify(key)}.`,
      );
    }
    seen.add(key);
    checkStepName(`${name}:${key}`);
    return { key, index, count: entries.length, params };
  });
}
