import { Field, Int, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "A runner process that sent a heartbeat recently." })
export class RunnerInfo {
  @Field(() => String)
  id!: string;

  @Field(() => String)
  platform!: string;

  @Field(() => String)
  pool!: string;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int)
  running!: number;

  @Field(() => String)
  hostname!: string;

  @Field(() => DateTime)
  startedAt!: Date;

  @Field(() => DateTime)
  lastHeartbeatAt!: Date;
}
