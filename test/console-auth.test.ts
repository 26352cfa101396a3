import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Child, freePort, startNodeChild, waitForLine } from "@baton/stack";
import type { Browser, BrowserContext, Page, WebSocket } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  allowsNames,
  hasGlobalRole,
  ROLES,
  type Grant as ServerGrant,
} from "../services/control-plane/src/domain/auth/roles.js";
import { ConsoleConfigError, parseConsoleAuth } from "../web/src/lib/auth/config.js";
import { safeReturnTo } from "../web/src/lib/auth/return-to.js";
import {
  type ConsoleSession,
  chunkName,
  joinCookie,
  LOGIN_COOKIE,
  needsRefresh,
  SESSION_COOKIE,
  seal,
  sealLogin,
  sealSession,
  splitCookie,
  staleChunks,
  unseal,
  unsealLogin,
  unsealSession,
} from "../web/src/lib/auth/session.js";
import { can, canSome, type Grant, whyNot } from "../web/src/lib/can.js";
import { consoleCors, launchChromium } from "./support/browser.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, waitFor } from "./support/flows.js";
import { type GraphQLClient, graphqlClient } from "./support/graphql.js";
import { ROLE_MAP, startOidcProvider, type TestProvider, USERS } from "./support/oidc.js";

// The console with sign-in on (BATON_AUTH=oidc): first the pure parts
// (configuration, the role check the buttons use, where sign-in may return
// to, the encrypted cookies), then a real browser against a real OpenID
// provider (oidc-provider), a control plane that requires tokens, and the
// console: sign in through the provider's own form, see what you may do,
// sign out, sign in as someone who may do less.

const SECRET = "console-session-secret-for-the-test-0123456789";

/** What /auth/session answers the browser (web/src/app/auth/session/route.ts). */
interface SessionAnswer {
  token: string;
  expiresAt: number;
  name: string;
}
interface ApiAnswer {
  data?: { tasks?: { name: string }[] };
  errors?: { message: string; extensions: { code?: string; role?: string } }[];
}

