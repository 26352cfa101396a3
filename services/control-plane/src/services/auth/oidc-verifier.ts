import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { OidcConfig } from "../../config.js";
import type { Identity } from "../../domain/auth/identity.js";
import { claimValues, grantsFromClaim } from "../../domain/auth/role-map.js";
import { unauthenticated } from "../../domain/errors.js";

const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * The identity provider could not be asked (discovery document or keys
 * unreachable): not the caller's fault, so not UNAUTHENTICATED; the API
 * answers SERVICE_UNAVAILABLE (503, retryable) and the token stays good.
 */
export class ProviderUnavailable extends Error {
  override readonly name = "ProviderUnavailable";
}

/**
 * Checks a provider's JWTs (ID tokens and JWT access tokens alike) with jose:
 * signature against the issuer's JWKS (found through its discovery
 * document, fetched on first use and refetched when a key id is unknown),
 * issuer, audience, expiry and not-before with the configured clock skew.
 */
export class OidcVerifier {
  private jwks: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly config: OidcConfig) {}

  private keys(): Promise<JWTVerifyGetKey> {
    this.jwks ??= this.discover().catch((err) => {
      this.jwks = undefined; // the next request tries again
      throw err;
    });
    return this.jwks;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const url = `${this.config.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
    let meta: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      meta = (await res.json()) as typeof meta;
    } catch (err) {
      throw new ProviderUnavailable(
        `Cannot check the token now: the identity provider's discovery document ${url} could not be read (${(err as Error).message}). Try again; if it persists, check BATON_OIDC_ISSUER.`,
      );
    }
    if (meta.issuer !== this.config.issuer || typeof meta.jwks_uri !== "string") {
      throw unauthenticated(
        `The identity provider at ${url} names issuer ${JSON.stringify(meta.issuer)}, not BATON_OIDC_ISSUER ${JSON.stringify(this.config.issuer)}; set BATON_OIDC_ISSUER to exactly the issuer it announces.`,
      );
    }
    return createRemoteJWKSet(new URL(meta.jwks_uri), { timeoutDuration: DISCOVERY_TIMEOUT_MS });
  }

  async verify(token: string): Promise<Identity> {
    const keys = await this.keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience: this.config.audience.split(",").map((a) => a.trim()),
        clockTolerance: this.config.clockSkewSeconds,
        requiredClaims: ["sub", "exp"],
      }));
    } catch (err) {
      if (err instanceof errors.JWKSTimeout || (err instanceof TypeError && /fetch/i.test(err.message)))
        throw new ProviderUnavailable(
          `Cannot check the token now: the keys of ${this.config.issuer} could not be fetched. Try again.`,
        );
      throw unauthenticated(refusal(err, this.config));
    }
    const claims = payload as Record<string, unknown>;
    const subject = String(payload.sub);
    const name = [claims.name, claims.preferred_username, claims.email, claims.client_id].find(
      (v): v is string => typeof v === "string" && v.length > 0,
    );
    return {
      kind: "oidc",
      subject,
      name: name ?? subject,
      grants: grantsFromClaim(claimValues(claims, this.config.rolesClaim), this.config.roleMap),
      ...(payload.exp ? { expiresAt: new Date(payload.exp * 1000) } : {}),
    };
  }
}

/** Why a JWT was refused, in words a person can act on (never the token itself). */
function refusal(err: unknown, config: OidcConfig): string {
  if (err instanceof errors.JWTExpired) return "The token has expired; sign in again or get a new token.";
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "aud")
      return `The token was issued for another audience; Baton accepts tokens whose aud is ${config.audience} (BATON_OIDC_AUDIENCE).`;
    if (err.claim === "iss") return `The token was issued by another issuer; Baton accepts tokens of ${config.issuer}.`;
    if (err.claim === "nbf") return "The token is not valid yet (nbf); check the clocks.";
    return `The token's ${err.claim} claim is not acceptable: ${err.reason}.`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey)
    return `The token's signature does not match any key of ${config.issuer}; it was not issued by that provider.`;
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported)
    return "The token is signed with an algorithm Baton does not accept.";
  if (err instanceof errors.JWKSInvalid) return `The keys ${config.issuer} publishes are not a valid JWKS.`;
  return "The bearer credential is neither a valid JWT of the identity provider nor a Baton API token.";
}
