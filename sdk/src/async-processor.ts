import { checkPositive } from "./pool.js";
import type { Awaitable, ItemContext } from "./step.js";

/** Turns an item into what the writer gets; null or undefined filters it out (filterCount). */
export type ItemProcessor<I, O> = (item: I, ctx: ItemContext) => Awaitable<O | null | undefined>;

/** A processor whose items within a chunk run concurrently; build it with asyncProcessor(). */
export interface AsyncItemProcessor<I, O> {
  readonly concurrency: number;
  readonly process: ItemProcessor<I, O>;
}

/**
 * Spring Batch's AsyncItemProcessor: the items of a chunk are processed
 * concurrently, at most `concurrency` at a time, for processors that wait
 * on something slow (an HTTP call, a heavy computation in a worker). The
 * writer still gets the chunk's results in reading order, and the chunk
 * commits only when all of them are done, as with AsyncItemWriter.
 */
export function asyncProcessor<I, O>(
  process: ItemProcessor<I, O>,
  options: { concurrency: number },
): AsyncItemProcessor<I, O> {
  // An object rather than a tagged function: TypeScript then infers the chunk's output type through it.
  return { concurrency: checkPositive(options.concurrency, "asyncProcessor's concurrency"), process };
}

/** The function and concurrency of either kind of processor (a plain one handles one item at a time). */
export function processorParts<I, O>(
  processor: ItemProcessor<I, O> | AsyncItemProcessor<I, O>,
): AsyncItemProcessor<I, O> {
  return typeof processor === "function" ? { concurrency: 1, process: processor } : processor;
}
