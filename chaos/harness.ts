import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type Cluster, isAlive, type Service, startCluster, type UnexpectedExit } from "../test/support/cluster.js";
import { type Classification, classify, type DbExecution, type RunnerDeath } from "./classify.js";
import { type Ledger, parseLedger, taskScript } from "./ledger.js";
import type { ChaosOptions, FaultKind } from "./options.js";
import { prng } from "./options.js";
import { formatReport, type ReportInput } from "./report.js";

/**
 * The chaos suite: a whole Baton (two control planes, two runners, NATS,
 * PostgreSQL), runs launched at a steady pace, and SIGKILLs at random
 * moments with a restart after a short downtime. One harness for both
 * `npm run chaos` (chaos/main.ts) and the short version in `npm test`.
 */

export interface FaultRecord {
  kind: FaultKind | "crash";
  target: string;
  pid: number | undefined;
  /** Epoch ms of the SIGKILL (or of the unexpected exit). */
  at: number;
  downMs: number;
  restartedAt?: number;
  restartError?: string;
  /** For a runner: the executions it held when it died. */
  held?: string[];
  detail?: string;
}

export interface LaunchRecord {
  at: number;
  via: string;
  attempts: number;
}

/** What the report is made of (report.ts), plus the report and its verdict. */
export interface ChaosResult extends ReportInput {
  report: string;
  ok: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (t: number) => sleep(Math.max(0, t - Date.now()));

const LAUNCH = `mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id } }`;

interface LaunchAnswer {
  id?: string;
  code: string;
  /** What came back, shortened, for messages. */
  detail?: string;
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<LaunchAnswer> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let body: { data?: { launchTask?: { id?: unknown } } | null; errors?: { extensions?: { code?: unknown } }[] };
    try {
      body = JSON.parse(text);
    } catch {
      return { code: `HTTP_${res.status}`, detail: text.slice(0, 300) };
    }
    const id = body.data?.launchTask?.id;
    if (!body.errors?.length && typeof id === "string") return { id, code: "OK" };
    if (!body.errors?.length && body.data) return { code: "OK" };
    const code = body.errors?.[0]?.extensions?.code;
    return { code: typeof code === "string" ? code : `HTTP_${res.status}`, detail: text.slice(0, 300) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === "TimeoutError") return { code: "TIMEOUT" };
    return { code: e.cause?.code ?? "FETCH_FAILED" };
  }
}

/** A setup mutation that must succeed: retried while the cluster settles. */
async function setup(urls: string[], query: string, variables: Record<string, unknown>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (let attempt = 0; ; attempt++) {
    const answer = await post(urls[attempt % urls.length] as string, query, variables);
    if (answer.code === "OK") return;
    if (Date.now() > deadline) throw new Error(`setup failed (${answer.code}: ${answer.detail ?? ""}): ${query}`);
    await sleep(300);
  }
}

export interface ChaosHooks {
  log?: (line: string) => void;
  /** Aborting stops launching and killing, and goes straight to the verdict and the cleanup. */
  signal?: AbortSignal;
  /** A folder to copy the processes' log and the ledger into before the temp folder is removed. */
  saveTo?: string;
}

/** Waits this long at most for the runner picked for a kill to hold a run, so the kill tests something. */
const BUSY_RUNNER_WAIT_MS = 5000;

