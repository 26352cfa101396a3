import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Grant } from "../domain/auth/roles.js";
import type { ApiTokenRow } from "../store/api-token-store.js";
import { DateTime } from "./scalars.js";

export enum RoleName {
  VIEW = "VIEW",
  CREATE = "CREATE",
  DEPLOY = "DEPLOY",
  DESTROY = "DESTROY",
  MODIFY = "MODIFY",
  SCHEDULE = "SCHEDULE",
  MANAGE = "MANAGE",
}
registerEnumType(RoleName, {
  name: "Role",
  description: "Spring Cloud Data Flow's roles; README.md's Roles table says what each allows.",
});

@ObjectType({ description: "One role, on every task and DAG or only on those whose name starts with prefix." })
export class GrantInfo {
  @Field(() => RoleName)
  role!: RoleName;

  @Field(() => String, { nullable: true, description: "Task and DAG names starting with this; null: all." })
  prefix!: string | null;
}

@InputType()
export class GrantInput {
  @Field(() => RoleName)
  role!: RoleName;

  @Field(() => String, { nullable: true, description: "Limit the role to task and DAG names starting with this." })
  prefix?: string | null;
}

@ObjectType({ description: "Who the API sees: the signed-in identity and what it may do." })
export class Viewer {
  @Field(() => Boolean, { description: "False in the local mode (authentication off): everyone may do everything." })
  authenticated!: boolean;

  @Field(() => String, { description: 'How the caller proved who it is: "oidc", "api-token" or "local".' })
  kind!: string;

  @Field(() => String, { description: "The stable id: the OIDC subject, service:<name>, or the local actor." })
  subject!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [GrantInfo])
  grants!: GrantInfo[];

  @Field(() => DateTime, { nullable: true, description: "When the credential stops being valid." })
  expiresAt!: Date | null;
}

@ObjectType({ description: "An API token (never the token itself, which is shown once at creation)." })
export class ApiTokenInfo {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "Who the token acts as: a user's subject or service:<name>." })
  subject!: string;

  @Field(() => String)
  subjectName!: string;

  @Field(() => Boolean)
  serviceAccount!: boolean;

  @Field(() => String, { description: "The token's first characters, to tell tokens apart." })
  hint!: string;

  @Field(() => [GrantInfo])
  grants!: GrantInfo[];

  @Field(() => String, { description: "The subject that created it." })
  createdBy!: string;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  expiresAt!: Date;

  @Field(() => DateTime, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => DateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiToken {
  @Field(() => String, {
    description: "The token: shown this once, never again. Send it as Authorization: Bearer <token>.",
  })
  token!: string;

  @Field(() => ApiTokenInfo)
  apiToken!: ApiTokenInfo;
}

@InputType()
export class CreateApiTokenInput {
  @Field(() => String, { description: "What the token is for, e.g. nightly-export." })
  name!: string;

  @Field(() => [GrantInput], { nullable: true, description: "Its roles (no more than yours); default: all of yours." })
  grants?: GrantInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description: "Days until it expires; default 90 (at most BATON_API_TOKEN_MAX_DAYS).",
  })
  expiresInDays?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Create it for this service account instead of yourself (MANAGE).",
  })
  serviceAccount?: string | null;
}

export const toGrantInfo = (g: Grant): GrantInfo => ({ role: g.role as RoleName, prefix: g.prefix ?? null });

export const toApiTokenInfo = (r: ApiTokenRow): ApiTokenInfo => ({
  id: r.id,
  name: r.name,
  subject: r.subject,
  subjectName: r.subjectName,
  serviceAccount: r.serviceAccount,
  hint: r.hint,
  grants: (r.grants as unknown as Grant[]).map(toGrantInfo),
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});
