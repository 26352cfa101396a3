import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort } from "@baton/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { tableCounts } from "./support/db-counts.js";
import { startEnv, type TestEnv } from "./support/env.js";
import { allEvents, defineTask, launch, statuses } from "./support/flows.js";
import type { GraphQLResult } from "./support/graphql.js";

// The local mode is safe by default: a web page in a browser on the same
// machine cannot drive the API (CORS, Host, WebSocket Origin), errors carry
// no stack traces, a launch cannot set variables that change how a program
// starts, and no request can stall the others.

const CONSOLE = "http://127.0.0.1:39999";
const FOREIGN = "http://evil.example";
const UUID = "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP request with headers fetch() may not set (Host). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "POST", headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Opens a graphql-ws socket with these headers; resolves with the HTTP status that refused it, or 101. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws", { headers });
    socket.on("open", () => {
      socket.close();
      resolve({ status: 101, body: "" });
    });
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.on("error", (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** One graphql-ws operation on a fresh socket: every message the server sends for it, until complete or error. */
function wsOperation(url: string, query: string, headers: Record<string, string> = {}): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws", { headers });
    const got: unknown[] = [];
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no answer over graphql-ws; got ${JSON.stringify(got)}`));
    }, 20_000);
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: {} })));
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: unknown };
      if (message.type === "connection_ack") {
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
        return;
      }
      got.push(message);
      if (message.type === "complete" || message.type === "error") {
        clearTimeout(timer);
        socket.close();
        resolve(got);
      }
    });
    socket.on("close", (code, reason) => {
      clearTimeout(timer);
      if (got.length === 0) resolve([{ type: "closed", code, reason: reason.toString() }]);
    });
    socket.on("error", reject);
  });
}

const STACK = /\n\s+at |stacktrace|node_modules|\.js:\d+/;

/** A GraphQL POST with a JSON body. */
const post = (target: string, body: unknown): Promise<Response> =>
  fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

let env: TestEnv;
let plain: TestEnv;
let url: string;
let port: string;

beforeAll(async () => {
  // NODE_ENV=development: Apollo and Express would show stack traces if nothing stopped them.
  env = await startEnv({
    runners: 1,
    controlPlaneEnv: { NODE_ENV: "development", BATON_CORS_ORIGIN: CONSOLE, BATON_ALLOWED_HOSTS: "baton.test" },
  });
  // The defaults: no console origin configured, and a small body limit to test it.
  plain = await startEnv({ runners: 0, controlPlaneEnv: { BATON_GRAPHQL_MAX_BODY_BYTES: "100000" } });
  url = env.api[0]!.url;
  port = new URL(url).port;
});
afterAll(async () => {
  await env?.stop();
  await plain?.stop();
});

describe("CORS", () => {
  const preflight = (target: string, origin: string) =>
    fetch(target, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });

  it("answers the console's origin, and only it", async () => {
    const ok = await preflight(url, CONSOLE);
    expect(ok.headers.get("access-control-allow-origin")).toBe(CONSOLE);
    expect(ok.headers.get("access-control-allow-headers")).toContain("x-baton-actor");
    expect(ok.headers.get("vary")).toMatch(/origin/i);
    const foreign = await preflight(url, FOREIGN);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const post = await fetch(url, {
      method: "POST",
      headers: { origin: FOREIGN, "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("sends no CORS headers at all unless BATON_CORS_ORIGIN names the console", async () => {
    for (const origin of [CONSOLE, FOREIGN, "http://127.0.0.1:3000"]) {
      const res = await preflight(plain.api[0]!.url, origin);
      expect(res.headers.get("access-control-allow-origin"), origin).toBeNull();
      expect(res.headers.get("access-control-allow-methods"), origin).toBeNull();
    }
  });
});

describe("Host header (DNS rebinding)", () => {
  const query = JSON.stringify({ query: "{ __typename }" });

  it("refuses a Host that is not this control plane, saying how to allow it", async () => {
    const res = await raw(url, {
      headers: { host: `evil.example:${port}`, "content-type": "application/json" },
      body: query,
    });
    expect(res.status).toBe(403);
    const body = JSON.parse(res.body) as GraphQLResult<unknown>;
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(body.errors?.[0]?.message).toMatch(/BATON_ALLOWED_HOSTS/);
  });

  it("accepts the bound address, loopback names and BATON_ALLOWED_HOSTS", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `baton.test:${port}`]) {
      const res = await raw(url, { headers: { host, "content-type": "application/json" }, body: query });
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body), host).toEqual({ data: { __typename: "Query" } });
    }
    const wrongPort = await raw(url, {
      headers: { host: "127.0.0.1:1", "content-type": "application/json" },
      body: query,
    });
    expect(wrongPort.status).toBe(403);
  });

  it("refuses a WebSocket upgrade with a foreign Host", async () => {
    expect((await upgrade(url, { host: `evil.example:${port}` })).status).toBe(403);
  });
});

describe("WebSocket Origin", () => {
  it("refuses a page of a foreign origin, and lets the console and non-browser clients in", async () => {
    const refused = await upgrade(url, { origin: FOREIGN });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).errors[0].message).toMatch(/BATON_CORS_ORIGIN/);
    expect((await upgrade(url, { origin: "null" })).status).toBe(403);
    expect((await upgrade(url, { origin: CONSOLE })).status).toBe(101);
    expect((await upgrade(url, {})).status).toBe(101);
    // With no console configured, any page is refused.
    expect((await upgrade(plain.api[0]!.url, { origin: CONSOLE })).status).toBe(403);
  });

  it("runs a mutation over graphql-ws only through the same guard", async () => {
    const messages = await wsOperation(url, `mutation { cancelDagRun(id: "42") { id } }`, { origin: CONSOLE });
    expect(JSON.stringify(messages)).toMatch(/BAD_USER_INPUT.*|must be a UUID/);
  });
});

describe("error answers", () => {
  it("never carry a stack trace: syntax, validation, guard, malformed JSON, graphql-ws", async () => {
    const bodies: string[] = [];
    for (const query of [
      "{",
      "{ nope }",
      `{ execution(id: "x") { id } }`,
      `mutation { launchTask(input: {}) { id } }`,
    ]) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      const text = await res.text();
      expect(JSON.parse(text).errors[0].extensions.code, query).toMatch(/^[A-Z_]+$/);
      bodies.push(text);
    }
    const malformed = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe("BAD_REQUEST");
    bodies.push(text);
    for (const query of ["subscription {", "subscription { nope }"]) {
      const messages = await wsOperation(url, query);
      expect(messages[0], query).toMatchObject({ type: "error" });
      bodies.push(JSON.stringify(messages));
    }
    for (const body of bodies) expect(body).not.toMatch(STACK);
  });

  it("answers a subscription sent over HTTP POST with a typed error pointing to graphql-ws", async () => {
    const result = await env.api[0]!.request(`subscription { executionEvents(executionId: "${UUID}") { seq } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(result.errors?.[0]?.message).toMatch(/graphql-ws.*same URL/);
  });

  it("refuses a body over the limit and too many batched operations with a typed error", async () => {
    const big = await fetch(plain.api[0]!.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", variables: { x: "y".repeat(200_000) } }),
    });
    expect(big.status).toBe(413);
    const bigBody = (await big.json()) as GraphQLResult<unknown>;
    expect(bigBody.errors?.[0]?.message).toMatch(/BATON_GRAPHQL_MAX_BODY_BYTES/);
    const batch = (n: number) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: "{ __typename }" }))),
      });
    const two = await batch(2);
    expect(await two.json()).toEqual([{ data: { __typename: "Query" } }, { data: { __typename: "Query" } }]);
    const many = await batch(50);
    expect(many.status).toBe(400);
    expect(((await many.json()) as GraphQLResult<unknown>).errors?.[0]?.message).toMatch(/BATON_GRAPHQL_MAX_BATCH/);
  });
});