describe("console sign-in configuration", () => {
  const base = {
    BATON_AUTH: "oidc",
    BATON_OIDC_ISSUER: "https://idp.example.com/realms/baton",
    BATON_OIDC_CLIENT_ID: "baton-console",
  };
  const error = (env: Record<string, string>): string => {
    try {
      parseConsoleAuth(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConsoleConfigError);
      return (err as Error).message;
    }
    throw new Error(`no error for ${JSON.stringify(env)}`);
  };

  it("is off unless BATON_AUTH=oidc, whatever else is set (local mode stays as it was)", () => {
    expect(parseConsoleAuth({})).toEqual({ mode: "off" });
    expect(parseConsoleAuth({ BATON_AUTH: "" })).toEqual({ mode: "off" });
    expect(parseConsoleAuth({ BATON_AUTH: "off", BATON_OIDC_ISSUER: "not a url" })).toEqual({ mode: "off" });
    // Sign-in off: loopback only, unless said out loud.
    expect(parseConsoleAuth({ HOST: "127.0.0.2" })).toEqual({ mode: "off" });
    expect(() => parseConsoleAuth({ HOST: "0.0.0.0" })).toThrow(
      /HOST=0\.0\.0\.0 with sign-in off.*BATON_INSECURE_NO_AUTH=true/,
    );
    expect(parseConsoleAuth({ HOST: "0.0.0.0", BATON_INSECURE_NO_AUTH: "true" })).toEqual({ mode: "off" });
    expect(error({ BATON_AUTH: "yes" })).toBe('Configuration error: BATON_AUTH is "off" (local mode) or "oidc".');
  });

  it("fills in the defaults: PKCE client, console URL from HOST and PORT, offline access with consent, the ID token as bearer", () => {
    expect(parseConsoleAuth({ ...base, PORT: "3100" })).toEqual({
      mode: "oidc",
      issuer: base.BATON_OIDC_ISSUER,
      insecureIssuer: false,
      clientId: "baton-console",
      consoleUrl: "http://127.0.0.1:3100",
      redirectUri: "http://127.0.0.1:3100/auth/callback",
      scopes: "openid profile offline_access",
      bearer: "id_token",
      prompt: "consent",
      secureCookies: false,
    });
    const wildcard = parseConsoleAuth({ ...base, HOST: "0.0.0.0" });
    expect(wildcard.mode === "oidc" && wildcard.consoleUrl).toBe("http://127.0.0.1:3000");
  });

  it("takes a secret, the public URL, scopes, a resource (then the access token is the bearer) and a prompt", () => {
    const cfg = parseConsoleAuth({
      ...base,
      BATON_OIDC_CLIENT_SECRET: "s3cret",
      BATON_CONSOLE_URL: "https://baton.example.com/",
      BATON_CONSOLE_SESSION_SECRET: SECRET,
      BATON_OIDC_SCOPES: "openid   email",
      BATON_OIDC_RESOURCE: "urn:baton",
    });
    expect(cfg).toMatchObject({
      clientSecret: "s3cret",
      consoleUrl: "https://baton.example.com",
      redirectUri: "https://baton.example.com/auth/callback",
      sessionSecret: SECRET,
      scopes: "openid email",
      resource: "urn:baton",
      bearer: "access_token",
      secureCookies: true,
    });
    expect(cfg).not.toHaveProperty("prompt"); // no offline_access asked: no consent forced
    expect(parseConsoleAuth({ ...base, BATON_OIDC_PROMPT: "" })).not.toHaveProperty("prompt");
    expect(parseConsoleAuth({ ...base, BATON_OIDC_PROMPT: "login" })).toMatchObject({ prompt: "login" });
    expect(
      parseConsoleAuth({ ...base, BATON_OIDC_RESOURCE: "urn:baton", BATON_OIDC_BEARER: "id_token" }),
    ).toMatchObject({ bearer: "id_token" });
    // Plain http is for a provider on this machine only.
    expect(parseConsoleAuth({ ...base, BATON_OIDC_ISSUER: "http://127.0.0.1:9000" })).toMatchObject({
      insecureIssuer: true,
    });
  });

  it("stops with a sentence naming the variable when a value is wrong", () => {
    expect(error({ BATON_AUTH: "oidc" })).toMatch(/needs BATON_OIDC_ISSUER and BATON_OIDC_CLIENT_ID/);
    expect(error({ ...base, BATON_OIDC_CLIENT_ID: "" })).toMatch(/needs BATON_OIDC_CLIENT_ID/);
    expect(error({ ...base, BATON_OIDC_ISSUER: "idp.example.com" })).toMatch(
      /BATON_OIDC_ISSUER must be an http:\/\/ or https:\/\/ URL/,
    );
    expect(error({ ...base, BATON_OIDC_ISSUER: "http://idp.example.com" })).toMatch(/plain http on another host/);
    expect(error({ ...base, BATON_CONSOLE_SESSION_SECRET: "short" })).toMatch(
      /BATON_CONSOLE_SESSION_SECRET must be at least 32 characters/,
    );
    expect(error({ ...base, BATON_OIDC_SCOPES: "profile email" })).toMatch(/must include "openid"/);
    expect(error({ ...base, BATON_CONSOLE_URL: "https://baton.example.com/console" })).toMatch(
      /BATON_CONSOLE_URL must be the console's origin only/,
    );
    expect(error({ ...base, BATON_OIDC_BEARER: "refresh_token" })).toMatch(/BATON_OIDC_BEARER is "id_token" or/);
  });
});

