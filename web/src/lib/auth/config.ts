import { z } from "zod";

// The console's sign-in configuration, read from the environment on the
// server (like BATON_GRAPHQL_URL). Pure: no Next.js, no I/O, so the tests
// import it directly. Keep imports to npm packages only.

/** The console's sign-in settings when BATON_AUTH=oidc. */
export interface OidcConsoleConfig {
  mode: "oidc";
  /** BATON_OIDC_ISSUER: the provider's issuer URL, exactly as its discovery document names it. */
  issuer: string;
  /** Whether the issuer is plain http (allowed on a loopback address only). */
  insecureIssuer: boolean;
  /** BATON_OIDC_CLIENT_ID. */
  clientId: string;
  /** BATON_OIDC_CLIENT_SECRET; absent: a public client (PKCE only). */
  clientSecret?: string;
  /** BATON_CONSOLE_URL without a trailing slash: the origin people open. */
  consoleUrl: string;
  /** `<consoleUrl>/auth/callback`: register it at the provider. */
  redirectUri: string;
  /** BATON_CONSOLE_SESSION_SECRET; absent: instrumentation.ts sets a random one per process. */
  sessionSecret?: string;
  /** BATON_OIDC_SCOPES. */
  scopes: string;
  /** BATON_OIDC_RESOURCE: a resource indicator (RFC 8707) for JWT access tokens. */
  resource?: string;
  /** BATON_OIDC_BEARER: which token the console sends to the API. */
  bearer: "id_token" | "access_token";
  /** BATON_OIDC_PROMPT: the prompt parameter; by default "consent" when offline_access is asked for (OIDC Core 11). */
  prompt?: string;
  /** Session cookies carry Secure when the console is served over https. */
  secureCookies: boolean;
}

export type ConsoleAuthConfig = { mode: "off" } | OidcConsoleConfig;

/** A configuration value that stops the server, with a sentence saying which and why. */
export class ConsoleConfigError extends Error {
  override name = "ConsoleConfigError";
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** 127.0.0.0/8, ::1 and localhost, as the control plane decides it (config.ts isLoopback). */
export const isLoopbackHost = (host: string): boolean => {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
};

const httpUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
      message: `${name} must be an http:// or https:// URL`,
    });

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const mode = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || "off")
  .pipe(z.enum(["off", "oidc"], { message: 'BATON_AUTH is "off" (local mode) or "oidc"' }));

const schema = z.object({
  BATON_OIDC_ISSUER: httpUrl("BATON_OIDC_ISSUER").optional(),
  BATON_OIDC_CLIENT_ID: optionalText,
  BATON_OIDC_CLIENT_SECRET: optionalText,
  BATON_CONSOLE_URL: httpUrl("BATON_CONSOLE_URL").optional(),
  BATON_CONSOLE_SESSION_SECRET: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || v.length >= 32, {
      message: "BATON_CONSOLE_SESSION_SECRET must be at least 32 characters (for example `openssl rand -hex 32`)",
    }),
  BATON_OIDC_SCOPES: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v.split(/\s+/).join(" ") : "openid profile offline_access"))
    .refine((v) => v.split(" ").includes("openid"), { message: 'BATON_OIDC_SCOPES must include "openid"' }),
  BATON_OIDC_RESOURCE: optionalText.refine((v) => v === undefined || URL.canParse(v), {
    message: "BATON_OIDC_RESOURCE must be an absolute URI (for example urn:baton or https://baton.example.com)",
  }),
  BATON_OIDC_BEARER: z
    .enum(["id_token", "access_token"], { message: 'BATON_OIDC_BEARER is "id_token" or "access_token"' })
    .optional(),
  BATON_OIDC_PROMPT: z.string().trim().optional(),
  HOST: z.string().optional(),
  PORT: z.string().optional(),
});

/**
 * Reads the console's sign-in configuration; throws ConsoleConfigError
 * naming the variable when a value is wrong. With BATON_AUTH unset or
 * "off" every other variable is ignored (local mode, as before).
 */
