import { Field, Int, ObjectType } from "type-graphql";
import { ExecutionStatus } from "./execution.type.js";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "How many executions have one status." })
export class StatusCount {
  @Field(() => ExecutionStatus)
  status!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: "Executions queued within one hour (UTC), by their status now." })
export class OverviewBucket {
  @Field(() => DateTime, { description: "The hour's start." })
  start!: Date;

  @Field(() => Int, { description: "Executions queued within this hour (and the window)." })
  total!: number;

  @Field(() => [StatusCount], { description: "Non-zero counts only, in lifecycle order." })
  counts!: StatusCount[];
}

@ObjectType({
  description:
    "The fleet at a glance, counted in Postgres (no rows are fetched): what is active now, what ended and what was queued within the window [since, until].",
})
export class Overview {
  @Field(() => Int, { description: "The window's length in hours." })
  hours!: number;

  @Field(() => DateTime, { description: "The window's start: until minus hours." })
  since!: Date;

  @Field(() => DateTime, { description: "The database's now, when this was counted." })
  until!: Date;

  @Field(() => [StatusCount], {
    description: "Executions not ended, whenever queued: every one of QUEUED, DISPATCHED and RUNNING, zeros included.",
  })
  active!: StatusCount[];

  @Field(() => [StatusCount], {
    description: "Executions that ended within the window, for every terminal status, zeros included.",
  })
  ended!: StatusCount[];

  @Field(() => Int, { description: "Executions that ended FAILED, TIMED_OUT, LOST or EXPIRED within the window." })
  failed!: number;

  @Field(() => [OverviewBucket], {
    description:
      "Executions queued within the window, per hour from the hour of since to the hour of until (the first and last are partial), empty hours included.",
  })
  buckets!: OverviewBucket[];

  @Field(() => Int, { description: "Runners heard from within the LOST delay (what runners returns by default)." })
  runners!: number;
}
