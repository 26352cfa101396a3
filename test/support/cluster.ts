import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { applyMigrations } from "@baton/db";
import {
  type Child,
  findNatsServer,
  freePort,
  natsAuthorization,
  newPassword,
  type PostgresService,
  startNodeChild,
  startPostgres,
  waitForLine,
  waitForPort,
} from "@baton/stack";
import pg from "pg";
import { waitFor } from "./flows.js";
import { isAlive } from "./processes.js";

/**
 * A whole Baton of its own whose every part can be killed with SIGKILL and
 * started again at the same address: a private PostgreSQL (fixed port and
 * data folder), a private NATS with JetStream (fixed port and store), control
 * planes (fixed ports) and runners (fixed runner ids). For the chaos suite;
 * it does not depend on vitest, so `npm run chaos` uses it too.
 */

export type ServiceKind = "postgres" | "nats" | "control-plane" | "runner";

export interface Service {
  readonly name: string;
  readonly kind: ServiceKind;
  /** True between a completed start and a kill / stop / crash. */
  readonly up: boolean;
  pid(): number | undefined;
  /** SIGKILL, then waits until the process is gone. */
  kill9(): Promise<void>;
  /** Starts it again on the same port, data and identity; resolves once it is ready. */
  start(): Promise<void>;
  /** Graceful stop (SIGTERM, SIGKILL after a grace). */
  stop(): Promise<void>;
}

export interface ControlPlaneService extends Service {
  readonly url: string;
}

export interface TaskProcess {
  pid: number;
  executionId: string;
}

export interface RunnerService extends Service {
  readonly runnerId: string;
  /** Processes the runner spawned that are alive now, with the execution each runs. */
  children(): TaskProcess[];
}

/** A process of the cluster that exited without being killed or stopped through it. */
export interface UnexpectedExit {
  name: string;
  kind: ServiceKind;
  at: number;
  code: number | null;
  signal: string | null;
}

export interface ClusterOptions {
  controlPlanes?: number;
  runners?: number;
  controlPlaneEnv?: Record<string, string>;
  runnerEnv?: Record<string, string>;
  /** Where child output is appended; default <dir>/children.log. */
  logFile?: string;
  onUnexpectedExit?: (exit: UnexpectedExit) => void;
  /**
   * NATS with a user for the control planes and one per runner (its id),
   * each runner limited to its own subjects, as `npm start` runs it. Off by
   * default: some fault tests publish to NATS as an anonymous client.
   */
  natsAuth?: boolean;
}

export interface Cluster {
  dir: string;
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  logFile: string;
  postgres: Service;
  nats: Service;
  controlPlanes: ControlPlaneService[];
  runners: RunnerService[];
  all(): Service[];
  /** A query through a small pool that survives database restarts (a query while it is down rejects). */
  sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  /** Stops every process it started (gracefully, then SIGKILL) and removes the temp folder. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

const require = createRequire(import.meta.url);
const entry = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "main.js");
const READY_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { isAlive };

async function waitGone(pid: number, timeoutMs: number): Promise<void> {
  await waitFor(`process ${pid} to be gone`, async () => !isAlive(pid), timeoutMs);
}

/** Live processes whose parent is `ppid`, with BATON_EXECUTION_ID from their environment. */
export function childrenOf(ppid: number): TaskProcess[] {
  const found: TaskProcess[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) !== ppid || fields[0] === "Z") continue;
      const environ = readFileSync(`/proc/${e}/environ`, "utf8").split("\0");
      const id = environ.find((v) => v.startsWith("BATON_EXECUTION_ID="))?.slice("BATON_EXECUTION_ID=".length);
      if (id) found.push({ pid: Number(e), executionId: id });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** A Node child (control plane or runner) that can be killed and started again with the same env. */
function nodeService(
  name: string,
  kind: "control-plane" | "runner",
  script: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  ready: (child: Child) => Promise<void>,
  onUnexpectedExit: (exit: UnexpectedExit) => void,
): Service {
  let child: Child | undefined;
  let up = false;
  let expecting = false;
  const service: Service = {
    name,
    kind,
    get up() {
      return up;
    },
    pid: () =>
      child && child.process.exitCode === null && child.process.signalCode === null ? child.process.pid : undefined,
    async start() {
      expecting = false;
      const c = startNodeChild(name, script, env, logFile);
      child = c;
      c.process.once("exit", (code, signal) => {
        if (child === c) up = false;
        if (!expecting && child === c) onUnexpectedExit({ name, kind, at: Date.now(), code, signal });
      });
      try {
        await ready(c);
      } catch (err) {
        expecting = true;
        c.process.kill("SIGKILL");
        throw err;
      }
      up = true;
    },
    async kill9() {
      const c = child;
      if (!c || c.process.exitCode !== null || c.process.signalCode !== null) return;
      expecting = true;
      up = false;
      c.process.kill("SIGKILL");
      await c.exited;
    },
    async stop() {
      const c = child;
      if (!c) return;
      expecting = true;
      up = false;
      await c.stop(8000);
    },
  };
  return service;
}

function runnerReady(child: Child): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.name} did not start within ${READY_MS} ms`)), READY_MS);
    let partial = "";
    const onData = (d: Buffer) => {
      const lines = (partial + d.toString()).split("\n");
      partial = lines.pop() ?? "";
      if (lines.some((l) => l.includes("started: platform"))) {
        clearTimeout(timer);
        child.process.stderr?.off("data", onData);
        resolve();
      }
    };
    child.process.stderr?.on("data", onData);
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited with code ${code} before it was ready`));
    });
  });
}

