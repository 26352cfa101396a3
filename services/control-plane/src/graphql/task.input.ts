import { Field, InputType } from "type-graphql";
import { JSONScalar } from "./scalars.js";

@InputType()
export class CreateTaskInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "The registered app to run." })
  app!: string;

  @Field(() => String, { nullable: true, description: "App version; the app's default when omitted." })
  version?: string | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "Deployment properties: env, cpu, memory, timeoutSeconds, graceSeconds, platform, pool.",
  })
  properties?: unknown;

  @Field(() => [String], { nullable: true, description: "Default arguments, before those given at launch." })
  arguments?: string[] | null;
}
