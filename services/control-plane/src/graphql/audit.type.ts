import { Field, ID, InputType, ObjectType } from "type-graphql";
import { PageInfo } from "./execution.type.js";
import { DateTime, JSONScalar } from "./scalars.js";

@ObjectType({ description: "One mutation: who did what, when, with which input (secrets masked)." })
export class AuditRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTime)
  at!: Date;

  @Field(() => String)
  actor!: string;

  @Field(() => String, { description: "The mutation's name, e.g. upgradeTask." })
  action!: string;

  @Field(() => String, { nullable: true, description: "What it acted on: a task name, app@version or execution id." })
  target!: string | null;

  @Field(() => String)
  correlationId!: string;

  @Field(() => JSONScalar, {
    description:
      "The mutation's input; the values of secret-named keys (a word such as password, secret, token, credentials, or apiKey / accessKey / privateKey) are ***. idempotencyKey and other keys stay in clear.",
  })
  input!: unknown;
}

@ObjectType()
export class AuditEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => AuditRecord)
  node!: AuditRecord;
}

@ObjectType()
export class AuditConnection {
  @Field(() => [AuditEdge])
  edges!: AuditEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType()
export class AuditFilterInput {
  @Field(() => String, { nullable: true })
  actor?: string | null;

  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => String, { nullable: true })
  target?: string | null;

  @Field(() => DateTime, { nullable: true })
  since?: Date | null;

  @Field(() => DateTime, { nullable: true })
  until?: Date | null;
}