export async function runChaos(options: ChaosOptions, hooks: ChaosHooks = {}): Promise<ChaosResult> {
  const log = hooks.log ?? (() => undefined);
  const aborted = () => hooks.signal?.aborted === true;
  const rand = prng(options.seed);
  const faults: FaultRecord[] = [];
  const runnerDeaths: RunnerDeath[] = [];
  const seenHeld = new Map<string, Map<string, number>>();
  const answers: Record<string, number> = {};
  const accepted = new Map<string, string>();
  const launches = new Map<string, LaunchRecord>();
  const keyPrefix = `chaos-${options.seed}-`;
  const keys = Array.from({ length: options.runs }, (_, i) => `${keyPrefix}${i}`);
  const sleeps = keys.map(() => options.taskMs[0] + rand() * (options.taskMs[1] - options.taskMs[0]));
  const windowMs = (options.runs / options.rate) * 1000;
  const schedule = options.faults
    .flatMap((kind) => Array.from({ length: options.killsPerKind }, () => kind))
    .map((kind) => ({
      kind,
      offset: (options.faultSpan[0] + (options.faultSpan[1] - options.faultSpan[0]) * rand()) * windowMs,
      pick: rand(),
      downMs: between(options.downMs),
    }))
    .sort((a, b) => a.offset - b.offset);
  function between([lo, hi]: [number, number]): number {
    return Math.round(lo + rand() * (hi - lo));
  }

  let cluster: Cluster | undefined;
  let stopping = false;
  const crashRestarts: Promise<void>[] = [];
  const t0Setup = Date.now();
  let t0 = t0Setup;
  const rel = (t: number) => `${t >= t0 ? "+" : "-"}${(Math.abs(t - t0) / 1000).toFixed(1)}s`;

  const heldInDb = async (runnerId: string, untilMs: number): Promise<string[] | undefined> => {
    // Right after the death and before the restart, every unfinished run the
    // database gives to this runner id was claimed by the process that died.
    for (;;) {
      try {
        const rows = await (cluster as Cluster).sql<{ id: string }>(
          `SELECT id FROM executions WHERE "runnerId" = $1 AND status IN ('QUEUED', 'DISPATCHED', 'RUNNING')`,
          [runnerId],
        );
        return rows.map((r) => r.id);
      } catch {
        if (Date.now() > untilMs) return undefined;
        await sleep(200);
      }
    }
  };

  const onUnexpectedExit = (exit: UnexpectedExit) => {
    if (stopping || !cluster) return;
    const c = cluster;
    const record: FaultRecord = {
      kind: "crash",
      target: exit.name,
      pid: undefined,
      at: exit.at,
      downMs: 1000,
      detail: `exited on its own (code ${exit.code}, signal ${exit.signal})`,
    };
    faults.push(record);
    log(`${rel(exit.at)} ${exit.name} ${record.detail}; starting it again in 1 s`);
    const service = c.all().find((s) => s.name === exit.name) as Service;
    crashRestarts.push(
      (async () => {
        if (exit.kind === "runner") {
          const death: RunnerDeath = { runnerId: exit.name, at: exit.at, cause: "crash", held: [] };
          runnerDeaths.push(death);
          death.held = (await heldInDb(exit.name, Date.now() + 1000)) ?? [];
          record.held = death.held;
        }
        await sleep(1000);
        if (stopping) return;
        await restart(service, exit.at, record);
      })(),
    );
  };

  /** Starts a killed or crashed service again, noting when on its fault and (for a runner) its death. */
  const restart = async (service: Service, diedAt: number, record: FaultRecord): Promise<void> => {
    const death = runnerDeaths.find((d) => d.runnerId === service.name && d.at === diedAt);
    if (death) death.restartedAt = Date.now();
    try {
      await service.start();
      record.restartedAt = Date.now();
    } catch (err) {
      record.restartError = String(err);
    }
  };

  const inject = async (fault: (typeof schedule)[number]): Promise<void> => {
    const c = cluster as Cluster;
    const pool: Service[] =
      fault.kind === "runner"
        ? c.runners
        : fault.kind === "control-plane"
          ? c.controlPlanes
          : fault.kind === "nats"
            ? [c.nats]
            : [c.postgres];
    const service = pool[Math.floor(fault.pick * pool.length)] as Service;
    // A process that crashed on its own is being started again: wait for it.
    const upDeadline = Date.now() + 60_000;
    while (!service.up && Date.now() < upDeadline && !aborted()) await sleep(100);
    const runner = c.runners.find((r) => r === service);
    const busyDeadline = Date.now() + BUSY_RUNNER_WAIT_MS;
    while (runner && runner.children().length === 0 && Date.now() < busyDeadline && !aborted()) await sleep(20);
    if (aborted()) return;
    const children = runner?.children().map((p) => p.executionId) ?? [];
    const record: FaultRecord = {
      kind: fault.kind,
      target: service.name,
      pid: service.pid(),
      at: 0,
      downMs: fault.downMs,
    };
    faults.push(record);
    record.at = Date.now();
    await service.kill9();
    if (runner) {
      const death: RunnerDeath = { runnerId: runner.runnerId, at: record.at, cause: "kill", held: children };
      runnerDeaths.push(death);
      const inDb = await heldInDb(runner.runnerId, record.at + fault.downMs);
      death.held = [...new Set([...children, ...(inDb ?? [])])];
      record.held = death.held;
      if (!inDb) record.detail = "the database could not be read before the restart";
    }
    await sleepUntil(record.at + fault.downMs);
    await restart(service, record.at, record);
    log(
      `${rel(record.at)} kill -9 ${service.name} (pid ${record.pid})${record.held ? ` holding ${record.held.length}` : ""}; ` +
        (record.restartedAt
          ? `back after ${((record.restartedAt - record.at) / 1000).toFixed(1)} s`
          : `restart failed: ${record.restartError}`),
    );
  };

  let leftovers = 0;
  let classification: Classification | undefined;
  let executions: DbExecution[] = [];
  try {
    log(
      `chaos seed ${options.seed}: ${options.runs} runs at ${options.rate}/s; faults: ${options.faults.join(", ") || "none"} (${options.killsPerKind} each)`,
    );
    cluster = await startCluster({
      controlPlanes: options.controlPlanes,
      runners: options.runners,
      controlPlaneEnv: {
        BATON_RUNNER_LOST_AFTER_MS: String(options.lostAfterMs),
        BATON_DB_POOL: "5",
      },
      runnerEnv: {
        RUNNER_HEARTBEAT_MS: String(options.heartbeatMs),
        RUNNER_CAPACITY: String(options.runnerCapacity),
      },
      onUnexpectedExit,
      // As npm start runs NATS: a user per runner, limited to its own subjects.
      natsAuth: true,
    });
    const c = cluster;
    log(`cluster up in ${((Date.now() - t0Setup) / 1000).toFixed(1)} s; logs in ${c.logFile}`);
    const ledgerPath = join(c.dir, "ledger");
    writeFileSync(ledgerPath, "");
    const taskPath = join(c.dir, "task");
    writeFileSync(taskPath, taskScript(ledgerPath), { mode: 0o755 });
    const urls = c.controlPlanes.map((cp) => cp.url);
    await setup(urls, `mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "chaos-app", version: "1.0.0", uri: `file://${taskPath}` },
    });
    await setup(urls, `mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: "chaos", app: "chaos-app" },
    });

    // Who holds what, as often as the database answers: evidence for LOST verdicts.
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const at = Date.now();
        try {
          const rows = await c.sql<{ id: string; runnerId: string }>(
            `SELECT id, "runnerId" FROM executions WHERE "runnerId" IS NOT NULL AND status IN ('QUEUED', 'DISPATCHED', 'RUNNING')`,
          );
          for (const r of rows) {
            const byRunner = seenHeld.get(r.id) ?? new Map<string, number>();
            seenHeld.set(r.id, byRunner);
            if (!byRunner.has(r.runnerId)) byRunner.set(r.runnerId, at);
          }
        } catch {
          // The database is down; try again.
        }
        await sleep(250);
      }
    })();

    t0 = Date.now();
    const launchOne = async (i: number): Promise<void> => {
      const key = keys[i] as string;
      const variables = {
        i: { task: "chaos", idempotencyKey: key, arguments: [((sleeps[i] as number) / 1000).toFixed(3)] },
      };
      const deadline = Date.now() + options.launchDeadlineMs;
      for (let attempt = 0; ; attempt++) {
        const url = urls[(i + attempt) % urls.length] as string;
        const answer = await post(url, LAUNCH, variables);
        answers[answer.code] = (answers[answer.code] ?? 0) + 1;
        if (answer.id) {
          accepted.set(key, answer.id);
          launches.set(key, {
            at: Date.now(),
            via: cluster?.controlPlanes[(i + attempt) % urls.length]?.name ?? url,
            attempts: attempt + 1,
          });
          return;
        }
        if (Date.now() > deadline || aborted()) return;
        await sleep(Math.min(1000, 100 * (attempt + 1)));
      }
    };
    const launching: Promise<void>[] = [];
    const launcher = (async () => {
      for (let i = 0; i < options.runs && !aborted(); i++) {
        await sleepUntil(t0 + (i * 1000) / options.rate);
        launching.push(launchOne(i));
      }
      await Promise.all(launching);
    })();
    const injector = (async () => {
      for (const fault of schedule) {
        while (Date.now() < t0 + fault.offset && !aborted()) await sleep(Math.min(250, t0 + fault.offset - Date.now()));
        if (aborted()) return;
        await inject(fault);
      }
    })();
    await Promise.all([launcher, injector]);
    await Promise.all(crashRestarts);
    log(`${rel(Date.now())} launches done: ${accepted.size} of ${options.runs} accepted; waiting for every run to end`);

    // Every accepted (or recorded) run must reach a terminal status.
    const settleDeadline = Date.now() + options.settleMs;
    for (;;) {
      const open = await c
        .sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM executions WHERE "idempotencyKey" LIKE $1 AND status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'LOST')`,
          [`${keyPrefix}%`],
        )
        .then((rows) => rows[0]?.n ?? 0)
        .catch(() => -1);
      const recorded = await c
        .sql<{ n: number }>(`SELECT count(*)::int AS n FROM executions WHERE "idempotencyKey" LIKE $1`, [
          `${keyPrefix}%`,
        ])
        .then((rows) => rows[0]?.n ?? 0)
        .catch(() => -1);
      if (open === 0 && recorded >= accepted.size) break;
      if (Date.now() > settleDeadline || aborted()) {
        log(`${rel(Date.now())} ${open} runs still not terminal after ${options.settleMs / 1000} s`);
        break;
      }
      await sleep(500);
    }
    polling = false;
    await poller;

    // Programs that outlived their runner may still be finishing: let them write their end line.
    leftovers = await finishLeftovers(readLedger(ledgerPath));
    const ledger = readLedger(ledgerPath);
    executions = await readExecutions(c, keyPrefix);
    classification = classify({ keys, accepted, executions, ledger, runnerDeaths, seenHeld });
    if (options.keep) log(`kept ${c.dir}`);
  } finally {
    stopping = true;
    await Promise.all(crashRestarts);
    if (cluster) {
      const ledgerPath = join(cluster.dir, "ledger");
      if (existsSync(ledgerPath)) await killAll(readLedger(ledgerPath));
      await cluster.stop({ keepDir: true });
      if (hooks.saveTo) {
        mkdirSync(hooks.saveTo, { recursive: true });
        for (const file of [cluster.logFile, ledgerPath])
          if (existsSync(file)) copyFileSync(file, join(hooks.saveTo, basename(file)));
      }
      if (!options.keep) rmSync(cluster.dir, { recursive: true, force: true });
    }
  }
  if (!classification) throw new Error("the chaos run ended without a verdict");
  const result = {
    options,
    t0,
    elapsedMs: Date.now() - t0,
    classification,
    answers,
    faults,
    leftovers,
    executions,
    launches,
  };
  const report = formatReport(result);
  return { ...result, report, ok: classification.failures.length === 0 };
}

