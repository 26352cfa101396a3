import { type AsyncItemProcessor, type ItemProcessor, processorParts } from "./async-processor.js";
import { addCounters, type Counters, zeroCounters } from "./counters.js";
import { isJsonObject, type JsonValue } from "./json.js";
import { checkPositive, settleConcurrently } from "./pool.js";
import { type ItemReader, openReader } from "./reader.js";
import { checkStepName } from "./records.js";
import type { JobScope } from "./scope.js";
import {
  type Awaitable,
  describe,
  type ItemContext,
  runReported,
  type Step,
  type StepHandle,
  type StepOutcome,
  StepStoppedError,
  verdict,
} from "./step.js";

/** What a writer gets besides its items. */
export interface WriteContext extends ItemContext {
  /** The chunk's number in this run, from 1. */
  readonly chunk: number;
}

/** Writes one chunk; throwing rolls the chunk back. */
export type ItemWriter<O> = (items: O[], ctx: WriteContext) => Awaitable<void>;

export interface ChunkOptions<I, O> {
  reader: ItemReader<I>;
  /** Optional, as in Spring Batch: without one the writer gets the items read. asyncProcessor() for concurrency. */
  processor?: ItemProcessor<I, O> | AsyncItemProcessor<I, O>;
  writer: ItemWriter<O>;
  /** Items per chunk: each chunk is read, processed, written and committed as one unit. */
  commitInterval: number;
  /** How many items the step may skip before it fails; 0 (the default) fails on the first error. */
  skipLimit?: number;
  /** Which processor and writer errors may be skipped; all of them by default (when skipLimit > 0). */
  isSkippable?: (error: unknown) => boolean;
}

/** What a chunk step checkpoints after each commit, and reads back on a restart. */
export interface ChunkCheckpoint {
  /** Items read by the committed chunks, counting those filtered and skipped. */
  offset: number;
  /** The RestartableReader's state() at that commit. */
  state?: JsonValue;
}

/** Thrown when one more item would have to be skipped than skipLimit allows. */
export class SkipLimitExceededError extends Error {
  constructor(step: string, limit: number, cause: unknown) {
    super(`Step ${step} reached its skip limit (${limit}): ${describe(cause)}`, { cause });
    this.name = "SkipLimitExceededError";
  }
}

/**
 * A chunk-oriented step (Spring Batch): read `commitInterval` items,
 * process each (null / undefined = filtered), write the chunk, commit, and
 * repeat until the reader ends. Counters follow Spring Batch:
 * - read: items read by committed chunks; filter: items the processor dropped;
 * - write: items written; commit: committed chunks (a chunk whose items were
 *   all filtered still commits; an empty read ends the step without one);
 * - skip: items whose processor or writer error isSkippable, up to skipLimit;
 * - rollback: every failed write, and a chunk that fails the step (a read,
 *   process or write error that is not skipped).
 * When the writer fails on a chunk with a skippable error, the chunk is
 * rolled back and written again one item at a time (Spring's "scan"), so
 * only the items that fail are skipped; each single write that succeeds
 * commits. A chunk that fails the step counts nothing but its rollbacks.
 *
 * After each commit the step prints a checkpoint ({offset, state}) and
 * then its counters, so a restart resumes after the last committed chunk
 * (see ItemReader for how the reader gets there), with counters that count
 * the restarted run only, as a new Spring Batch step execution does.
 */
export function chunk<I, O = I>(name: string, options: ChunkOptions<I, O>): Step {
  checkStepName(name);
  checkPositive(options.commitInterval, `Step ${name}: commitInterval`);
  const skipLimit = options.skipLimit ?? 0;
  if (!Number.isSafeInteger(skipLimit) || skipLimit < 0) {
    throw new RangeError(`Step ${name}: skipLimit must be a whole number from 0 up; got ${skipLimit}.`);
  }
  return {
    name,
    reportedNames: [name],
    withName: (renamed) => chunk(renamed, options),
    async execute(scope: JobScope): Promise<StepOutcome> {
      const result = await runReported(scope, name, (step) => runChunks(scope, step, options, skipLimit));
      return { status: verdict(result), results: [result] };
    },
  };
}

