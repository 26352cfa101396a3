import * as client from "openid-client";
import type { OidcConsoleConfig } from "./config";
import type { ConsoleSession, LoginFlow } from "./session";

// The provider side of sign-in, with openid-client (discovery, PKCE, the
// code exchange with state, nonce and iss checks, refresh, end session).
// Server only.

const DISCOVERY_TIMEOUT_S = 5;

const configs = new Map<string, Promise<client.Configuration>>();

/** The provider's configuration (discovered once per issuer and client; retried after a failure). */
export function provider(cfg: OidcConsoleConfig): Promise<client.Configuration> {
  const key = JSON.stringify([cfg.issuer, cfg.clientId, cfg.clientSecret ?? null]);
  let found = configs.get(key);
  if (!found) {
    found = client
      .discovery(
        new URL(cfg.issuer),
        cfg.clientId,
        cfg.clientSecret ? { client_secret: cfg.clientSecret } : undefined,
        // client_secret_basic is the registration default (OIDC Registration 2); a public client proves itself by PKCE.
        cfg.clientSecret ? client.ClientSecretBasic(cfg.clientSecret) : client.None(),
        {
          timeout: DISCOVERY_TIMEOUT_S,
          ...(cfg.insecureIssuer ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((err: unknown) => {
        configs.delete(key);
        throw new Error(
          `Cannot read the identity provider's discovery document at ${cfg.issuer}/.well-known/openid-configuration (${(err as Error).message}); check BATON_OIDC_ISSUER and that the provider is up.`,
        );
      });
    configs.set(key, found);
  }
  return found;
}

/** A new sign-in: the provider URL to send the browser to, and what the callback must check. */
export async function startLogin(cfg: OidcConsoleConfig, returnTo: string): Promise<{ url: URL; flow: LoginFlow }> {
  const config = await provider(cfg);
  const verifier = client.randomPKCECodeVerifier();
  const flow: LoginFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier, returnTo };
  const params: Record<string, string> = {
    redirect_uri: cfg.redirectUri,
    scope: cfg.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  };
  if (cfg.prompt) params.prompt = cfg.prompt;
  if (cfg.resource) params.resource = cfg.resource;
  return { url: client.buildAuthorizationUrl(config, params), flow };
}

type Tokens = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

/** An openid-client error in words: its message, the provider's error description, and what caused it. */
export function oidcErrorText(err: unknown): string {
  const e = err as { message?: string; error?: string; error_description?: string; cause?: { message?: string } };
  const parts = [e.message ?? String(err)];
  if (e.error_description) parts.push(e.error_description);
  else if (e.error && e.error !== e.message) parts.push(e.error);
  if (e.cause?.message && e.cause.message !== e.message) parts.push(e.cause.message);
  return parts.join(": ");
}

const nameOf = (claims: Record<string, unknown>, fallback: string): string =>
  [claims.name, claims.preferred_username, claims.email, claims.sub].find(
    (v): v is string => typeof v === "string" && v.length > 0,
  ) ?? fallback;

/** The session a token response makes; `previous` keeps what a refresh response may leave out. */
function sessionFrom(cfg: OidcConsoleConfig, tokens: Tokens, previous?: ConsoleSession): ConsoleSession {
  const claims = tokens.claims() as Record<string, unknown> | undefined;
  const idToken =
    tokens.id_token ?? previous?.idToken ?? (previous && cfg.bearer === "id_token" ? previous.token : undefined);
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const subject = typeof claims?.sub === "string" ? claims.sub : (previous?.subject ?? "unknown");
  const name = claims ? nameOf(claims, subject) : (previous?.name ?? subject);
  let token: string;
  let expiresAt: number;
  if (cfg.bearer === "id_token") {
    if (!tokens.id_token || typeof claims?.exp !== "number") {
      throw new Error(
        "The identity provider answered without an ID token, which the console sends to the API (BATON_OIDC_BEARER=id_token); sign in again, or use BATON_OIDC_BEARER=access_token with BATON_OIDC_RESOURCE.",
      );
    }
    token = tokens.id_token;
    expiresAt = claims.exp * 1000;
  } else {
    token = tokens.access_token;
    const expiresIn = tokens.expiresIn();
    expiresAt = Date.now() + (expiresIn ?? 300) * 1000;
  }
  return {
    token,
    expiresAt,
    name,
    subject,
    ...(refreshToken ? { refreshToken } : {}),
    ...(idToken && idToken !== token ? { idToken } : {}),
  };
}

/** Exchanges the callback's code (checking state, nonce, iss and the PKCE proof) for a session. */
export async function finishLogin(cfg: OidcConsoleConfig, callbackUrl: URL, flow: LoginFlow): Promise<ConsoleSession> {
  const config = await provider(cfg);
  const tokens = await client.authorizationCodeGrant(
    config,
    callbackUrl,
    { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true },
    cfg.resource ? { resource: cfg.resource } : undefined,
  );
  return sessionFrom(cfg, tokens);
}

const refreshing = new Map<string, Promise<ConsoleSession>>();

/**
 * A fresh session from the refresh token. Concurrent refreshes of one
 * session (a page and its prefetches) share one request, so a provider that
 * rotates refresh tokens does not see the old one used twice.
 */
export function refreshSession(cfg: OidcConsoleConfig, session: ConsoleSession): Promise<ConsoleSession> {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return Promise.reject(new Error("The session has no refresh token; sign in again."));
  let pending = refreshing.get(refreshToken);
  if (!pending) {
    pending = (async () => {
      const config = await provider(cfg);
      const tokens = await client.refreshTokenGrant(
        config,
        refreshToken,
        cfg.resource ? { resource: cfg.resource } : undefined,
      );
      return sessionFrom(cfg, tokens, session);
    })().finally(() => {
      // Keep the answer a moment for requests that raced this one.
      setTimeout(() => refreshing.delete(refreshToken), 10_000).unref?.();
    });
    refreshing.set(refreshToken, pending);
  }
  return pending;
}

/** The provider's sign-out URL for this session, or undefined when it has no end_session_endpoint. */
export async function endSessionUrl(
  cfg: OidcConsoleConfig,
  session: ConsoleSession | undefined,
): Promise<URL | undefined> {
  let config: client.Configuration;
  try {
    config = await provider(cfg);
  } catch {
    return undefined;
  }
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  const hint = session?.idToken ?? (cfg.bearer === "id_token" ? session?.token : undefined);
  return client.buildEndSessionUrl(config, { client_id: cfg.clientId, ...(hint ? { id_token_hint: hint } : {}) });
}