function readLedger(path: string): Ledger {
  return parseLedger(readFileSync(path, "utf8"));
}

/** Task processes that started and have not ended: waits a little for them, then kills their groups. */
async function finishLeftovers(ledger: Ledger): Promise<number> {
  const open = () =>
    [...ledger.runs.values()].flatMap((r) =>
      r.starts.filter((s) => !r.ends.some((e) => e.pid === s.pid) && isAlive(s.pid)).map((s) => s.pid),
    );
  const deadline = Date.now() + 5000;
  let alive = open();
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(100);
    alive = open().filter((pid) => isAlive(pid));
  }
  return killAll(ledger);
}

/** SIGKILLs the process group of every task process of the ledger still alive; returns how many. */
async function killAll(ledger: Ledger): Promise<number> {
  let killed = 0;
  for (const entry of ledger.runs.values()) {
    for (const s of entry.starts) {
      if (!isAlive(s.pid) || !isOurs(s.pid)) continue;
      try {
        process.kill(-s.pid, "SIGKILL");
        killed++;
      } catch {
        // Already gone.
      }
    }
  }
  return killed;
}

/** A pid from the ledger is ours only while it still runs a task with BATON_EXECUTION_ID (pids are reused). */
function isOurs(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").includes("BATON_EXECUTION_ID=");
  } catch {
    return false;
  }
}

async function readExecutions(cluster: Cluster, keyPrefix: string): Promise<DbExecution[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const rows = await cluster.sql<Omit<DbExecution, "statuses"> & { statuses: string[] | null }>(
        `SELECT e.id, e."idempotencyKey", e.status, e."runnerId",
                (extract(epoch FROM e."startedAt") * 1000)::float8 AS "startedAt",
                (extract(epoch FROM (to_jsonb(e)->>'claimedAt')::timestamp) * 1000)::float8 AS "claimedAt",
                (SELECT array_agg(ev.payload->>'status' ORDER BY ev.seq) FROM execution_events ev
                  WHERE ev."executionId" = e.id AND ev.kind = 'STATUS') AS statuses,
                (SELECT ev.payload->>'cause' FROM execution_events ev
                  WHERE ev."executionId" = e.id AND ev.kind = 'STATUS' ORDER BY ev.seq DESC LIMIT 1) AS "lastCause"
         FROM executions e WHERE e."idempotencyKey" LIKE $1`,
        [`${keyPrefix}%`],
      );
      return rows.map((r) => ({ ...r, statuses: r.statuses ?? [] }));
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
}
