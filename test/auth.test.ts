import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "../services/control-plane/src/graphql/permissions.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus, waitFor } from "./support/flows.js";
import { type GraphQLClient, type GraphQLResult, graphqlClient } from "./support/graphql.js";
import { ROLE_MAP, SCRIPT_CLIENTS, startOidcProvider, type TestProvider } from "./support/oidc.js";

// Authentication on (BATON_AUTH=oidc) against a real OpenID provider
// (oidc-provider on a free port): tokens are checked with the provider's
// keys, roles come from its groups claim through BATON_OIDC_ROLE_MAP, and
// every operation needs the role README.md's table names.

const repoRoot = join(import.meta.dirname, "..");
const MISSING_ID = "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";
const RATE = 40;

let provider: TestProvider;
let env: TestEnv;
const clients = new Map<string, GraphQLClient>();
const tokens = new Map<string, string>();

/** A client that sends this script client's provider token (HTTP and graphql-ws). */
async function as(who: string, instance = 0): Promise<GraphQLClient> {
  const key = `${who}@${instance}`;
  const existing = clients.get(key);
  if (existing) return existing;
  const token = tokens.get(who) ?? (await provider.clientToken(who)).token;
  tokens.set(who, token);
  const client = withToken(token, instance);
  clients.set(key, client);
  return client;
}

function withToken(token: string, instance = 0, onClosed?: (code: number, reason: string) => void): GraphQLClient {
  const auth = { authorization: `Bearer ${token}` };
  return graphqlClient(env.api[instance]?.url ?? "", {
    headers: auth,
    connectionParams: auth,
    ...(onClosed ? { onClosed } : {}),
  });
}

const codeOf = (r: GraphQLResult<unknown>): string | undefined => r.errors?.[0]?.extensions?.code;

const EVENTS = `subscription($id: ID!) { executionEvents(executionId: $id, replay: true) { seq } }`;

/** How an execution's event subscription ended: "completed", or the error (a close code and reason, or errors). */
const subscriptionEnd = (client: GraphQLClient, id: string, timeoutMs: number, onFirst?: () => void): Promise<string> =>
  client.collect(EVENTS, { id }, { timeoutMs, ...(onFirst ? { onFirst } : {}) }).then(
    () => "completed",
    (err: Error) => err.message,
  );
const messageOf = (r: GraphQLResult<unknown>): string => r.errors?.[0]?.message ?? "";

beforeAll(async () => {
  provider = await startOidcProvider();
  env = await startEnv({
    controlPlanes: 2,
    controlPlaneEnv: {
      BATON_AUTH: "oidc",
      BATON_OIDC_ISSUER: provider.issuer,
      BATON_OIDC_AUDIENCE: `${provider.audience},${provider.consoleClient.id}`,
      BATON_OIDC_ROLE_MAP: ROLE_MAP,
      BATON_OIDC_CLOCK_SKEW_SECONDS: "0",
      BATON_AUTH_RECHECK_MS: "300",
      BATON_MUTATION_RATE_LIMIT: String(RATE),
    },
  });
}, 120_000);

afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await env?.stop();
  await provider?.stop();
});