describe("what the console lets a user do (can)", () => {
  const viewer: Grant[] = [{ role: "VIEW", prefix: null }];
  const teamA: Grant[] = [
    { role: "VIEW", prefix: null },
    { role: "DEPLOY", prefix: "settle-" },
    { role: "CREATE", prefix: "settle-" },
  ];
  const admin: Grant[] = ROLES.map((role) => ({ role, prefix: null }));

  it("allows a role held for everything, a prefix grant only on names starting with it", () => {
    expect(can(admin, "MANAGE")).toBe(true);
    expect(can(viewer, "VIEW", "anything")).toBe(true);
    expect(can(viewer, "DEPLOY", "settle-report")).toBe(false);
    expect(can(teamA, "DEPLOY", "settle-report")).toBe(true);
    expect(can(teamA, "DEPLOY", "billing")).toBe(false);
    // Acting on no one name (registerApp, drainRunner) needs the role on everything.
    expect(can(teamA, "DEPLOY")).toBe(false);
    // A form where the user types the name: any grant of the role lets them try.
    expect(canSome(teamA, "CREATE")).toBe(true);
    expect(canSome(viewer, "CREATE")).toBe(false);
  });

  it("says why not: the role missing, or the names the grant covers", () => {
    expect(whyNot(viewer, "DEPLOY", "settle-report")).toBe("Needs the DEPLOY role; you have VIEW.");
    expect(whyNot([], "VIEW")).toBe("Needs the VIEW role; you have none.");
    expect(whyNot(teamA, "DEPLOY", "billing")).toBe("Needs DEPLOY on billing; yours covers settle-* only.");
    expect(whyNot(teamA, "DEPLOY")).toBe("Needs DEPLOY on every task and DAG; yours covers settle-* only.");
    expect(whyNot(teamA, "CREATE", undefined, true)).toBeUndefined();
    expect(whyNot(teamA, "DEPLOY", "settle-report")).toBeUndefined();
    expect(whyNot(viewer, "MODIFY", undefined, true)).toBe("Needs the MODIFY role; you have VIEW.");
  });

  it("agrees with the API's own rule (domain/auth/roles.ts) on every role, grant set and name", () => {
    const sets: Grant[][] = [
      [],
      viewer,
      teamA,
      admin,
      [{ role: "DEPLOY", prefix: "" }],
      [{ role: "MODIFY", prefix: "a" }],
    ];
    const names = ["settle-report", "settle-", "billing", "a", ""];
    for (const grants of sets) {
      const server: ServerGrant[] = grants.map((g) =>
        g.prefix == null
          ? { role: g.role as ServerGrant["role"] }
          : { role: g.role as ServerGrant["role"], prefix: g.prefix },
      );
      for (const role of ROLES) {
        expect(can(grants, role), `${role} on everything with ${JSON.stringify(grants)}`).toBe(
          hasGlobalRole(server, role),
        );
        for (const name of names) {
          expect(can(grants, role, name), `${role} on "${name}" with ${JSON.stringify(grants)}`).toBe(
            allowsNames(server, role, [name]),
          );
        }
      }
    }
  });
});

describe("where sign-in returns to (returnTo)", () => {
  it("keeps a path of this console, with its query", () => {
    expect(safeReturnTo("/tasks/settle-report?x=1#runs")).toBe("/tasks/settle-report?x=1#runs");
    expect(safeReturnTo("/")).toBe("/");
  });

  it("sends anything else to the overview: other origins, tricks that become one, the sign-in routes", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "https://evil.example.com/",
      "//evil.example.com/x",
      "/\\evil.example.com",
      "/\t/evil.example.com",
      "javascript:alert(1)",
      "tasks",
      "/auth/login?returnTo=/",
      "/tasks/../auth/callback",
      `/${"a".repeat(3000)}`,
    ]) {
      expect(safeReturnTo(bad), String(bad)).toBe("/");
    }
  });
});

