import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import Provider from "oidc-provider";

/**
 * A real OpenID Connect provider (the certified `oidc-provider` package) on a
 * free port, for tests: a console client (authorization code + PKCE, with
 * its development login form that accepts any password), and script clients
 * (client credentials) whose tokens carry a `groups` claim. Access tokens are
 * JWTs for the resource urn:baton (audience "baton").
 */
export interface TestProvider {
  issuer: string;
  /** The audience of access tokens for Baton. */
  audience: string;
  consoleClient: { id: string; secret: string };
  /** A client-credentials token of a script client (see SCRIPT_CLIENTS); `resource` picks the audience. */
  clientToken(clientId: string, options?: { resource?: string }): Promise<{ token: string; expiresIn: number }>;
  /** A JWT with the right issuer and audience signed by a key that is not the provider's. */
  forgedToken(claims?: Record<string, unknown>): Promise<string>;
  stop(): Promise<void>;
}

/** Script clients and the groups their tokens carry. short-lived's tokens last 2 s. */
export const SCRIPT_CLIENTS: Record<string, string[]> = {
  admin: ["baton-admins"],
  viewer: ["baton-viewers"],
  deployer: ["baton-viewers", "baton-deployers"],
  "team-a": ["baton-viewers", "team-a"],
  nobody: [],
  "short-lived": ["baton-admins"],
};

/** Console users (log in with any password) and their groups. */
export const USERS: Record<string, { name: string; groups: string[] }> = {
  alice: { name: "Alice Admin", groups: ["baton-admins"] },
  victor: { name: "Victor Viewer", groups: ["baton-viewers"] },
};

/** BATON_OIDC_ROLE_MAP for these groups. */
export const ROLE_MAP =
  "baton-admins=*;baton-viewers=VIEW;baton-deployers=DEPLOY;team-a=DEPLOY:settle-*,CREATE:settle-*,SCHEDULE:settle-*";

const SECRET = "test-secret-that-is-long-enough-0123456789";

export async function startOidcProvider(options: { redirectUris?: string[] } = {}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const groupsOf = (accountOrClient: string): string[] =>
    USERS[accountOrClient]?.groups ?? SCRIPT_CLIENTS[accountOrClient] ?? [];
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "baton-console",
        client_secret: SECRET,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: options.redirectUris ?? ["http://127.0.0.1:3000/auth/callback"],
      },
      ...Object.keys(SCRIPT_CLIENTS).map((id) => ({
        client_id: id,
        client_secret: SECRET,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
      })),
    ],
    jwks: { keys: [jwk] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, name: USERS[id]?.name ?? id, groups: groupsOf(id) }),
    }),
    claims: { openid: ["sub"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    scopes: ["openid", "profile", "offline_access", "api"],
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => "urn:baton",
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string, client: { clientId: string }) => ({
          scope: "api",
          audience: resource === "urn:baton" ? "baton" : resource.replace(/^urn:/, ""),
          accessTokenFormat: "jwt",
          accessTokenTTL: client.clientId === "short-lived" ? 2 : 600,
        }),
      },
    },
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string; clientId?: string }) => {
      const who = token.accountId ?? token.clientId ?? "";
      return { groups: groupsOf(who), ...(USERS[who] ? { name: USERS[who].name } : {}) };
    },
    ttl: {
      ClientCredentials: (_ctx: unknown, _token: unknown, client: { clientId: string }) =>
        client.clientId === "short-lived" ? 2 : 600,
    },
    cookies: { keys: ["test-cookie-key"] },
  });
  server.on("request", provider.callback());

  const tokenUrl = `${issuer}/token`;
  return {
    issuer,
    audience: "baton",
    consoleClient: { id: "baton-console", secret: SECRET },
    async clientToken(clientId, opts = {}) {
      const res = await fetch(tokenUrl, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${SECRET}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          scope: "api",
          resource: opts.resource ?? "urn:baton",
        }),
      });
      const body = (await res.json()) as { access_token?: string; expires_in?: number; error_description?: string };
      if (!body.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(body)}`);
      return { token: body.access_token, expiresIn: body.expires_in ?? 0 };
    },
    async forgedToken(claims = {}) {
      const { privateKey: other } = await generateKeyPair("RS256");
      return new SignJWT({ groups: ["baton-admins"], ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "test-key" })
        .setIssuer(issuer)
        .setAudience("baton")
        .setSubject("mallory")
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(other);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