describe("who is calling", () => {
  it("refuses a request without a token, saying how to sign in, and answers no introspection either", async () => {
    const res = await fetch(env.api[0]?.url ?? "", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ tasks { name } }" }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as GraphQLResult<unknown>;
    expect(codeOf(body)).toBe("UNAUTHENTICATED");
    expect(messageOf(body)).toMatch(/Authorization: Bearer/);
    const introspection = await env.api[0]?.request("{ __schema { queryType { name } } }");
    expect(introspection && codeOf(introspection)).toBe("UNAUTHENTICATED");
  });

  it("knows a provider token's subject, name and roles, and answers introspection for it", async () => {
    const admin = await as("admin");
    const me = await admin.ok<{ me: { kind: string; subject: string; name: string; grants: { role: string }[] } }>(
      "{ me { kind subject name grants { role prefix } } }",
    );
    expect(me.me).toMatchObject({ kind: "oidc", subject: "admin", name: "admin" });
    expect(me.me.grants.map((g) => g.role)).toEqual([
      "VIEW",
      "CREATE",
      "DEPLOY",
      "DESTROY",
      "MODIFY",
      "SCHEDULE",
      "MANAGE",
    ]);
    const team = await (await as("team-a")).ok<{ me: { grants: { role: string; prefix: string | null }[] } }>(
      "{ me { grants { role prefix } } }",
    );
    expect(team.me.grants).toEqual([
      { role: "VIEW", prefix: null },
      { role: "CREATE", prefix: "settle-" },
      { role: "DEPLOY", prefix: "settle-" },
      { role: "SCHEDULE", prefix: "settle-" },
    ]);
    expect(await admin.ok("{ __schema { queryType { name } } }")).toEqual({
      __schema: { queryType: { name: "Query" } },
    });
  });

  it("takes the audit actor from the identity, never from X-Baton-Actor", async () => {
    const admin = await as("admin");
    const uri = env.script("audit.sh", "#!/bin/sh\nexit 0\n");
    const res = await admin.request(
      `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`,
      { i: { name: "audited", version: "1.0.0", uri } },
      { "x-baton-actor": "mallory" },
    );
    expect(res.errors).toBeUndefined();
    const rows = await env.sql<{ actor: string; actorSubject: string | null }>(
      `SELECT actor, "actorSubject" FROM audit_records WHERE action = 'registerApp' AND input->>'name' = 'audited'`,
    );
    expect(rows).toEqual([{ actor: "admin", actorSubject: "admin" }]);
  });

  it("refuses an expired, a wrongly signed and a wrong-audience token, each with its reason", async () => {
    const short = await provider.clientToken("short-lived");
    expect(await withToken(short.token).ok("{ me { name } }")).toEqual({ me: { name: "short-lived" } });
    expect(short.expiresIn).toBeLessThanOrEqual(2);
    // The token lasts 2 s: wait for the API to stop accepting it, then look at why.
    const expired = await waitFor(
      "the API to refuse the 2 s token",
      async () => {
        const r = await withToken(short.token).request("{ tasks { name } }");
        return codeOf(r) === "UNAUTHENTICATED" ? r : undefined;
      },
      10_000,
    );
    expect(codeOf(expired)).toBe("UNAUTHENTICATED");
    expect(messageOf(expired)).toMatch(/expired/);

    const forged = await withToken(await provider.forgedToken()).request("{ tasks { name } }");
    expect(codeOf(forged)).toBe("UNAUTHENTICATED");
    expect(messageOf(forged)).toMatch(/signature/);

    const other = await provider.clientToken("admin", { resource: "urn:other" });
    const wrongAudience = await withToken(other.token).request("{ tasks { name } }");
    expect(codeOf(wrongAudience)).toBe("UNAUTHENTICATED");
    expect(messageOf(wrongAudience)).toMatch(/audience/);

    const garbage = await withToken("not-a-token").request("{ tasks { name } }");
    expect(codeOf(garbage)).toBe("UNAUTHENTICATED");
  });
});