describe("the console's encrypted cookies", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const session: ConsoleSession = {
    token: "header.payload.signature",
    expiresAt: Date.now() + 3600_000,
    refreshToken: "refresh-me",
    name: "Alice Admin",
    subject: "alice",
  };

  it("gives the session back only to the same secret and purpose, untouched and unexpired", async () => {
    const sealed = await sealSession(session, SECRET);
    expect(sealed).not.toContain("refresh-me");
    expect(sealed).not.toContain("Alice");
    expect(await unsealSession(sealed, SECRET)).toEqual(session);
    expect(await unsealSession(sealed, `${SECRET}-other`)).toBeUndefined();
    // A sign-in cookie never passes for a session, nor the reverse.
    expect(await unsealLogin(sealed, SECRET)).toBeUndefined();
    const login = await sealLogin({ state: "s", nonce: "n", verifier: "v", returnTo: "/tasks" }, SECRET);
    expect(await unsealLogin(login, SECRET)).toEqual({ state: "s", nonce: "n", verifier: "v", returnTo: "/tasks" });
    expect(await unsealSession(login, SECRET)).toBeUndefined();
    const flipped = `${sealed.slice(0, -5)}${sealed.slice(-5, -4) === "A" ? "B" : "A"}${sealed.slice(-4)}`;
    expect(await unsealSession(flipped, SECRET)).toBeUndefined();
    expect(await unsealSession("not-a-jwe", SECRET)).toBeUndefined();
    expect(await unsealSession(undefined, SECRET)).toBeUndefined();
  });

  it("expires with its lifetime", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const sealed = await seal({ a: 1 }, SECRET, "login", 60);
    expect(await unseal(sealed, SECRET, "login")).toMatchObject({ a: 1 });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await unseal(sealed, SECRET, "login")).toBeUndefined();
  });

  it("refreshes a token that expires within 60 s", () => {
    const now = Date.now();
    expect(needsRefresh({ ...session, expiresAt: now + 61_000 }, now)).toBe(false);
    expect(needsRefresh({ ...session, expiresAt: now + 59_000 }, now)).toBe(true);
    expect(needsRefresh({ ...session, expiresAt: now - 1 }, now)).toBe(true);
  });

  it("splits a long value over several cookies and puts it back together; clears pieces a shorter value leaves", () => {
    const value = "abcdefghijklmnopqrstuvwxyz";
    const pieces = splitCookie(value, 10);
    expect(pieces).toEqual(["abcdefghij", "klmnopqrst", "uvwxyz"]);
    const jar = new Map(pieces.map((p, i) => [chunkName("s", i), p]));
    expect([...jar.keys()]).toEqual(["s", "s.1", "s.2"]);
    expect(joinCookie("s", (n) => jar.get(n))).toBe(value);
    expect(joinCookie("t", (n) => jar.get(n))).toBeUndefined();
    expect(splitCookie("short", 10)).toEqual(["short"]);
    expect(staleChunks("s", ["s", "s.1", "s.2", "other", "s.x"], 1)).toEqual(["s.1", "s.2"]);
    expect(staleChunks("s", ["s", "s.1", "s.2"], 3)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// In Chromium, against a real provider, control plane and console.

const require = createRequire(import.meta.url);
const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..");
const shots = join(repoRoot, "test-output", "screenshots");
const webServer = join(dirname(require.resolve("@baton/web/package.json")), "server.mjs");

describe("console sign-in in Chromium", () => {
  let provider: TestProvider;
  let env: TestEnv;
  let web: Child;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: GraphQLClient;
  let apiUrl: string;

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const signedInAs = () => page.getByTestId("signed-in-as");
  const onProvider = (u: URL) => u.href.startsWith(`${provider.issuer}/`);

  /** Signs in through the provider's own (development) login form, and its consent page. */
  async function signInAs(user: keyof typeof USERS): Promise<void> {
    await page.waitForURL(onProvider);
    await page.locator('input[name="login"]').fill(user);
    await page.locator('input[name="password"]').fill("any password will do");
    await page.getByRole("button", { name: "Sign-in" }).click();
    // The console asks for offline_access (a refresh token), so the provider asks for consent.
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((u) => u.href.startsWith(`${base}/`));
  }

  /** The session cookie(s) the browser holds, decrypted with the console's secret. */
  async function browserSession(): Promise<ConsoleSession | undefined> {
    const cookies = await context.cookies(base);
    return unsealSession(
      joinCookie(SESSION_COOKIE, (n) => cookies.find((c) => c.name === n)?.value),
      SECRET,
    );
  }

  /** Replaces the browser's session with this one (as the console would seal it). */
  async function setBrowserSession(session: ConsoleSession): Promise<void> {
    await context.clearCookies({ name: new RegExp(`^${SESSION_COOKIE}(\\.\\d+)?$`) });
    const pieces = splitCookie(await sealSession(session, SECRET));
    await context.addCookies(
      pieces.map((value, i) => ({
        name: chunkName(SESSION_COOKIE, i),
        value,
        url: base,
        httpOnly: true,
        sameSite: "Lax" as const,
      })),
    );
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ redirectUris: [`${base}/auth/callback`] });
    env = await startEnv({
      controlPlaneEnv: {
        ...consoleCors(port),
        BATON_AUTH: "oidc",
        BATON_OIDC_ISSUER: provider.issuer,
        // The console sends the ID token (aud: its client id); scripts send access tokens (aud: baton).
        BATON_OIDC_AUDIENCE: `${provider.audience},${provider.consoleClient.id}`,
        BATON_OIDC_ROLE_MAP: ROLE_MAP,
      },
    });
    apiUrl = env.api[0]?.url ?? "";
    const token = (await provider.clientToken("admin")).token;
    admin = graphqlClient(apiUrl, {
      headers: { authorization: `Bearer ${token}` },
      connectionParams: { authorization: `Bearer ${token}` },
    });
    web = startNodeChild(
      "console",
      webServer,
      {
        ...process.env,
        BATON_GRAPHQL_URL: apiUrl,
        PORT: String(port),
        NEXT_TELEMETRY_DISABLED: "1",
        BATON_AUTH: "oidc",
        BATON_OIDC_ISSUER: provider.issuer,
        BATON_OIDC_CLIENT_ID: provider.consoleClient.id,
        BATON_OIDC_CLIENT_SECRET: provider.consoleClient.secret,
        BATON_CONSOLE_SESSION_SECRET: SECRET,
      },
      join(repoRoot, "test-output", "console-auth-web.log"),
    );
    await waitForLine(web, /ready: http/, 30_000);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await defineTask(admin, "settle-report", env.script("settle.sh", "#!/bin/sh\necho settled $1\n"));
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop(5000);
    await admin?.close();
    await env?.stop();
    await provider?.stop();
  });

  it("sends a visitor without a session to the provider, with PKCE, and back to the page after alice signs in", async () => {
    const requests: URL[] = [];
    const seen = (r: { url(): string }) => requests.push(new URL(r.url()));
    page.on("request", seen);
    await page.goto(`${base}/tasks/settle-report`);
    await page.waitForURL(onProvider);
    await shot("auth-01-provider-login");
    page.off("request", seen);
    // The authorization request: the code flow with PKCE (S256), state and nonce, back to the console's callback.
    const authorize = requests.find((u) => onProvider(u) && u.searchParams.has("response_type"));
    expect(Object.fromEntries(authorize?.searchParams ?? [])).toMatchObject({
      response_type: "code",
      client_id: provider.consoleClient.id,
      redirect_uri: `${base}/auth/callback`,
      scope: "openid profile offline_access",
      code_challenge_method: "S256",
      prompt: "consent",
    });
    for (const p of ["code_challenge", "state", "nonce"])
      expect(authorize?.searchParams.get(p)).toMatch(/^[\w-]{32,}$/);
    expect(authorize?.href).not.toContain(provider.consoleClient.secret);
    await signInAs("alice");
    expect(page.url()).toBe(`${base}/tasks/settle-report`);
    await expect.poll(() => signedInAs().textContent()).toBe(USERS.alice?.name);
    await page.getByRole("heading", { name: /Task settle-report/ }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await shot("auth-02-alice-signed-in");
  });

  it("keeps the tokens in an httpOnly cookie that holds a refresh token, out of the page's reach", async () => {
    const cookie = (await context.cookies(base)).find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
    const pageCookies = await page.evaluate(
      () => (globalThis as unknown as { document: { cookie: string } }).document.cookie,
    );
    expect(pageCookies).not.toContain(SESSION_COOKIE);
    const session = await browserSession();
    expect(session).toMatchObject({ name: "Alice Admin", subject: "alice" });
    expect(session?.refreshToken).toBeTruthy();
    // The sign-in cookie (state, nonce, verifier) is gone once used.
    expect((await context.cookies(base)).map((c) => c.name)).not.toContain(LOGIN_COOKIE);
  });

  it("refuses a sign-out posted by another site", async () => {
    const res = await fetch(`${base}/auth/logout`, {
      method: "POST",
      headers: { origin: "https://evil.example.com" },
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("only the console may");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("lets alice (admin) launch a task and follow it live over the authenticated WebSocket", async () => {
    await page.goto(`${base}/tasks/settle-report`);
    const form = page.getByRole("form", { name: "Launch" });
    expect(await form.getByRole("button", { name: "Launch" }).isDisabled()).toBe(false);
    await form.getByLabel("Arguments").fill("2026-11-23");
    await form.getByRole("button", { name: "Launch" }).click();
    await page.waitForURL(/\/executions\/[0-9a-f-]+$/);
    await expect.poll(() => page.getByTestId("execution-status").textContent(), { timeout: 30_000 }).toBe("COMPLETED");
    await expect.poll(() => page.getByTestId("log-viewer").textContent()).toContain("settled 2026-11-23");
    const rows = await env.sql<{ actor: string }>(
      `SELECT actor FROM audit_records WHERE action = 'launchTask' ORDER BY at DESC LIMIT 1`,
    );
    expect(rows[0]?.actor).toBe("Alice Admin");
    await shot("auth-03-alice-launched");
  });

  it("the API really needs the token: the page's own request without it is refused, with it answered", async () => {
    const answers = await page.evaluate(async (url) => {
      const ask = async (headers: Record<string, string>) => {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query: "{ tasks { name } }" }),
        });
        return { status: res.status, body: (await res.json()) as ApiAnswer };
      };
      const session = (await (await fetch("/auth/session")).json()) as SessionAnswer;
      return {
        without: await ask({}),
        actor: await ask({ "x-baton-actor": "console" }),
        bearer: await ask({ authorization: `Bearer ${session.token}` }),
        name: session.name,
      };
    }, apiUrl);
    expect(answers.without.status).toBe(401);
    expect(answers.without.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(answers.actor.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(answers.bearer.body.data?.tasks?.map((t) => t.name)).toContain("settle-report");
    expect(answers.name).toBe("Alice Admin");
  });

  it("refreshes a token about to expire, in /auth/session and before a page renders", async () => {
    const before = await browserSession();
    if (!before) throw new Error("no session");
    // As if the token expired in 30 s: the console must use the refresh token.
    await setBrowserSession({ ...before, expiresAt: Date.now() + 30_000 });
    const answer = await page.evaluate(async () => (await (await fetch("/auth/session")).json()) as SessionAnswer);
    expect(answer.token).not.toBe(before.token);
    expect(answer.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    const stored = await browserSession();
    expect(stored?.token).toBe(answer.token);

    await setBrowserSession({ ...before, token: "stale", expiresAt: Date.now() + 30_000 });
    await page.goto(`${base}/tasks`);
    await page.getByRole("link", { name: "settle-report" }).first().waitFor();
    const afterPage = await browserSession();
    expect(afterPage?.token).not.toBe("stale");
    expect(afterPage?.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(await page.locator(".error").allTextContents()).toEqual([]);
  });

  it("sends an expired session without a refresh token to sign in again, returning to the page", async () => {
    const current = await browserSession();
    if (!current) throw new Error("no session");
    const { refreshToken: _dropped, ...rest } = current;
    await setBrowserSession({ ...rest, expiresAt: Date.now() - 1000 });
    await page.goto(`${base}/runners`);
    await page.waitForURL(onProvider);
    // The provider still knows alice: only the consent is asked.
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${base}/runners`).catch(async (err) => {
      throw new Error(`${err}: at ${page.url()}: ${await page.locator("body").textContent()}`);
    });
    await expect.poll(() => signedInAs().textContent()).toBe("Alice Admin");
  });

  it("reconnects a live page with a fresh token when the API closes its socket for the old one", async () => {
    const alice = await browserSession();
    const sent: string[] = [];
    const watch = (ws: WebSocket) => ws.on("framesent", (f) => sent.push(String(f.payload)));
    page.on("websocket", watch);
    try {
      const gate = join(env.dir, "socket-gate");
      await defineTask(
        admin,
        "settle-gated",
        env.script(
          "gated.sh",
          `#!/bin/sh\necho before the gate\nwhile [ ! -f ${JSON.stringify(gate)} ]; do sleep 0.05; done\necho after the gate\n`,
        ),
      );
      const { id } = await launch(admin, "settle-gated");
      // A session whose token is an API token: revoking it makes the API close the socket (4403).
      const created = await admin.ok<{ createApiToken: { token: string; apiToken: { id: string } } }>(
        `mutation { createApiToken(input: { name: "console-socket", expiresInDays: 1 }) { token apiToken { id } } }`,
      );
      await setBrowserSession({
        token: created.createApiToken.token,
        expiresAt: Date.now() + 3600_000,
        name: "socket test",
        subject: "admin",
      });
      await page.goto(`${base}/executions/${id}`);
      const log = page.getByTestId("log-viewer");
      await expect.poll(() => log.textContent(), { timeout: 30_000 }).toContain("before the gate");
      expect(sent.some((f) => f.includes(created.createApiToken.token))).toBe(true);

      // The session moves on to another token (as a refresh would), then the old one is revoked.
      const fresh = await provider.clientToken("admin");
      await setBrowserSession({
        token: fresh.token,
        expiresAt: Date.now() + fresh.expiresIn * 1000,
        name: "socket test",
        subject: "admin",
      });
      await admin.ok(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, {
        id: created.createApiToken.apiToken.id,
      });
      await waitFor(
        "the page to connect again with the fresh token",
        async () => sent.some((f) => f.includes("connection_init") && f.includes(fresh.token)),
        30_000,
      );
      writeFileSync(gate, "go");
      await expect.poll(() => log.textContent(), { timeout: 30_000 }).toContain("after the gate");
      await expect.poll(() => page.getByTestId("execution-status").textContent()).toBe("COMPLETED");
    } finally {
      page.off("websocket", watch);
      // Back to alice's own session for the next test.
      if (alice) await setBrowserSession(alice);
    }
  });

  it("signs alice out at the provider too, then victor (viewer) sees what he may not do, and why", async () => {
    // Back to alice's own session: sign out from the nav.
    await page.goto(`${base}/`);
    await expect.poll(() => signedInAs().textContent()).toBe("Alice Admin");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(onProvider);
    expect(await browserSession()).toBeUndefined();
    await page.getByRole("button", { name: "Yes, sign me out" }).click();
    await page.getByText(/sign-out .*was successful/i).waitFor();

    await page.goto(`${base}/tasks/settle-report`);
    await signInAs("victor");
    await expect.poll(() => signedInAs().textContent()).toBe(USERS.victor?.name);
    await page.getByRole("heading", { name: /Task settle-report/ }).waitFor();
    // He may look (the page has its data, and no error) ...
    await page.getByTestId("release-history").waitFor();
    expect(await page.locator(".error").allTextContents()).toEqual([]);
    // ... but not launch, upgrade or roll back, and the page says why.
    const launchButton = page.getByRole("form", { name: "Launch" }).getByRole("button", { name: "Launch" });
    expect(await launchButton.isDisabled()).toBe(true);
    const launchGuard = page.locator('fieldset[data-needs="DEPLOY"]');
    expect(await launchGuard.getAttribute("title")).toBe("Needs the DEPLOY role; you have VIEW.");
    expect(await launchGuard.getByRole("note").textContent()).toBe("Needs the DEPLOY role; you have VIEW.");
    expect(await page.getByRole("form", { name: "Upgrade" }).getByRole("button").first().isDisabled()).toBe(true);
    await shot("auth-04-victor-task");

    await page.goto(`${base}/apps`);
    const register = page.getByRole("form", { name: "Register a version" });
    expect(await register.getByRole("button", { name: "Register version" }).isDisabled()).toBe(true);
    const unregister = page.getByRole("button", { name: "Unregister" }).first();
    expect(await unregister.isDisabled()).toBe(true);
    expect(await unregister.getAttribute("title")).toBe("Needs the DESTROY role; you have VIEW.");

    await page.goto(`${base}/dags`);
    const newDag = page.getByText("New DAG", { exact: true });
    expect(await newDag.getAttribute("aria-disabled")).toBe("true");
    expect(await newDag.getAttribute("title")).toBe("Needs the CREATE role; you have VIEW.");

    await page.goto(`${base}/runners`);
    const drain = page.getByRole("button", { name: /^Drain / }).first();
    await drain.waitFor();
    expect(await drain.isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Save limit" }).isDisabled()).toBe(true);
    expect(await page.locator(".error").allTextContents()).toEqual([]);
    await shot("auth-05-victor-runners");

    // The API agrees: victor's own token cannot launch either.
    const denied = await page.evaluate(async (url) => {
      const session = (await (await fetch("/auth/session")).json()) as SessionAnswer;
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ query: 'mutation { launchTask(input: { task: "settle-report" }) { id } }' }),
      });
      return ((await res.json()) as ApiAnswer).errors?.[0]?.extensions;
    }, apiUrl);
    expect(denied).toMatchObject({ code: "FORBIDDEN", role: "DEPLOY" });
  });
});