describe("limits", () => {
  const deep = `{ execution(id: "${UUID}") { ${"restartOf { ".repeat(49)}id${" }".repeat(49)} } }`;
  const aliases = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: apps { name }`).join(" ")} }`;

  it("refuses a 50-level query and a 10,000-alias query with a typed error while other clients are answered", async () => {
    const api = env.api[0]!;
    let heavyDone = false;
    const queries = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? deep : aliases));
    const heavy = Promise.all(queries.map((q) => api.request(q))).finally(() => {
      heavyDone = true;
    });
    const answered: boolean[] = [];
    // Another client asks simple questions all along; each must be answered.
    do answered.push(Boolean((await api.request<{ apps: unknown[] }>("{ apps { name } }")).data?.apps));
    while (!heavyDone);
    for (const [i, result] of (await heavy).entries()) {
      for (const error of result.errors ?? []) {
        expect(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"]).toContain(error.extensions?.code);
      }
      // The deep one is also too costly; the alias one has too many tokens before anything else.
      const messages = (result.errors ?? []).map((e) => e.message).join("\n");
      expect(messages).toMatch(queries[i] === deep ? /BATON_GRAPHQL_MAX_DEPTH/ : /BATON_GRAPHQL_MAX_TOKENS/);
      expect(result.data ?? undefined).toBeUndefined();
    }
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every(Boolean)).toBe(true);
  });

  it("bounds graphql-ws the same way", async () => {
    const messages = JSON.stringify(await wsOperation(url, deep));
    expect(messages).toMatch(/"type":"error"/);
    expect(messages).toMatch(/BATON_GRAPHQL_MAX_DEPTH/);
    const tokens = JSON.stringify(await wsOperation(url, aliases));
    expect(tokens).toMatch(/BATON_GRAPHQL_MAX_TOKENS/);
  });
});

