import { Field, InputType } from "type-graphql";
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
