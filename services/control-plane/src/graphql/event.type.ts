import { Field, ID, Int, ObjectType } from "type-graphql";
import { ExecutionStatus, LogLine, StepExecution } from "./execution.type.js";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "One numbered event of an execution: a status change, a log line or a step update." })
export class ExecutionEvent {
  @Field(() => ID)
  executionId!: string;

  @Field(() => Int, { description: "1, 2, 3... per execution, delivered in order with no gaps." })
  seq!: number;

  @Field(() => String, { description: "STATUS, LOG or STEP" })
  kind!: string;

  @Field(() => ExecutionStatus, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true, description: "Why the status changed (STATUS events)." })
  cause!: string | null;

  @Field(() => LogLine, { nullable: true })
  log!: LogLine | null;

  @Field(() => StepExecution, { nullable: true })
  step!: StepExecution | null;

  @Field(() => DateTime)
  at!: Date;
}
