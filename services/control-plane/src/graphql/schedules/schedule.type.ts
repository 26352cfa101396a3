import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTime, JSONScalar } from "../scalars.js";

@ObjectType({ description: "A cron schedule that starts a task or a DAG." })
export class Schedule {
  id!: string;
  taskName!: string | null;
  dagName!: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  cron!: string;

  @Field(() => String, { description: "IANA time zone the cron is read in." })
  timezone!: string;

  @Field(() => [String])
  arguments!: string[];

  @Field(() => JSONScalar, { description: "Deployment properties for the task's runs." })
  properties!: unknown;

  @Field(() => Boolean, { description: "false = paused: fire times are recorded as PAUSED and start nothing." })
  enabled!: boolean;

  @Field(() => DateTime, { nullable: true })
  startAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  endAt!: Date | null;

  @Field(() => String, { description: "ALLOW | SKIP | QUEUE: what a fire does while the previous run is active." })
  overlap!: string;

  @Field(() => String, {
    description: "SKIP | RUN_ONCE | RUN_ALL: what happens to fire times missed while no control plane was up.",
  })
  misfire!: string;

  @Field(() => DateTime, { nullable: true, description: "The next fire time; null when none is left (past endAt)." })
  nextFireAt!: Date | null;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  updatedAt!: Date;

  @Field(() => String)
  createdBy!: string;
}

@ObjectType({ description: "One fire time of a schedule and what came of it." })
export class ScheduleFire {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTime, { description: "The fire time (BATON_SCHEDULED_TIME of its run)." })
  scheduledTime!: Date;

  @Field(() => DateTime, { nullable: true, description: "When its run started, or the fire was decided." })
  firedAt!: Date | null;

  @Field(() => String, { description: "SCHEDULED | MISFIRE | BACKFILL" })
  kind!: string;

  @Field(() => String, { description: "STARTED | WAITING | SKIPPED | MISSED | PAUSED | FAILED" })
  outcome!: string;

  @Field(() => String, { nullable: true, description: "Why it started nothing (or how it started)." })
  reason!: string | null;

  @Field(() => ID, { nullable: true })
  executionId!: string | null;

  @Field(() => ID, { nullable: true })
  dagRunId!: string | null;
}

@ObjectType({ description: "A cron expression checked without saving anything." })
export class CronPreview {
  @Field(() => Boolean)
  valid!: boolean;

  @Field(() => String, { nullable: true, description: "Where and why it is invalid." })
  error!: string | null;

  @Field(() => String, { nullable: true, description: "The cron in words." })
  description!: string | null;

  @Field(() => String)
  timezone!: string;

  @Field(() => [DateTime])
  nextFireTimes!: Date[];
}

@ObjectType()
export class BackfillResult {
  @Field(() => Int, { description: "Fire times in the range." })
  fireTimes!: number;

  @Field(() => Int, { description: "New fires: started, or waiting for a slot (maxConcurrent)." })
  created!: number;

  @Field(() => Int, { description: "Fire times that had fired or been backfilled before: not started again." })
  alreadyFired!: number;

  @Field(() => [ScheduleFire], { description: "The range's fires, oldest first." })
  fires!: ScheduleFire[];
}