function postgresService(dataDir: string, port: number): Service & { url(): string } {
  let server: PostgresService | undefined;
  let up = false;
  const pidFile = join(dataDir, "data", "postmaster.pid");
  const pid = (): number | undefined => {
    try {
      const value = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
      return Number.isInteger(value) && value > 0 && isAlive(value) ? value : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    name: "postgres",
    kind: "postgres",
    get up() {
      return up;
    },
    pid,
    url: () => `postgresql://postgres:postgres@127.0.0.1:${port}/baton`,
    async start() {
      // After a SIGKILL the old server's backends notice and exit on their own;
      // until they have, a new postmaster refuses the data folder. Retry.
      const deadline = Date.now() + READY_MS;
      for (;;) {
        try {
          const started = await startPostgres({ dataDir, port, database: "baton" });
          if (new URL(started.url).port !== String(port)) {
            await started.stop();
            throw new Error(`port ${port} was taken`);
          }
          server = started;
          up = true;
          return;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`PostgreSQL did not start again: ${String(err)}`);
          await sleep(300);
        }
      }
    },
    async kill9() {
      const p = pid();
      up = false;
      if (p === undefined) return;
      process.kill(p, "SIGKILL");
      await waitGone(p, 10_000);
    },
    async stop() {
      up = false;
      await server?.stop().catch(() => undefined);
      const p = pid();
      if (p !== undefined) {
        process.kill(p, "SIGKILL");
        await waitGone(p, 10_000).catch(() => undefined);
      }
    },
  };
}

function natsService(
  storeDir: string,
  port: number,
  onUnexpectedExit: (exit: UnexpectedExit) => void,
  configFile?: string,
): Service {
  const binary = findNatsServer();
  let child: ChildProcess | undefined;
  let up = false;
  let expecting = false;
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => c.once("exit", () => resolve()));
  return {
    name: "nats",
    kind: "nats",
    get up() {
      return up;
    },
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async start() {
      expecting = false;
      const deadline = Date.now() + READY_MS;
      for (;;) {
        const config = configFile ? ["-c", configFile] : [];
        const c = spawn(binary, [...config, "-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], {
          stdio: ["ignore", "ignore", "ignore"],
        });
        child = c;
        c.once("exit", (code, signal) => {
          if (child !== c) return;
          const wasUp = up;
          up = false;
          if (!expecting && wasUp) onUnexpectedExit({ name: "nats", kind: "nats", at: Date.now(), code, signal });
        });
        const died = exited(c).then(() => false);
        const ok = await Promise.race([waitForPort(port, 15_000, "nats-server").then(() => true), died]).catch(
          () => false,
        );
        if (ok && c.exitCode === null && c.signalCode === null) {
          up = true;
          return;
        }
        c.kill("SIGKILL");
        await exited(c);
        if (Date.now() > deadline) throw new Error(`nats-server did not start again on port ${port}`);
        await sleep(300);
      }
    },
    async kill9() {
      const c = child;
      up = false;
      if (!c) return;
      expecting = true;
      c.kill("SIGKILL");
      await exited(c);
    },
    async stop() {
      const c = child;
      up = false;
      if (!c) return;
      expecting = true;
      c.kill("SIGTERM");
      const timer = setTimeout(() => c.kill("SIGKILL"), 5000);
      await exited(c);
      clearTimeout(timer);
    },
  };
}

