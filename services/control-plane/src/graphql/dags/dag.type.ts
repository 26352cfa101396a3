import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTime, JSONScalar } from "../scalars.js";

@ObjectType({ description: "A node of a DAG: one task run, with its label and DSL arguments." })
export class DagNode {
  @Field(() => ID, { description: "The label, or the task name when there is none." })
  id!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String)
  task!: string;

  @Field(() => [String])
  arguments!: string[];

  @Field(() => JSONScalar, { nullable: true, description: "The DAG's nodeProperties for this node." })
  properties?: unknown;
}

@ObjectType({
  description: "from -> to; on: null = always (sequence, fork, join), else the exit status it matches, or *.",
})
export class DagEdge {
  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => String, { nullable: true })
  on!: string | null;
}

@ObjectType({ description: "A composed task in Spring Cloud Data Flow's DSL, versioned." })
export class Dag {
  id!: string;
  currentVersion!: number;

  @Field(() => String)
  name!: string;

  @Field(() => Int, { nullable: true, description: "At most this many nodes run at once; null = unbounded." })
  maxParallel!: number | null;

  @Field(() => Int, { nullable: true, description: "At most this many node executions at once across all runs." })
  maxConcurrent!: number | null;

  @Field(() => DateTime)
  createdAt!: Date;
}

@ObjectType()
export class DagVersionInfo {
  @Field(() => Int)
  version!: number;

  @Field(() => String)
  definition!: string;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => String)
  createdBy!: string;
}

@ObjectType({ description: "Where and why a definition is wrong (1-based)." })
export class DagError {
  @Field(() => Int)
  line!: number;

  @Field(() => Int)
  column!: number;

  @Field(() => String)
  message!: string;

  @Field(() => [String], { nullable: true })
  expected?: string[];
}

@ObjectType()
export class DagParseResult {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => [DagNode])
  nodes!: DagNode[];

  @Field(() => [DagEdge])
  edges!: DagEdge[];

  @Field(() => [DagError])
  errors!: DagError[];
}