describe("per-launch environment", () => {
  it("refuses variables that change how a program starts unless the task allows them", async () => {
    const api = env.api[0]!;
    const uri = env.script("env.mjs", 'console.log("PYTHONPATH=" + process.env.PYTHONPATH);\n');
    await defineTask(api, "envy", uri, { properties: { env: { LD_BIND_NOW: "1" } } });
    for (const name of ["PATH", "LD_PRELOAD", "NODE_OPTIONS", "PYTHONPATH", "BATON_TASK"]) {
      const before = await tableCounts(env.sql);
      const result = await api.request(`mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`, {
        i: { task: "envy", properties: { env: { [name]: "/tmp/x" } } },
      });
      expect(result.errors?.[0]?.extensions?.code, name).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message, name).toContain(`allowLaunchEnv: ["${name}"]`);
      expect(await tableCounts(env.sql)).toEqual(before);
    }
    const selfGranted = await api.request(`mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`, {
      i: { task: "envy", properties: { allowLaunchEnv: ["PYTHONPATH"], env: { PYTHONPATH: "/opt/py" } } },
    });
    expect(selfGranted.errors?.[0]?.message).toMatch(/only on the task/);

    await api.ok(`mutation($i: UpgradeTaskInput!) { upgradeTask(input: $i) { revision } }`, {
      i: { task: "envy", properties: { allowLaunchEnv: ["PYTHONPATH"] } },
    });
    const run = await launch(api, "envy", { properties: { env: { PYTHONPATH: "/opt/py" } } });
    const events = await allEvents(api, run.id);
    expect(statuses(events).at(-1)).toBe("COMPLETED");
    expect(events.map((e) => e.log?.text)).toContain("PYTHONPATH=/opt/py");
  });
});

describe("audit masking", () => {
  it("keeps an idempotencyKey in clear and masks a password", async () => {
    const api = env.api[0]!;
    await defineTask(api, "masked", env.script("masked.mjs", "console.log('ok');\n"));
    await launch(api, "masked", {
      idempotencyKey: "nightly-2026-11-23",
      properties: { env: { DB_PASSWORD: "hunter2", REGION: "eu" } },
    });
    const data = await api.ok<{
      auditRecords: { edges: { node: { target: string | null; input: Record<string, unknown> } }[] };
    }>(`{ auditRecords(filter: { action: "launchTask" }, first: 50) { edges { node { target input } } } }`);
    const record = data.auditRecords.edges.map((e) => e.node.input).find((i) => i.task === "masked");
    expect(record).toMatchObject({
      idempotencyKey: "nightly-2026-11-23",
      properties: { env: { DB_PASSWORD: "***", REGION: "eu" } },
    });
  });
});

