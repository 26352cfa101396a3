import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTime, JSONScalar } from "./scalars.js";

export enum ReleaseStatus {
  DEPLOYED = "DEPLOYED",
  SUPERSEDED = "SUPERSEDED",
  FAILED = "FAILED",
}
registerEnumType(ReleaseStatus, { name: "ReleaseStatus" });

@ObjectType({ description: "A task: an app version plus properties and default arguments, with a release history." })
export class TaskDefinition {
  id!: string;
  appId!: string;
  currentRevision!: number;

  @Field(() => String)
  name!: string;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: "Set when the task was deleted (its history stays)." })
  deletedAt!: Date | null;
}

@ObjectType({ description: "One revision of a task's release history (Skipper's model)." })
export class Release {
  taskId!: string;
  appVersionId!: string;

  @Field(() => Int)
  revision!: number;

  @Field(() => ReleaseStatus)
  status!: ReleaseStatus;

  @Field(() => JSONScalar, { description: "app, version, uri, properties and arguments this revision runs with" })
  manifest!: unknown;

  @Field(() => DateTime)
  createdAt!: Date;
}
