import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineTask, getExecution, launch, waitFor } from "./support/flows.js";
import { type GraphQLClient, graphqlClient } from "./support/graphql.js";

// `npm start` as a user runs it: the built stack (services/stack/dist/main.js)
// as a child, with its data in a temp BATON_HOME, while something else holds
// every default port. The console runs too when web/ is built (`npm run build`
// builds it; without it the console lines are not printed and its port check is
// left out, as the stack itself leaves the console out).
const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..");
const stackMain = join(repoRoot, "services", "stack", "dist", "main.js");
const consoleBuilt = existsSync(join(repoRoot, "web", ".next", "BUILD_ID"));
const DEFAULT_PORTS = { postgres: 54329, nats: 42229, api: 4000, console: 3000 };

/** Holds a port on 127.0.0.1; one already held by someone else is just as taken. */
function occupy(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  cmdline: string;
}

function proc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid ...: comm may hold spaces, so split after the last ")".
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    return { pid, ppid: Number(ppid), state: state ?? "", cmdline };
  } catch {
    return undefined;
  }
}

/** Every live process below `pid`, children first. */
function descendants(pid: number): ProcInfo[] {
  const all = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => proc(Number(d)))
    .filter((p): p is ProcInfo => p !== undefined && p.state !== "Z");
  const found: ProcInfo[] = [];
  const walk = (parent: number) => {
    for (const p of all.filter((q) => q.ppid === parent)) {
      found.push(p);
      walk(p.pid);
    }
  };
  walk(pid);
  return found;
}

const alive = (p: ProcInfo) => {
  const now = proc(p.pid);
  return now !== undefined && now.state !== "Z" && now.cmdline === p.cmdline;
};

const portOf = (url: string) => Number(new URL(url).port);

