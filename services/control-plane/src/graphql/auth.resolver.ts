import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Grant } from "../domain/auth/roles.js";
import type { ApiTokensService } from "../services/auth/api-tokens.service.js";
import type { RequestContext } from "../services/context.js";
import {
  ApiTokenInfo,
  CreateApiTokenInput,
  CreatedApiToken,
  toApiTokenInfo,
  toGrantInfo,
  Viewer,
} from "./auth.type.js";

@Resolver()
export class AuthResolver {
  constructor(
    private readonly tokens: ApiTokensService,
    /** Whose end a revoked token's open subscriptions meet (graphql/sessions.ts). */
    private readonly onRevoked: (tokenId: string) => void,
  ) {}

  @Query(() => Viewer, { description: "Who you are to the API and what you may do (the console hides the rest)." })
  me(@Ctx() ctx: RequestContext): Viewer {
    const id = ctx.identity;
    return {
      authenticated: id !== undefined && id.kind !== "local",
      kind: id?.kind ?? "local",
      subject: id?.subject ?? ctx.actor,
      name: id?.name ?? ctx.actor,
      grants: (id?.grants ?? []).map(toGrantInfo),
      expiresAt: id?.expiresAt ?? null,
    };
  }

  @Query(() => [ApiTokenInfo], {
    description: "Your API tokens and those you made for service accounts (an admin with MANAGE sees all).",
  })
  async apiTokens(@Ctx() ctx: RequestContext): Promise<ApiTokenInfo[]> {
    return (await this.tokens.list(ctx)).map(toApiTokenInfo);
  }

  @Mutation(() => CreatedApiToken, {
    description: "A token for scripts, with roles no larger than yours and an expiry; the token is shown once.",
  })
  async createApiToken(
    @Arg("input", () => CreateApiTokenInput) input: CreateApiTokenInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatedApiToken> {
    const grants = input.grants?.map((g): Grant => (g.prefix ? { role: g.role, prefix: g.prefix } : { role: g.role }));
    const { token, row } = await this.tokens.create(ctx, { ...input, grants: grants ?? null });
    return { token, apiToken: toApiTokenInfo(row) };
  }

  @Mutation(() => ApiTokenInfo, { description: "Stops the token working at once, open subscriptions included." })
  async revokeApiToken(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApiTokenInfo> {
    const row = await this.tokens.revoke(ctx, id);
    this.onRevoked(row.id);
    return toApiTokenInfo(row);
  }
}