/** Starts PostgreSQL, NATS, the control planes and the runners; everything is stopped again if a part fails. */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "baton-chaos-"));
  chmodSync(dir, 0o755); // as root, Postgres runs as its own user and must enter this folder
  const logFile = options.logFile ?? join(dir, "children.log");
  mkdirSync(dirname(logFile), { recursive: true });
  const prefix = "chaos";
  const unexpected = (exit: UnexpectedExit) => options.onUnexpectedExit?.(exit);
  const [pgPort, natsPort] = [await freePort(), await freePort()];
  const postgres = postgresService(join(dir, "pg"), pgPort);
  const runnerIds = Array.from({ length: options.runners ?? 2 }, (_, i) => `runner${i + 1}`);
  const logins = options.natsAuth
    ? {
        controlPlane: { user: "control-plane", password: newPassword() },
        runners: runnerIds.map((id) => ({ id, user: id, password: newPassword() })),
      }
    : undefined;
  const natsConfig = logins ? join(dir, "nats.conf") : undefined;
  if (logins && natsConfig) {
    writeFileSync(natsConfig, natsAuthorization({ prefix, ...logins }), { mode: 0o600 });
  }
  const nats = natsService(join(dir, "nats"), natsPort, unexpected, natsConfig);
  const databaseUrl = postgres.url();
  const natsUrl = `nats://127.0.0.1:${natsPort}`;
  const controlPlanes: ControlPlaneService[] = [];
  const runners: RunnerService[] = [];
  let pool: pg.Pool | undefined;
  const all = (): Service[] => [...runners, ...controlPlanes, nats, postgres];

  const stop = async (stopOptions: { keepDir?: boolean } = {}) => {
    await Promise.all([...runners, ...controlPlanes].map((s) => s.stop().catch(() => undefined)));
    await nats.stop().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    if (!stopOptions.keepDir) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await Promise.all([postgres.start(), nats.start()]);
    await applyMigrations(databaseUrl);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 3, connectionTimeoutMillis: 3000, query_timeout: 10_000 });
    pool.on("error", () => undefined); // an idle client whose server was killed
    const base = { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl, BATON_NATS_PREFIX: prefix };
    for (let i = 0; i < (options.controlPlanes ?? 2); i++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/graphql`;
      const env = {
        ...base,
        PORT: String(port),
        BATON_INSTANCE_ID: `cp${i + 1}`,
        BATON_MIGRATE: "false",
        ...(logins ? { NATS_USER: logins.controlPlane.user, NATS_PASSWORD: logins.controlPlane.password } : {}),
        ...options.controlPlaneEnv,
      };
      const ready = async (c: Child) => {
        await waitForLine(c, /ready: (http\S+)/, READY_MS);
      };
      const service = nodeService(
        `cp${i + 1}`,
        "control-plane",
        entry("@baton/control-plane"),
        env,
        logFile,
        ready,
        unexpected,
      );
      controlPlanes.push(Object.assign(service, { url }));
    }
    for (const [i, runnerId] of runnerIds.entries()) {
      const login = logins?.runners[i];
      const env = {
        ...base,
        RUNNER_ID: runnerId,
        ...(login ? { NATS_USER: login.user, NATS_PASSWORD: login.password } : {}),
        ...options.runnerEnv,
      };
      const service = nodeService(
        runnerId,
        "runner",
        entry("@baton/runner-host"),
        env,
        logFile,
        runnerReady,
        unexpected,
      );
      runners.push(
        Object.assign(service, {
          runnerId,
          children: () => {
            const pid = service.pid();
            return pid === undefined ? [] : childrenOf(pid);
          },
        }),
      );
    }
    await Promise.all(controlPlanes.map((s) => s.start()));
    await Promise.all(runners.map((s) => s.start()));
  } catch (err) {
    await stop();
    throw err;
  }
  const livePool = pool;
  return {
    dir,
    databaseUrl,
    natsUrl,
    prefix,
    logFile,
    postgres,
    nats,
    controlPlanes,
    runners,
    all,
    async sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      return (await livePool.query<T>(text, values)).rows;
    },
    stop,
  };
}
