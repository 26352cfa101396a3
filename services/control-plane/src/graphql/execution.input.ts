import { Field, ID, InputType } from "type-graphql";
import { JSONScalar } from "./scalars.js";

@InputType()
export class LaunchTaskInput {
  @Field(() => String)
  task!: string;

  @Field(() => [String], {
    nullable: true,
    description: "Appended to the task's default arguments; each reaches the program as one argv element.",
  })
  arguments?: string[] | null;

  @Field(() => JSONScalar, { nullable: true, description: "Deployment properties for this run, over the task's." })
  properties?: unknown;

  @Field(() => String, { nullable: true, description: "The same key for the same task returns the first execution." })
  idempotencyKey?: string | null;
}

@InputType()
export class RelaunchExecutionInput {
  @Field(() => ID, { description: "An ended execution." })
  id!: string;

  @Field(() => [String], {
    nullable: true,
    description: "Instead of the execution's arguments (after the task's defaults); omitted or null: the same ones.",
  })
  arguments?: string[] | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      "Laid over the properties the execution was launched with (env and secrets key by key, other fields whole); the result goes over the task's as at launch.",
  })
  properties?: unknown;
}
