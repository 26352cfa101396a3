import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTime, JSONScalar } from "./scalars.js";

export enum ReleaseStatus {
  DEPLOYED = "DEPLOYED",
  SUPERSEDED = "SUPERSEDED",
  FAILED = "FAILED",
  PENDING = "PENDING",
}
registerEnumType(ReleaseStatus, { name: "ReleaseStatus" });

@ObjectType({ description: "A task: an app version plus properties and default arguments, with a release history." })
export class TaskDefinition {
  id!: string;
  appId!: string;
  currentRevision!: number;
  // Retention overrides; read through the `retention` field (task.resolver.ts).
  retentionDays!: number | null;
  retentionRuns!: number | null;
  logRetentionDays!: number | null;

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

  @Field(() => String, { description: "CREATE, UPGRADE or ROLLBACK" })
  kind!: string;

  @Field(() => Int, { nullable: true, description: "For a rollback: the revision whose manifest was copied." })
  sourceRevision!: number | null;

  @Field(() => String, { description: "Who made this revision (X-Baton-Actor until single sign-on)." })
  createdBy!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: "Why verification failed (status FAILED)." })
  failureReason!: string | null;

  verifyExecutionId!: string | null;
}

@ObjectType({ description: "One difference between two manifests." })
export class ManifestChange {
  @Field(() => String, { description: "e.g. version, properties.env.REGION, arguments[1]" })
  path!: string;

  @Field(() => String, { description: "added, removed or changed" })
  kind!: string;

  @Field(() => JSONScalar, { nullable: true })
  from?: unknown;

  @Field(() => JSONScalar, { nullable: true })
  to?: unknown;
}

@ObjectType()
export class ReleaseDiff {
  @Field(() => Release)
  from!: Release;

  @Field(() => Release)
  to!: Release;

  @Field(() => [ManifestChange])
  changes!: ManifestChange[];
}
