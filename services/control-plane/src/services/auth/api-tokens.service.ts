import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@baton/db";
import { hashApiToken, newApiToken, tokenHint } from "../../domain/auth/api-token.js";
import type { Identity } from "../../domain/auth/identity.js";
import { exceeding, type Grant, grantText, hasGlobalRole, normalizeGrants } from "../../domain/auth/roles.js";
import { badInput, forbidden, notFound, unauthenticated } from "../../domain/errors.js";
import { checkName } from "../../domain/validation.js";
import { type ApiTokenRow, apiTokenStore } from "../../store/api-token-store.js";
import { audit } from "../../store/audit.js";
import type { RequestContext } from "../context.js";

export interface CreateApiTokenInput {
  name: string;
  /** Absent: the creator's own grants. */
  grants?: Grant[] | null;
  expiresInDays?: number | null;
  /** A token for this service account (subject service:<name>) instead of for oneself: needs MANAGE. */
  serviceAccount?: string | null;
}

const DEFAULT_DAYS = 90;

/**
 * API tokens for scripts: created and revoked by a user for themselves, or by
 * an admin (MANAGE) for a service account; shown once, stored hashed, with an
 * expiry and grants no larger than the creator's; last use recorded.
 */
export class ApiTokensService {
  constructor(
    private readonly db: PrismaClient,
    private readonly maxDays: number,
  ) {}

  private static who(ctx: RequestContext): Identity {
    if (!ctx.identity || ctx.identity.kind === "local" || ctx.identity.kind === "system") {
      throw badInput(
        "API tokens exist only when authentication is on (BATON_AUTH=oidc); in the local mode the API needs no token.",
      );
    }
    return ctx.identity;
  }

  async create(ctx: RequestContext, input: CreateApiTokenInput): Promise<{ token: string; row: ApiTokenRow }> {
    const me = ApiTokensService.who(ctx);
    checkName(input.name, "name");
    const service = input.serviceAccount ?? null;
    if (service !== null) {
      checkName(service, "serviceAccount");
      if (!hasGlobalRole(me.grants, "MANAGE"))
        throw forbidden("Only an admin (the MANAGE role on everything) may create tokens for a service account.", {
          role: "MANAGE",
        });
    }
    const grants = normalizeGrants(input.grants ?? me.grants);
    if (grants.length === 0) throw badInput("A token needs at least one role; list them in grants.");
    const over = exceeding(grants, me.grants);
    if (over.length > 0) {
      throw forbidden(
        `A token may hold no more than its creator: you do not have ${over.map(grantText).join(", ")}. Yours: ${me.grants.map(grantText).join(", ") || "none"}.`,
        { role: over[0]?.role },
      );
    }
    const days = input.expiresInDays ?? Math.min(DEFAULT_DAYS, this.maxDays);
    if (!Number.isInteger(days) || days < 1 || days > this.maxDays)
      throw badInput(
        `expiresInDays must be a whole number of days from 1 to ${this.maxDays} (BATON_API_TOKEN_MAX_DAYS).`,
      );
    const { token, hash } = newApiToken();
    const expiresAt = new Date(Date.now() + days * 86_400_000);
    const row = await this.db.$transaction(async (tx) => {
      const created = await apiTokenStore.insert(tx, {
        id: randomUUID(),
        name: input.name,
        subject: service === null ? me.subject : `service:${service}`,
        subjectName: service === null ? me.name : service,
        serviceAccount: service !== null,
        tokenHash: hash,
        hint: tokenHint(token),
        grants,
        createdBy: me.subject,
        expiresAt,
      });
      await audit(tx, ctx, {
        action: "createApiToken",
        target: created.id,
        input: { name: input.name, grants, expiresAt: expiresAt.toISOString(), serviceAccount: service },
      });
      return created;
    });
    return { token, row };
  }

  /** Your own tokens (and those you made for service accounts); an admin may revoke any. */
  async revoke(ctx: RequestContext, id: string): Promise<ApiTokenRow> {
    const me = ApiTokensService.who(ctx);
    return this.db.$transaction(async (tx) => {
      const row = await apiTokenStore.byId(tx, id);
      const mine = row && (row.subject === me.subject || row.createdBy === me.subject);
      // Someone else's token reads as missing: the answer does not tell whether it exists.
      if (!row || (!mine && !hasGlobalRole(me.grants, "MANAGE"))) throw notFound(`You have no API token ${id}.`);
      if (row.revokedAt) return row;
      const revoked = await apiTokenStore.revoke(tx, id, new Date());
      await audit(tx, ctx, { action: "revokeApiToken", target: id, input: { id, name: row.name } });
      return revoked;
    });
  }

  list(ctx: RequestContext): Promise<ApiTokenRow[]> {
    const me = ApiTokensService.who(ctx);
    return apiTokenStore.list(this.db, me.subject, hasGlobalRole(me.grants, "MANAGE"));
  }

  /** The identity a presented token stands for; UNAUTHENTICATED when unknown, revoked or expired. */
  async identify(token: string): Promise<Identity> {
    const row = await apiTokenStore.byHash(this.db, hashApiToken(token));
    const now = new Date();
    if (!row) throw unauthenticated("The API token is not known to Baton; create one with createApiToken.");
    if (row.revokedAt) throw unauthenticated(`The API token "${row.name}" was revoked; create a new one.`);
    if (row.expiresAt <= now) throw unauthenticated(`The API token "${row.name}" expired; create a new one.`);
    void apiTokenStore.touch(this.db, row.id, now).catch(() => undefined);
    return {
      kind: "api-token",
      subject: row.subject,
      name: row.subjectName,
      grants: row.grants as unknown as Grant[],
      expiresAt: row.expiresAt,
      tokenId: row.id,
    };
  }
}