async function runChunks<I, O>(
  scope: JobScope,
  step: StepHandle,
  options: ChunkOptions<I, O>,
  skipLimit: number,
): Promise<void> {
  const resume = chunkCheckpoint(step.name, step.resumeState);
  const reader = await openReader(options.reader, { offset: resume.offset, state: resume.state });
  const ctx = step.itemContext();
  const committed = step.counters;
  const isSkippable = options.isSkippable ?? (() => true);
  let offset = resume.offset;
  let chunkNumber = 0;
  try {
    for (;;) {
      // Stops only between chunks: the chunk under way commits first, so the checkpoint is exact.
      if (scope.signal.aborted) throw new StepStoppedError(step.name);
      // A chunk is one transaction: whatever fails in it, reading included, rolls it back.
      const items: I[] = [];
      const work: Counters = zeroCounters();
      try {
        while (items.length < options.commitInterval) {
          const next = await reader.read();
          if (next.done) break;
          items.push(next.item);
        }
        if (items.length === 0) return;
        chunkNumber++;
        work.read = items.length;
        const policy = skipPolicy(
          step.name,
          skipLimit,
          isSkippable,
          () => committed.skip + work.skip,
          (error) => {
            work.skip++;
            ctx.log(`skipped an item: ${describe(error)}`);
          },
        );
        const outputs = await processChunk(items, options.processor, ctx, work, policy);
        await writeChunk(outputs, options.writer, { ...ctx, chunk: chunkNumber }, work, committed, policy);
      } catch (err) {
        committed.rollback++;
        throw err;
      }
      offset += items.length;
      addCounters(committed, work);
      const state = reader.state();
      step.checkpoint(state === undefined ? { offset } : { offset, state });
      step.report();
    }
  } finally {
    await reader.close();
  }
}

/** The chunk's outputs in reading order; counts filtered and skipped items in `work`. */
async function processChunk<I, O>(
  items: I[],
  processor: ItemProcessor<I, O> | AsyncItemProcessor<I, O> | undefined,
  ctx: ItemContext,
  work: Counters,
  policy: SkipPolicy,
): Promise<O[]> {
  if (!processor) return items as unknown as O[];
  const { process, concurrency } = processorParts(processor);
  // Stop starting items once an error is certain to fail the chunk (concurrent processors finish theirs).
  let failures = 0;
  let fatal = false;
  const settled = await settleConcurrently(
    items,
    concurrency,
    async (item) => {
      try {
        return await process(item, ctx);
      } catch (err) {
        failures++;
        if (!policy.skippable(err) || policy.skipped() + failures > policy.limit) fatal = true;
        throw err;
      }
    },
    () => fatal,
  );
  const outputs: O[] = [];
  // In reading order, so which items are skipped and where the limit bites does not depend on timing.
  for (const outcome of settled) {
    if (!outcome) break;
    if (!outcome.ok) {
      policy.skip(outcome.error);
    } else if (outcome.value === null || outcome.value === undefined) {
      work.filter++;
    } else {
      outputs.push(outcome.value);
    }
  }
  return outputs;
}

async function writeChunk<O>(
  outputs: O[],
  writer: ItemWriter<O>,
  ctx: WriteContext,
  work: Counters,
  committed: Counters,
  policy: SkipPolicy,
): Promise<void> {
  if (outputs.length > 0) {
    try {
      await writer(outputs, ctx);
    } catch (err) {
      if (!policy.skippable(err)) throw err;
      // Which item failed is unknown: the scan finds out, and skips only that one.
      committed.rollback++;
      ctx.log(`chunk ${ctx.chunk} rolled back (${describe(err)}); writing its ${outputs.length} items one at a time`);
      await scan(outputs, writer, ctx, work, committed, policy);
      return;
    }
    work.write += outputs.length;
  }
  work.commit++;
}

/** Spring Batch's scan: each item written and committed alone, the failing ones skipped. */
async function scan<O>(
  outputs: O[],
  writer: ItemWriter<O>,
  ctx: WriteContext,
  work: Counters,
  committed: Counters,
  policy: SkipPolicy,
): Promise<void> {
  for (const item of outputs) {
    try {
      await writer([item], ctx);
    } catch (err) {
      // An error that fails the step gets its rollback counted by the caller.
      policy.skip(err);
      committed.rollback++;
      continue;
    }
    work.write++;
    work.commit++;
  }
}

interface SkipPolicy {
  readonly limit: number;
  /** Skips done so far in the step, this chunk included. */
  skipped(): number;
  /** Whether the error is of a kind that may be skipped (the limit aside). */
  skippable(error: unknown): boolean;
  /** Counts a skip, or throws: the error itself if it may not be skipped, SkipLimitExceededError past the limit. */
  skip(error: unknown): void;
}

function skipPolicy(
  step: string,
  limit: number,
  isSkippable: (error: unknown) => boolean,
  skipped: () => number,
  onSkip: (error: unknown) => void,
): SkipPolicy {
  const skippable = (error: unknown): boolean => limit > 0 && isSkippable(error);
  return {
    limit,
    skipped,
    skippable,
    skip(error) {
      if (!skippable(error)) throw error;
      if (skipped() >= limit) throw new SkipLimitExceededError(step, limit, error);
      onSkip(error);
    },
  };
}

function chunkCheckpoint(step: string, state: JsonValue | undefined): ChunkCheckpoint {
  if (state === undefined) return { offset: 0 };
  if (isJsonObject(state) && Number.isSafeInteger(state.offset) && (state.offset as number) >= 0) {
    return state.state === undefined
      ? { offset: state.offset as number }
      : { offset: state.offset as number, state: state.state };
  }
  throw new Error(`Step ${step}: the checkpoint to resume from is not a chunk checkpoint: ${JSON.stringify(state)}`);
}
