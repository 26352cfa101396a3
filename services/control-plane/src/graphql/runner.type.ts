import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { formatCpu, formatMemory } from "../domain/admission/quantity.js";
import type { RunnerView } from "../services/fleet.service.js";
import { DateTime, JSONScalar } from "./scalars.js";

export enum RunnerState {
  ACTIVE = "ACTIVE",
  DRAINING = "DRAINING",
  DRAINED = "DRAINED",
  OFFLINE = "OFFLINE",
}
registerEnumType(RunnerState, {
  name: "RunnerState",
  description:
    "ACTIVE takes work; DRAINING takes nothing new while its runs finish (drainRunner); DRAINED has finished them; OFFLINE has not sent a heartbeat within the LOST delay.",
});

@ObjectType({ description: "A runner process: what it offers admission and what it holds." })
export class RunnerInfo {
  @Field(() => String, { description: "Stable across restarts (derived from its host and data folder, or RUNNER_ID)." })
  id!: string;

  @Field(() => String)
  platform!: string;

  @Field(() => String)
  pool!: string;

  @Field(() => JSONScalar, { description: "Its labels; a run's runnerLabels must all match." })
  labels!: Record<string, string>;

  @Field(() => Int, { description: "Slots: runs it holds at once." })
  capacity!: number;

  @Field(() => Int, { description: "Slots in use: runs given to it that have not ended." })
  slotsInUse!: number;

  @Field(() => Int, { description: "Runs it reported holding in its last heartbeat." })
  running!: number;

  @Field(() => String, { description: "CPU it offers, like 2 or 1500m." })
  cpu!: string;

  @Field(() => String, { description: "CPU not requested by its runs." })
  cpuFree!: string;

  @Field(() => Int)
  cpuMillis!: number;

  @Field(() => Int)
  cpuFreeMillis!: number;

  @Field(() => String, { description: "Memory it offers, like 8Gi." })
  memory!: string;

  @Field(() => String, { description: "Memory not requested by its runs." })
  memoryFree!: string;

  @Field(() => Float)
  memoryBytes!: number;

  @Field(() => Float)
  memoryFreeBytes!: number;

  @Field(() => String, { nullable: true })
  version!: string | null;

  @Field(() => RunnerState)
  state!: RunnerState;

  @Field(() => DateTime, { nullable: true, description: "When drainRunner was called." })
  drainingAt!: Date | null;

  @Field(() => String)
  hostname!: string;

  @Field(() => DateTime)
  startedAt!: Date;

  @Field(() => DateTime)
  lastHeartbeatAt!: Date;
}

export function toRunnerInfo(r: RunnerView): RunnerInfo {
  const cpuFree = Math.max(0, r.cpuMillis - r.usedCpuMillis);
  const memoryFree = Math.max(0, r.memoryBytes - r.usedMemoryBytes);
  return {
    id: r.id,
    platform: r.platform,
    pool: r.pool,
    labels: r.labels ?? {},
    capacity: r.capacity,
    slotsInUse: r.usedSlots,
    running: r.running,
    cpu: formatCpu(r.cpuMillis),
    cpuFree: formatCpu(cpuFree),
    cpuMillis: r.cpuMillis,
    cpuFreeMillis: cpuFree,
    memory: formatMemory(r.memoryBytes),
    memoryFree: formatMemory(memoryFree),
    memoryBytes: r.memoryBytes,
    memoryFreeBytes: memoryFree,
    version: r.version,
    state: r.state as RunnerState,
    drainingAt: r.drainingAt,
    hostname: r.hostname,
    startedAt: r.startedAt,
    lastHeartbeatAt: r.lastHeartbeatAt,
  };
}

@ObjectType({ description: "A pool of runners and its optional limit on runs at once." })
export class PoolInfo {
  @Field(() => String)
  name!: string;

  @Field(() => Int, {
    nullable: true,
    description: "At most this many runs of the pool at once; null: the runners' slots only.",
  })
  maxConcurrent!: number | null;
}

@ObjectType({ description: "What waits in one pool." })
export class PoolQueue {
  @Field(() => String)
  pool!: string;

  @Field(() => Int)
  queued!: number;

  @Field(() => Int, { description: "Runs given to a runner and not ended." })
  running!: number;

  @Field(() => Int, { nullable: true })
  maxConcurrent!: number | null;

  @Field(() => DateTime)
  oldestQueuedAt!: Date;

  @Field(() => Float, { description: "How long the oldest run has waited, in seconds." })
  oldestWaitSeconds!: number;

  @Field(() => String, { nullable: true, description: "Why the oldest run waits." })
  blockingReason!: string | null;
}

@ObjectType({ description: "What waits of one task in one pool." })
export class TaskQueue {
  @Field(() => String)
  task!: string;

  @Field(() => String)
  pool!: string;

  @Field(() => Int)
  queued!: number;

  @Field(() => Int)
  running!: number;

  @Field(() => DateTime)
  oldestQueuedAt!: Date;

  @Field(() => Float)
  oldestWaitSeconds!: number;

  @Field(() => String, { nullable: true, description: "Why its first run in line waits." })
  blockingReason!: string | null;
}

@ObjectType({ description: "The queue: per pool and per task, how much waits, for how long, and why." })
export class QueueSummary {
  @Field(() => [PoolQueue])
  pools!: PoolQueue[];

  @Field(() => [TaskQueue])
  tasks!: TaskQueue[];
}