describe("npm start: the stack", () => {
  const blockers: Server[] = [];
  let home: string;
  let stack: ChildProcess;
  let output = "";
  let exit: Promise<{ code: number | null; signal: string | null }>;
  let api: GraphQLClient;
  let printed: { postgres: string; nats: string; graphql: string; console?: string };

  const waitForOutput = (pattern: RegExp, what: string, timeoutMs = 60_000) =>
    waitFor(what, async () => pattern.exec(output) ?? undefined, timeoutMs);
  const children = () => descendants(stack.pid as number);
  const child = (pattern: RegExp) => children().find((p) => pattern.test(p.cmdline));

  beforeAll(async () => {
    for (const port of Object.values(DEFAULT_PORTS)) {
      const server = await occupy(port);
      if (server) blockers.push(server);
    }
    home = mkdtempSync(join(tmpdir(), "baton-stack-"));
    const env: NodeJS.ProcessEnv = { ...process.env, BATON_HOME: home };
    for (const key of ["DATABASE_URL", "NATS_URL", "PORT", "WEB_PORT", "BATON_CORS_ORIGIN", "BATON_NATS_PREFIX"])
      delete env[key];
    stack = spawn(process.execPath, [stackMain], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    stack.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    stack.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    exit = new Promise((resolve) => stack.once("exit", (code, signal) => resolve({ code, signal })));
    const ready = await Promise.race([
      waitForOutput(/Baton is running\. GraphQL \(HTTP and graphql-ws\): (\S+)/, "the stack to be ready", 110_000),
      exit.then((e) => {
        throw new Error(`the stack exited (${JSON.stringify(e)}) before it was ready:\n${output}`);
      }),
    ]);
    printed = {
      graphql: ready[1] as string,
      postgres: /PostgreSQL: private, (\S+)/.exec(output)?.[1] as string,
      nats: /NATS: +private, (\S+)/.exec(output)?.[1] as string,
      console: /Console: (http\S+)/.exec(output)?.[1],
    };
    api = graphqlClient(printed.graphql);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    if (stack && stack.exitCode === null && stack.signalCode === null) {
      stack.kill("SIGTERM");
      await exit;
    }
    for (const server of blockers) server.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("chooses free ports when the defaults are taken, prints them, and the GraphQL URL answers", async () => {
    expect(portOf(printed.postgres)).not.toBe(DEFAULT_PORTS.postgres);
    expect(portOf(printed.nats)).not.toBe(DEFAULT_PORTS.nats);
    expect(portOf(printed.graphql)).not.toBe(DEFAULT_PORTS.api);
    expect(output).toContain(join(home, ".baton", "postgres"));
    expect(existsSync(join(home, ".baton", "postgres", "data", "PG_VERSION"))).toBe(true);
    expect(existsSync(join(home, ".baton", "nats"))).toBe(true);
    const answer = await api.ok<{ __typename: string }>("{ __typename }");
    expect(answer.__typename).toBe("Query");
    // The local mode says so, and is what it says: loopback only, no sign-in.
    expect(output).toMatch(/Sign-in: off \(the local mode\): the API listens on 127\.0\.0\.1 only/);
    expect(new URL(printed.graphql).hostname).toBe("127.0.0.1");
    if (consoleBuilt) {
      // The console's port is chosen before the control plane starts, which
      // answers CORS for exactly that origin.
      const consolePort = portOf(printed.console as string);
      expect(consolePort).not.toBe(DEFAULT_PORTS.console);
      const cp = child(/control-plane\/dist\/main\.js/);
      const environ = readFileSync(`/proc/${cp?.pid}/environ`, "utf8").split("\0");
      expect(environ).toContain(`BATON_CORS_ORIGIN=http://127.0.0.1:${consolePort},http://localhost:${consolePort}`);
      const page = await fetch(printed.console as string);
      expect(page.status).toBe(200);
      // ...so a browser on the console may call the API (a JSON POST's preflight).
      const origin = new URL(printed.console as string).origin;
      const preflight = await fetch(printed.graphql, {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type",
        },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    }
  });

  it("restarts a runner killed with -9, says so, and the new runner runs launches", async () => {
    const before = child(/runners\/host\/dist\/main\.js/);
    expect(before).toBeDefined();
    const killedAt = Date.now();
    process.kill(before?.pid as number, "SIGKILL");
    await waitForOutput(/runner exited \(code 137, SIGKILL\); restarting in 1 s/, "the restart notice");
    const after = await waitFor("a new runner process", async () => {
      const r = child(/runners\/host\/dist\/main\.js/);
      return r && r.pid !== before?.pid ? r : undefined;
    });
    expect(after.pid).not.toBe(before?.pid);

    const script = join(home, "hello.mjs");
    writeFileSync(script, 'console.log("hello from the new runner");\n');
    await defineTask(api, "stack-hello", `file://${script}`);
    const started = await launch(api, "stack-hello");
    const done = await waitFor(
      "the launch to complete",
      async () => {
        const e = await getExecution(api, started.id);
        return ["COMPLETED", "FAILED", "LOST"].includes(e.status) ? e : undefined;
      },
      60_000,
    );
    expect(done.status).toBe("COMPLETED");
    // RUNNER_ID defaults to hostname-<hash of its data folder>: the restarted runner came back under the same id.
    expect(done.runnerId).toMatch(/-[0-9a-f]{8}$/);
    const { runners } = await api.ok<{ runners: { id: string; startedAt: string }[] }>(
      "{ runners(includeOffline: true) { id startedAt } }",
    );
    expect(runners).toEqual([{ id: done.runnerId, startedAt: expect.any(String) }]);
    expect(Date.parse(runners[0]?.startedAt ?? "")).toBeGreaterThanOrEqual(killedAt - 1000);
  });

  it("stops everything with a clear message and a non-zero exit when NATS dies", async () => {
    const before = children();
    const nats = before.find((p) => /nats-server/.test(p.cmdline));
    expect(nats).toBeDefined();
    expect(before.some((p) => /postgres/.test(p.cmdline))).toBe(true);
    process.kill(nats?.pid as number, "SIGKILL");
    const ended = await exit;
    expect(output).toContain("NATS stopped unexpectedly (code 137, SIGKILL): Baton cannot run without it; stopping.");
    expect(ended.code).not.toBe(0);
    expect(ended.code).not.toBeNull();
    await waitFor("every child of the stack to be gone", async () => before.every((p) => !alive(p)), 30_000);
  });
});
