import { Field, InputType, Int } from "type-graphql";
import { JSONScalar } from "../scalars.js";

@InputType()
export class CreateDagInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "SCDF composed-task DSL, e.g. `extract && <report || export> && notify`." })
  definition!: string;

  @Field(() => Int, { nullable: true, description: "At most this many nodes of one run at once." })
  maxParallel?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "At most this many of the DAG's node executions at once, across all its runs (the rest wait QUEUED).",
  })
  maxConcurrent?: number | null;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      'Per node (by id: its label, or its task name): deployment properties laid over the task\'s when the node runs, as a launch\'s are. E.g. {"load": {"retry": {"maxAttempts": 3}, "priority": 5}}.',
  })
  nodeProperties?: unknown;
}

/** The same fields: a new version of the DAG named (the definition whole, the limits and node properties as they are to be). */
@InputType()
export class UpdateDagInput extends CreateDagInput {}

@InputType()
export class LaunchDagInput {
  @Field(() => String)
  name!: string;

  @Field(() => [String], { nullable: true, description: "Appended to every node's arguments." })
  arguments?: string[] | null;

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
}