describe("the local mode", () => {
  const main = join(
    dirname(createRequire(import.meta.url).resolve("@baton/control-plane/package.json")),
    "dist",
    "main.js",
  );

  /**
   * Starts a control plane; once it is ready, runs `whileReady` with its URL
   * and stops it. Resolves with its exit code and output.
   */
  const startWith = (
    extra: Record<string, string>,
    whileReady: (url: string) => Promise<void> = async () => undefined,
  ): Promise<{ code: number | null; output: string; ready: boolean }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [main], {
        env: {
          ...process.env,
          DATABASE_URL: plain.databaseUrl,
          NATS_URL: plain.natsUrl,
          BATON_NATS_PREFIX: plain.prefix,
          PORT: "0",
          ...extra,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      let ready = false;
      const take = (d: Buffer) => {
        output += d.toString();
        const url = /ready: (http\S+)/.exec(output)?.[1];
        if (url && !ready) {
          ready = true;
          whileReady(url).then(
            () => child.kill("SIGTERM"),
            (err) => {
              child.kill("SIGTERM");
              reject(err);
            },
          );
        }
      };
      child.stdout.on("data", take);
      child.stderr.on("data", take);
      child.on("exit", (code) => resolve({ code, output, ready }));
    });

  it("says at start that authentication is off and only this machine can reach it", async () => {
    const { output } = await startWith({ HOST: "127.0.0.1" });
    expect(output).toMatch(/authentication is off \(local mode\): listening on 127\.0\.0\.1 only/);
    expect(output).toMatch(/ready: http:\/\/127\.0\.0\.1:/);
  });

  it("refuses to listen on another address without authentication, unless told to, then warns", async () => {
    const refused = await startWith({ HOST: "0.0.0.0" });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(
      /HOST=0\.0\.0\.0 with authentication off would let anyone.*BATON_AUTH=oidc.*BATON_INSECURE_NO_AUTH=true/,
    );
    expect(refused.output).not.toMatch(/ready: /);
    const insecure = await startWith({ HOST: "0.0.0.0", BATON_INSECURE_NO_AUTH: "true" });
    expect(insecure.output).toMatch(/WARNING: authentication is OFF on 0\.0\.0\.0/);
    expect(insecure.output).toMatch(/ready: http/);
  });

  it("turns introspection off with BATON_GRAPHQL_INTROSPECTION=false, over HTTP and graphql-ws", async () => {
    const introspect = "{ __schema { queryType { name } } }";
    let checked = false;
    const off = await startWith({ HOST: "127.0.0.1", BATON_GRAPHQL_INTROSPECTION: "false" }, async (url) => {
      const http = (await (await post(url, { query: introspect })).json()) as GraphQLResult<unknown>;
      expect(http.errors?.[0]?.message).toMatch(/introspection is turned off.*BATON_GRAPHQL_INTROSPECTION/);
      const ws = JSON.stringify(await wsOperation(url, introspect));
      expect(ws).toMatch(/introspection is turned off.*BATON_GRAPHQL_INTROSPECTION/);
      const normal = (await (await post(url, { query: "{ tasks { name } }" })).json()) as GraphQLResult<unknown>;
      expect(normal.errors).toBeUndefined();
      checked = true;
    });
    expect(off.ready, off.output).toBe(true);
    expect(checked).toBe(true);
    const on = (await (await post(plain.api[0]!.url, { query: introspect })).json()) as GraphQLResult<unknown>;
    expect(on.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("answers SERVICE_UNAVAILABLE, not UNAUTHENTICATED, when the identity provider cannot be reached", async () => {
    const closed = await freePort(); // nothing listens there
    let checked = false;
    const run = await startWith(
      {
        HOST: "127.0.0.1",
        BATON_AUTH: "oidc",
        BATON_OIDC_ISSUER: `http://127.0.0.1:${closed}`,
        BATON_OIDC_AUDIENCE: "baton",
      },
      async (url) => {
        const bearer = (await (
          await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln" },
            body: JSON.stringify({ query: "{ tasks { name } }" }),
          })
        ).json()) as GraphQLResult<unknown>;
        expect(bearer.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryable: true });
        expect(bearer.errors?.[0]?.message).toMatch(/Cannot check the token now/);
        const none = (await (await post(url, { query: "{ tasks { name } }" })).json()) as GraphQLResult<unknown>;
        expect(none.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
        checked = true;
      },
    );
    expect(run.ready, run.output).toBe(true);
    expect(checked).toBe(true);
  });
});
