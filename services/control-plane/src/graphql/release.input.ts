import { Field, InputType, Int } from "type-graphql";
import { UPGRADE_ARGUMENTS_RULE, UPGRADE_PROPERTIES_RULE } from "../domain/release-rules.js";
import { JSONScalar } from "./scalars.js";

@InputType({ description: "Run the new revision once before it becomes current (Skipper's health check)." })
export class VerifyInput {
  @Field(() => [String], { nullable: true })
  arguments?: string[] | null;

  @Field(() => Int, { nullable: true, description: "Default 300, at most 3600." })
  timeoutSeconds?: number | null;
}

@InputType()
export class UpgradeTaskInput {
  @Field(() => String)
  task!: string;

  @Field(() => String, {
    nullable: true,
    description: "Another registered version of the task's app; the current one if omitted.",
  })
  version?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: UPGRADE_PROPERTIES_RULE })
  properties?: unknown;

  @Field(() => [String], { nullable: true, description: UPGRADE_ARGUMENTS_RULE })
  arguments?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "Make a new revision even when nothing changes." })
  force?: boolean | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => VerifyInput, { nullable: true })
  verify?: VerifyInput | null;
}

@InputType()
export class RollbackTaskInput {
  @Field(() => String)
  task!: string;

  @Field(() => Int, { nullable: true, description: "The revision to copy; the previous deployed one if omitted." })
  revision?: number | null;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}
