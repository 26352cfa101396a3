import { Field, InputType, Int } from "type-graphql";
import { DateTime, JSONScalar } from "../scalars.js";

@InputType()
export class CreateScheduleInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: "The task to start (give task or dag)." })
  task?: string | null;

  @Field(() => String, { nullable: true, description: "The DAG to start (give task or dag)." })
  dag?: string | null;

  @Field(() => String, {
    description:
      "5 fields (minute hour day month weekday), 6 with seconds first, or @daily, @hourly...; L, W, # allowed.",
  })
  cron!: string;

  @Field(() => String, { nullable: true, description: "IANA time zone, default UTC." })
  timezone?: string | null;

  @Field(() => [String], { nullable: true })
  arguments?: string[] | null;

  @Field(() => JSONScalar, { nullable: true, description: "Deployment properties for the task's runs." })
  properties?: unknown;

  @Field(() => String, { nullable: true, description: "ALLOW (default) | SKIP | QUEUE" })
  overlap?: string | null;

  @Field(() => String, { nullable: true, description: "SKIP | RUN_ONCE (default) | RUN_ALL" })
  misfire?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Default true." })
  enabled?: boolean | null;

  @Field(() => DateTime, { nullable: true, description: "No fire before this time." })
  startAt?: Date | null;

  @Field(() => DateTime, { nullable: true, description: "No fire after this time." })
  endAt?: Date | null;
}

@InputType({ description: "Only the fields given change." })
export class UpdateScheduleInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  task?: string | null;

  @Field(() => String, { nullable: true })
  dag?: string | null;

  @Field(() => String, { nullable: true })
  cron?: string | null;

  @Field(() => String, { nullable: true })
  timezone?: string | null;

  @Field(() => [String], { nullable: true })
  arguments?: string[] | null;

  @Field(() => JSONScalar, { nullable: true })
  properties?: unknown;

  @Field(() => String, { nullable: true })
  overlap?: string | null;

  @Field(() => String, { nullable: true })
  misfire?: string | null;

  @Field(() => Boolean, { nullable: true, description: "false pauses, true resumes." })
  enabled?: boolean | null;

  @Field(() => DateTime, { nullable: true })
  startAt?: Date | null;

  @Field(() => DateTime, { nullable: true })
  endAt?: Date | null;
}

@InputType()
export class BackfillScheduleInput {
  @Field(() => String)
  name!: string;

  @Field(() => DateTime, { description: "First fire time included." })
  from!: Date;

  @Field(() => DateTime, { description: "Last fire time included; not in the future." })
  to!: Date;

  @Field(() => Int, {
    nullable: true,
    description: "Runs of the schedule active at once; the rest wait. Default: all.",
  })
  maxConcurrent?: number | null;
}
