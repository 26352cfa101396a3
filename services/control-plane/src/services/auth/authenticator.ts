import type { AuthConfig } from "../../config.js";
import { looksLikeApiToken } from "../../domain/auth/api-token.js";
import type { Identity } from "../../domain/auth/identity.js";
import { ALL_GRANTS } from "../../domain/auth/roles.js";
import { unauthenticated } from "../../domain/errors.js";
import type { ApiTokensService } from "./api-tokens.service.js";
import { OidcVerifier } from "./oidc-verifier.js";

/**
 * Turns a request's credential into an Identity. With authentication off
 * (the local mode) everyone is the local user with every role, named by the
 * X-Baton-Actor header; with it on, an `Authorization: Bearer` credential is
 * required: a Baton API token, or a JWT of the configured OIDC provider.
 */
export class Authenticator {
  private readonly oidc: OidcVerifier | undefined;

  constructor(
    readonly config: AuthConfig,
    private readonly tokens: ApiTokensService,
  ) {
    this.oidc = config.oidc ? new OidcVerifier(config.oidc) : undefined;
  }

  get enabled(): boolean {
    return this.config.mode !== "off";
  }

  /** `authorization`: the header's (or connection_init's) value; `localActor`: X-Baton-Actor, for the local mode. */
  async identify(authorization: string | undefined, localActor: string): Promise<Identity> {
    if (!this.enabled) return { kind: "local", subject: localActor, name: localActor, grants: ALL_GRANTS };
    const credential = bearer(authorization);
    if (looksLikeApiToken(credential)) return this.tokens.identify(credential);
    if (!this.oidc) throw unauthenticated("Only API tokens are accepted here.");
    return this.oidc.verify(credential);
  }
}

function bearer(authorization: string | undefined): string {
  const value = authorization?.trim();
  if (!value) {
    throw unauthenticated(
      'Sign in first: send Authorization: Bearer <token> (an access or ID token of the identity provider, or a Baton API token); subscriptions send it in connection_init as {authorization: "Bearer <token>"}.',
    );
  }
  const m = /^Bearer\s+(\S+)$/i.exec(value);
  if (!m?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  return m[1];
}