export function parseConsoleAuth(env: Record<string, string | undefined>): ConsoleAuthConfig {
  const on = mode.safeParse(env.BATON_AUTH);
  if (!on.success) throw new ConsoleConfigError(`Configuration error: ${on.error.issues[0]?.message}.`);
  if (on.data === "off") {
    // Without sign-in the console shows everything to whoever reaches it: this machine only, unless told.
    const host = env.HOST?.trim() || "127.0.0.1";
    if (!isLoopbackHost(host) && env.BATON_INSECURE_NO_AUTH !== "true") {
      throw new ConsoleConfigError(
        `Configuration error: HOST=${host} with sign-in off would show every run, log and definition to anyone who can reach this address. Turn sign-in on (BATON_AUTH=oidc), listen on 127.0.0.1, or, if a firewall really keeps strangers out, set BATON_INSECURE_NO_AUTH=true.`,
      );
    }
    return { mode: "off" };
  }
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") ?? "";
    const message = issue?.message ?? "invalid";
    // Most messages name their variable already.
    throw new ConsoleConfigError(`Configuration error: ${message.startsWith(name) ? "" : `${name}: `}${message}.`);
  }
  const c = parsed.data;
  const missing = (["BATON_OIDC_ISSUER", "BATON_OIDC_CLIENT_ID"] as const).filter((k) => !c[k]);
  if (missing.length > 0) {
    throw new ConsoleConfigError(
      `Configuration error: BATON_AUTH=oidc needs ${missing.join(" and ")} (the provider's issuer URL and the console's client id there).`,
    );
  }
  const issuer = c.BATON_OIDC_ISSUER as string;
  const issuerUrl = new URL(issuer);
  const insecureIssuer = issuerUrl.protocol === "http:";
  if (insecureIssuer && !LOOPBACK.has(issuerUrl.hostname)) {
    throw new ConsoleConfigError(
      `Configuration error: BATON_OIDC_ISSUER ${issuer} is plain http on another host: tokens would cross the network unencrypted. Use the provider's https:// issuer (plain http is accepted on localhost only, for development).`,
    );
  }
  const host = c.HOST && c.HOST !== "0.0.0.0" && c.HOST !== "::" ? c.HOST : "127.0.0.1";
  const fallback = `http://${host.includes(":") ? `[${host}]` : host}:${c.PORT || "3000"}`;
  const origin = new URL(c.BATON_CONSOLE_URL ?? fallback);
  if (origin.pathname !== "/" || origin.search || origin.hash) {
    throw new ConsoleConfigError(
      `Configuration error: BATON_CONSOLE_URL must be the console's origin only (like https://baton.example.com), not ${origin.href}.`,
    );
  }
  const consoleUrl = origin.origin;
  const scopes = c.BATON_OIDC_SCOPES;
  const prompt =
    c.BATON_OIDC_PROMPT !== undefined
      ? c.BATON_OIDC_PROMPT || undefined
      : scopes.split(" ").includes("offline_access")
        ? "consent"
        : undefined;
  return {
    mode: "oidc",
    issuer,
    insecureIssuer,
    clientId: c.BATON_OIDC_CLIENT_ID as string,
    ...(c.BATON_OIDC_CLIENT_SECRET ? { clientSecret: c.BATON_OIDC_CLIENT_SECRET } : {}),
    consoleUrl,
    redirectUri: `${consoleUrl}/auth/callback`,
    ...(c.BATON_CONSOLE_SESSION_SECRET ? { sessionSecret: c.BATON_CONSOLE_SESSION_SECRET } : {}),
    scopes,
    ...(c.BATON_OIDC_RESOURCE ? { resource: c.BATON_OIDC_RESOURCE } : {}),
    bearer: c.BATON_OIDC_BEARER ?? (c.BATON_OIDC_RESOURCE ? "access_token" : "id_token"),
    ...(prompt ? { prompt } : {}),
    secureCookies: origin.protocol === "https:",
  };
}