describe("roles", () => {
  const schemaText = readFileSync(join(repoRoot, "services/control-plane/schema.graphql"), "utf8");
  const rootFields = (type: string): string[] => {
    const body = new RegExp(`^type ${type} \\{\\n([\\s\\S]*?)^\\}`, "m").exec(schemaText)?.[1] ?? "";
    return [...body.matchAll(/^ {2}(\w+)[(:]/gm)].map((m) => m[1] as string);
  };

  it("gives every query, mutation and subscription a role in the table, and README.md shows the same table", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    for (const type of ["Query", "Mutation", "Subscription"] as const) {
      const fields = rootFields(type);
      expect(fields.length).toBeGreaterThan(1);
      expect(
        fields.filter((f) => !(f in PERMISSIONS[type])),
        `${type} fields with no role`,
      ).toEqual([]);
      expect(
        Object.keys(PERMISSIONS[type]).filter((f) => !fields.includes(f)),
        `${type} roles of no field`,
      ).toEqual([]);
      for (const [field, p] of Object.entries(PERMISSIONS[type])) {
        const row = new RegExp(`^\\| \`${field}\` \\| ([^|]*) \\|`, "m").exec(readme);
        expect(row, `README.md has a row for ${field}`).not.toBeNull();
        const roles = p.roles.length === 0 ? "signed in" : p.roles.join(" + ");
        expect(row?.[1]?.trim(), `README.md's roles for ${field}`).toBe(roles);
      }
    }
  });

  // One operation per role, with variables that pass validation; a refusal
  // must name the role, an allowed call must not be refused for its role.
  const SAMPLES: { role: string; op: string; query: string; variables?: Record<string, unknown> }[] = [
    { role: "VIEW", op: "tasks", query: "{ tasks { name } }" },
    { role: "VIEW", op: "auditRecords", query: "{ auditRecords(first: 1) { edges { node { id } } } }" },
    {
      role: "CREATE",
      op: "registerApp",
      query: "mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }",
      variables: { i: { name: "sample-app", version: "1.0.0", uri: "file:///bin/true" } },
    },
    {
      role: "DEPLOY",
      op: "cancelExecution",
      query: "mutation($id: ID!) { cancelExecution(id: $id) { id } }",
      variables: { id: MISSING_ID },
    },
    { role: "DESTROY", op: "deleteTask", query: `mutation { deleteTask(name: "no-such-task") }` },
    {
      role: "MODIFY",
      op: "setDefaultAppVersion",
      query: "mutation($i: SetDefaultAppVersionInput!) { setDefaultAppVersion(input: $i) { name } }",
      variables: { i: { name: "no-such-app", version: "1.0.0" } },
    },
    { role: "SCHEDULE", op: "deleteSchedule", query: `mutation { deleteSchedule(name: "no-such-schedule") }` },
    {
      role: "MANAGE",
      op: "setPoolLimit",
      query: `mutation { setPoolLimit(pool: "sample", maxConcurrent: 3) { name } }`,
    },
  ];

  it("samples cover every role, and each sample's role is the table's", () => {
    expect(new Set(SAMPLES.map((s) => s.role))).toEqual(
      new Set(["VIEW", "CREATE", "DEPLOY", "DESTROY", "MODIFY", "SCHEDULE", "MANAGE"]),
    );
    for (const s of SAMPLES) {
      const p = PERMISSIONS.Query[s.op] ?? PERMISSIONS.Mutation[s.op];
      expect(p?.roles, s.op).toContain(s.role);
    }
  });

  const grantsOf: Record<string, string[]> = {
    admin: ["VIEW", "CREATE", "DEPLOY", "DESTROY", "MODIFY", "SCHEDULE", "MANAGE"],
    viewer: ["VIEW"],
    deployer: ["VIEW", "DEPLOY"],
    nobody: [],
  };

  for (const who of Object.keys(grantsOf)) {
    it(`allows ${who} exactly the operations its roles name (${grantsOf[who]?.join(", ") || "none"})`, async () => {
      expect(SCRIPT_CLIENTS[who]).toBeDefined();
      const client = await as(who);
      for (const s of SAMPLES) {
        const res = await client.request(s.query, s.variables);
        if (grantsOf[who]?.includes(s.role)) {
          expect(codeOf(res), `${who} ${s.op}: ${messageOf(res)}`).not.toBe("FORBIDDEN");
          expect(codeOf(res), `${who} ${s.op}`).not.toBe("UNAUTHENTICATED");
        } else {
          expect(codeOf(res), `${who} ${s.op}`).toBe("FORBIDDEN");
          expect(res.errors?.[0]?.extensions?.role, `${who} ${s.op}`).toBe(s.role);
          expect(messageOf(res)).toContain(`needs the ${s.role} role`);
        }
      }
    });
  }

  it("refuses a whole operation when one of its fields is refused (fragments too): nothing runs", async () => {
    await defineTask(await as("admin"), "whole-op", env.script("whole.sh", "#!/bin/sh\nexit 0\n"));
    const deployer = await as("deployer");
    const res = await deployer.request(
      `mutation { l: launchTask(input: { task: "whole-op" }) { id } ...M } fragment M on Mutation { setPoolLimit(pool: "never-set", maxConcurrent: 1) { name } }`,
    );
    expect(codeOf(res)).toBe("FORBIDDEN");
    expect(res.errors?.[0]?.extensions?.role).toBe("MANAGE");
    expect(
      await env.sql(
        `SELECT 1 FROM executions e JOIN task_definitions t ON t.id = e."taskId" WHERE t.name = 'whole-op'`,
      ),
    ).toEqual([]);
    expect(await env.sql(`SELECT 1 FROM pools WHERE name = 'never-set'`)).toEqual([]);
    const viewer = await as("viewer");
    const mixed = await viewer.request(`query { tasks { name } ...F } fragment F on Query { apiTokens { id } }`);
    expect(mixed.errors).toBeUndefined();
  });

  it("limits team-a to settle-* tasks, and does not tell whether another team's target exists", async () => {
    const admin = await as("admin");
    const team = await as("team-a");
    const ok = env.script("ok.sh", "#!/bin/sh\necho settled\n");
    await defineTask(admin, "payroll", ok);
    await admin.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "settle-app", version: "1.0.0", uri: ok },
    });
    await team.ok(`mutation { createTask(input: { name: "settle-daily", app: "settle-app" }) { name } }`);
    const run = await launch(team, "settle-daily");
    await untilStatus(team, run.id, ["COMPLETED"]);

    const create = await team.request(
      `mutation { createTask(input: { name: "payroll-2", app: "settle-app" }) { name } }`,
    );
    expect(codeOf(create)).toBe("FORBIDDEN");
    expect(messageOf(create)).toMatch(/CREATE on settle-\*/);

    const payrollRun = await launch(admin, "payroll");
    const theirs = await team.request(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: payrollRun.id });
    const missing = await team.request(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: MISSING_ID });
    expect(codeOf(theirs)).toBe("FORBIDDEN");
    expect(messageOf(missing)).toBe(messageOf(theirs));
    expect(
      codeOf(await admin.request(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: MISSING_ID })),
    ).toBe("NOT_FOUND");

    // A DAG of team-a's name may not run another team's task.
    const dag = await team.request(
      `mutation { createDag(input: { name: "settle-chain", definition: "settle-daily && payroll" }) { name } }`,
    );
    expect(codeOf(dag)).toBe("FORBIDDEN");
    expect(await env.sql(`SELECT 1 FROM dags WHERE name = 'settle-chain'`)).toEqual([]);
    await team.ok(`mutation { createDag(input: { name: "settle-chain", definition: "settle-daily" }) { name } }`);

    // Apps and runners are not anyone's prefix: they need the role on everything.
    const app = await team.request(
      `mutation { registerApp(input: { name: "settle-x", version: "1.0.0", uri: "file:///bin/true" }) { version } }`,
    );
    expect(codeOf(app)).toBe("FORBIDDEN");
    expect(messageOf(app)).toMatch(/on every task and DAG/);
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, hold no more than their creator, and work until revoked", async () => {
    const deployer = await as("deployer");
    const created = await deployer.ok<{
      createApiToken: { token: string; apiToken: { id: string; hint: string; grants: { role: string }[] } };
    }>(
      `mutation { createApiToken(input: { name: "nightly", grants: [{ role: VIEW }, { role: DEPLOY }], expiresInDays: 7 }) { token apiToken { id hint grants { role } } } }`,
    );
    const { token, apiToken } = created.createApiToken;
    expect(token).toMatch(/^baton_/);
    expect(apiToken.grants.map((g) => g.role)).toEqual(["VIEW", "DEPLOY"]);
    const stored = await env.sql<{ tokenHash: string; hint: string }>(
      `SELECT "tokenHash", hint FROM api_tokens WHERE id = $1`,
      [apiToken.id],
    );
    expect(stored[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await env.sql(`SELECT * FROM api_tokens`))).not.toContain(token);
    expect(JSON.stringify(await env.sql(`SELECT * FROM audit_records`))).not.toContain(token);

    const more = await deployer.request(
      `mutation { createApiToken(input: { name: "greedy", grants: [{ role: MANAGE }] }) { token } }`,
    );
    expect(codeOf(more)).toBe("FORBIDDEN");
    expect(messageOf(more)).toMatch(/no more than its creator/);
    const service = await deployer.request(
      `mutation { createApiToken(input: { name: "ci", serviceAccount: "ci-bot" }) { token } }`,
    );
    expect(codeOf(service)).toBe("FORBIDDEN");

    // The token works over HTTP and graphql-ws, on both instances, as the deployer.
    const scripted = withToken(token, 0);
    const me = await scripted.ok<{ me: { kind: string; subject: string } }>("{ me { kind subject } }");
    expect(me.me).toEqual({ kind: "api-token", subject: "deployer" });
    expect(codeOf(await scripted.request(`mutation { setPoolLimit(pool: "x", maxConcurrent: 1) { name } }`))).toBe(
      "FORBIDDEN",
    );
    await waitFor(
      "last use to be recorded",
      async () =>
        (
          await env.sql<{ used: boolean }>(`SELECT "lastUsedAt" IS NOT NULL AS used FROM api_tokens WHERE id = $1`, [
            apiToken.id,
          ])
        )[0]?.used === true,
    );
    await scripted.close();
  });

  it("revoked mid-session: requests are refused and open subscriptions end, on this instance and the other", async () => {
    const admin = await as("admin");
    const { createApiToken } = await admin.ok<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      `mutation { createApiToken(input: { name: "watcher", grants: [{ role: VIEW }] }) { token apiToken { id } } }`,
    );
    const long = env.script("long.sh", "#!/bin/sh\nwhile true; do echo tick; sleep 0.2; done\n");
    await defineTask(admin, "forever", long);
    const run = await launch(admin, "forever");
    await untilStatus(admin, run.id, ["RUNNING"]);

    const closes: { instance: number; code: number; reason: string }[] = [];
    const watchers = [0, 1].map((instance) =>
      withToken(createApiToken.token, instance, (code, reason) => closes.push({ instance, code, reason })),
    );
    const started: (() => void)[] = [];
    const firsts = watchers.map(() => new Promise<void>((resolve) => started.push(resolve)));
    const ended = watchers.map((w, i) => subscriptionEnd(w, run.id, 60_000, () => started[i]?.()));
    await Promise.all(firsts);
    await admin.ok(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: createApiToken.apiToken.id });
    const reasons = await Promise.all(ended);
    for (const reason of reasons) expect(reason).toMatch(/4403.*revoked/);
    expect(closes.map((c) => c.instance).sort()).toEqual([0, 1]);
    const after = await withToken(createApiToken.token).request("{ tasks { name } }");
    expect(codeOf(after)).toBe("UNAUTHENTICATED");
    expect(messageOf(after)).toMatch(/revoked/);
    await admin.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: run.id });
    for (const w of watchers) await w.close();
  });
});

