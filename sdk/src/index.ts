// The Baton task SDK: Spring Batch's step patterns for task apps written in
// TypeScript, reported to Baton as step lines (proto/PROTOCOL.md). No
// runtime dependencies: a task app needs only Node.

export { type AsyncItemProcessor, asyncProcessor, type ItemProcessor } from "./async-processor.js";
export {
  type ChunkCheckpoint,
  type ChunkOptions,
  chunk,
  type ItemWriter,
  SkipLimitExceededError,
  type WriteContext,
} from "./chunk.js";
export { type Counters, zeroCounters } from "./counters.js";
export { type JobIO, type MemoryIO, memoryIO, processIO, type StopSignal } from "./io.js";
export { type JobOptions, type JobResult, type JobStatus, runJob } from "./job.js";
export type { JsonValue } from "./json.js";
export { parallel } from "./parallel.js";
export { jobParameters } from "./parameters.js";
export { type Partition, type PartitionedOptions, type Partitions, partitioned } from "./partitioned.js";
export type { ItemReader, ItemSource, ReaderPosition, ReadFn, RestartableReader } from "./reader.js";
export {
  type CheckpointRecord,
  type ExitMessageRecord,
  formatStepLine,
  STEP_LINE_MARKER,
  type StepLineRecord,
  type StepRecord,
  type StepStatus,
} from "./records.js";
export { parseResume, type ResumeInfo } from "./resume.js";
export type { JobInfo, JobScope } from "./scope.js";
export {
  type Awaitable,
  type ItemContext,
  type Step,
  type StepContext,
  type StepOutcome,
  type StepResult,
  type StepResultStatus,
  StepStoppedError,
} from "./step.js";
export { type TaskletFn, tasklet } from "./tasklet.js";
