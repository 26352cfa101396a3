import { Field, ID, Int, ObjectType } from "type-graphql";
import { type Execution, ExecutionStatus, PageInfo } from "../execution.type.js";
import { DateTime } from "../scalars.js";
import { DagNode } from "./dag.type.js";

/** Where a node's execution comes from: the payload's shared snapshot, or the request's loader. */
export type ExecutionLookup = (id: string) => Promise<Execution | null>;

@ObjectType()
export class DagNodeAttempt {
  @Field(() => Int)
  attempt!: number;

  @Field(() => ExecutionStatus)
  status!: string;

  @Field(() => String, {
    nullable: true,
    description: "What transitions matched: the exit message, else COMPLETED / FAILED.",
  })
  exitStatus!: string | null;

  /** `execution` is resolved from these, only when a client selects it (DagNodeAttemptResolver). */
  executionId!: string;
  lookup!: ExecutionLookup;
}

@ObjectType({ description: "A node within one run: its current attempt and all earlier ones." })
export class DagNodeRun {
  @Field(() => DagNode)
  node!: DagNode;

  @Field(() => ExecutionStatus, { nullable: true, description: "null = not run (yet)" })
  status!: string | null;

  @Field(() => String, { nullable: true })
  exitStatus!: string | null;

  /** `execution` is resolved from these, only when a client selects it (DagNodeRunResolver). */
  executionId!: string | null;
  lookup!: ExecutionLookup;

  @Field(() => DateTime, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  endedAt!: Date | null;

  @Field(() => [DagNodeAttempt])
  attempts!: DagNodeAttempt[];
}

@ObjectType({ description: "One run of a DAG, pinned to the DAG version it started with." })
export class DagRun {
  dagId!: string;

  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => ExecutionStatus)
  status!: string;

  @Field(() => Int, { description: "1, then +1 for each restartDagRun." })
  attempt!: number;

  @Field(() => [String])
  arguments!: string[];

  @Field(() => String, { nullable: true })
  idempotencyKey!: string | null;

  @Field(() => String, { nullable: true, description: "Why the run failed when no node says it." })
  errorMessage!: string | null;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true })
  endedAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  cancelRequestedAt!: Date | null;
}

@ObjectType()
export class DagRunEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => DagRun)
  node!: DagRun;
}

@ObjectType()
export class DagRunConnection {
  @Field(() => [DagRunEdge])
  edges!: DagRunEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