describe("subscriptions and limits", () => {
  it("refuses a subscription without a token at connection_init, and one without VIEW at subscribe", async () => {
    const anonymous = graphqlClient(env.api[0]?.url ?? "");
    const refused = await subscriptionEnd(anonymous, MISSING_ID, 10_000);
    expect(refused).toMatch(/4403.*Sign in first/);
    await anonymous.close();
    const nobody = await as("nobody");
    const forbidden = await subscriptionEnd(nobody, MISSING_ID, 10_000);
    expect(forbidden).toMatch(/needs the VIEW role/);
  });

  it("ends a subscription when its token expires, saying so", async () => {
    const admin = await as("admin");
    await defineTask(
      admin,
      "ticking",
      env.script("ticking.sh", "#!/bin/sh\nwhile true; do echo tick; sleep 0.2; done\n"),
    );
    const run = await launch(admin, "ticking");
    await untilStatus(admin, run.id, ["RUNNING"]);
    const short = await provider.clientToken("short-lived");
    const watcher = withToken(short.token, 1);
    const ended = await subscriptionEnd(watcher, run.id, 30_000);
    expect(ended).toMatch(/4403.*token expired/);
    await watcher.close();
    await admin.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: run.id });
  });

  it("limits mutations per identity and minute, naming the wait; others are unaffected", async () => {
    const deployer = await as("deployer", 1);
    let limited: GraphQLResult<unknown> | undefined;
    for (let i = 0; i <= RATE && !limited; i++) {
      const res = await deployer.request(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: MISSING_ID });
      if (codeOf(res) === "RATE_LIMITED") limited = res;
    }
    expect(limited, "a refusal within the limit + 1 mutations").toBeDefined();
    expect(messageOf(limited ?? {})).toMatch(/at most 40 mutations a minute.*Try again in \d+ s/);
    expect(limited?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    const admin = await as("admin", 1);
    expect(
      codeOf(await admin.request(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: MISSING_ID })),
    ).toBe("NOT_FOUND");
  });
});
