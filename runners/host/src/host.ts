import { hostname } from "node:os";
import {
  type Driver,
  encode,
  ensureStreams,
  type HeartbeatReply,
  type HeldRun,
  type RunCommand,
  type Subjects,
  subjects,
  traceMark,
} from "@baton/proto";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import { onCancelRequest } from "./cancel.js";
import { claimCommand, decodeCommand } from "./commands.js";
import type { RunnerConfig } from "./config.js";
import { lockDataDir } from "./data-dir.js";
import { DRIVERS, type DriverRegistry, loadDriver } from "./drivers.js";
import { createHeartbeat, stallKillMs, VERSION } from "./heartbeat.js";
import { connectRunner, isPermissionViolation } from "./nats-connection.js";
import { createRunnerLogger, type RunLogFields, type RunnerLog, runnerLog } from "./observability/log.js";
import type { CapacitySnapshot } from "./observability/metrics.js";
import { RunnerObservability } from "./observability/observe.js";
import { askHeldRuns } from "./recover.js";
import { type ClaimVerdict, Execution } from "./run.js";

export interface RunnerHost {
  readonly runnerId: string;
  start(): Promise<void>;
  /** Stops taking commands, cancels what runs, waits for its last events, drains NATS. */
  stop(): Promise<void>;
}

export interface RunnerHostOptions {
  drivers?: DriverRegistry;
  /** Where drivers read their settings (DOCKER_HOST...); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: the runner's pino logger (RUNNER_LOG_LEVEL, RUNNER_LOG_FORMAT) on stderr. */
  log?: RunnerLog;
}

/** On shutdown a run gets at most this long between SIGTERM and SIGKILL. */
const SHUTDOWN_GRACE_MS = 10_000;
/** ...and its last events this long on top to reach NATS. */
const SHUTDOWN_PUBLISH_MS = 5_000;

/** A driver that starts nothing: the run is reported as exited with reason error and this message. */
function refusing(kind: string, message: string): Driver {
  return {
    kind,
    start: () => Promise.reject(new Error(message)),
    cancel: () => Promise.resolve(),
    recover: () => Promise.resolve(undefined),
  };
}

export function createRunnerHost(config: RunnerConfig, options: RunnerHostOptions = {}): RunnerHost {
  const s: Subjects = subjects(config.prefix);
  const log: RunnerLog =
    options.log ??
    runnerLog(
      createRunnerLogger({
        runnerId: config.runnerId,
        ...(config.logLevel ? { level: config.logLevel } : {}),
        ...(config.logFormat ? { format: config.logFormat } : {}),
      }),
    );
  const about = (command: RunCommand): RunLogFields => ({ executionId: command.executionId, task: command.task });
  const registry: DriverRegistry = options.drivers ?? DRIVERS;
  if (!registry[config.platform]) throw new Error(`no driver for platform "${config.platform}"`);
  /** Loaded and created by start(). */
  let driver: Driver = refusing(config.platform, "the runner has not started");
  const running = new Map<string, Execution>();
  /** Every run this runner took (claiming or running): a command sent twice is kept once. */
  const taken = new Set<string>();
  /** Commands held until a slot frees (admission gives no more than the slots; this is the runner's own guard). */
  const held: RunCommand[] = [];
  const busy = new Set<Promise<void>>();
  const startedAt = new Date().toISOString();
  let nc: NatsConnection | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let stallMs = stallKillMs(config);
  let stopping: Promise<void> | undefined;
  /** What the heartbeat advertises, and what the runs held now ask of it. */
  const capacity = (): CapacitySnapshot => {
    const used = { slots: running.size, cpuMillis: 0, memoryBytes: 0 };
    for (const { command } of running.values()) {
      used.cpuMillis += Math.round((command.spec.cpu ?? 0) * 1000);
      used.memoryBytes += command.spec.memory ?? 0;
    }
    return { slots: config.capacity, cpuMillis: config.cpuMillis, memoryBytes: config.memoryBytes, used };
  };
  const observe = new RunnerObservability({ config, streamName: s.eventStream, version: VERSION, capacity, log });

  /** Proof of life for the driver's watchdog, from this event loop: a stopped or hung runner stops ticking. */
  /**
   * Counts the times this runner was stopped or hung past its stall limit:
   * its watchdog has killed its runs, and the control plane may have declared
   * them LOST and retried them elsewhere. A claim answered across such a
   * stall is not started.
   */
  let stalls = 0;
  let lastTick = Date.now();
  const tick = (): void => {
    const now = Date.now();
    if (now - lastTick > stallMs) {
      stalls++;
      log(`this runner was stopped or hung for ${now - lastTick} ms (stall limit ${stallMs} ms)`);
    }
    lastTick = now;
    driver.tick?.(stallMs);
    tickTimer = setTimeout(tick, Math.max(50, Math.min(config.heartbeatMs, Math.floor(stallMs / 4))));
  };

  const onHeartbeatReply = (reply: HeartbeatReply): void => {
    const next = stallKillMs(config, reply);
    if (next !== stallMs) {
      stallMs = next;
      driver.tick?.(stallMs);
    }
    for (const id of reply.fence) {
      const execution = running.get(id);
      if (!execution) continue;
      log(`the control plane has already ended ${id}: killing it, reporting nothing more`, about(execution.command));
      execution.fence();
    }
  };

  /**
   * Claims the run and, while the claim is in flight, lets the driver
   * prepare it (Driver.prepare: the local driver forks a gate that runs the
   * program only once the claim is granted). A refused claim leaves nothing:
   * no event, and the prepared run is discarded unstarted.
   */
  const runCommand = async (conn: NatsConnection, command: RunCommand): Promise<void> => {
    const tc0 = performance.now();
    traceMark(command.executionId, "claim.send");
    const stallsBefore = stalls;
    const claim: Promise<ClaimVerdict> = claimCommand(command, {
      nc: conn,
      s,
      runnerId: config.runnerId,
      log: (line) => log(line, about(command)),
      stopping: () => stopping !== undefined,
    }).then((claimed) => {
      if (!claimed) return "drop";
      traceMark(command.executionId, "claimed");
      if (config.trace) log(`trace claim ${(performance.now() - tc0).toFixed(1)} ms`, about(command));
      // Stalled past its limit while claiming: the run may already be LOST and retried elsewhere, so it is
      // not started; it is reported as a failure to start (a verdict the control plane ignores if LOST came first).
      return stalls !== stallsBefore || Date.now() - lastTick > stallMs ? "stalled" : "go";
    });
    await execute(conn, command, driver, undefined, claim);
  };

  /** Runs (or, with `recovered`, adopts) one execution until its last event is acknowledged. */
  const execute = async (
    conn: NatsConnection,
    command: RunCommand,
    using: Driver,
    recovered?: HeldRun,
    claim?: Promise<ClaimVerdict>,
  ) => {
    const js = jetstream(conn);
    const execution = new Execution(command, {
      driver: using,
      ...(recovered ? { recovered } : {}),
      ...(claim ? { claim } : {}),
      runnerId: config.runnerId,
      subject: s.events(config.runnerId, command.executionId),
      publish: observe.countPublishes((subject, data, msgID) => js.publish(subject, data, { msgID })),
      log,
      onStart: () => observe.metrics.runStarted(using.kind),
      onEnd: (outcome) => observe.metrics.runEnded(using.kind, outcome),
      secretEnv: options.env ?? process.env,
    });
    // Held (heartbeats name it, a slot is taken) once claimed, as before the claim overlapped the start.
    const hold = (): void => {
      running.set(execution.executionId, execution);
      if (stopping) execution.cancel(Math.min(command.spec.graceMs, SHUTDOWN_GRACE_MS));
    };
    if (!claim) hold();
    else void claim.then((verdict) => verdict !== "drop" && hold());
    try {
      await execution.done;
      if (execution.isGone)
        log(`${execution.executionId} is gone from the platform: not held here any more`, about(command));
    } finally {
      running.delete(execution.executionId);
    }
  };

  /**
   * Adopts the runs the control plane says this runner held before it
   * restarted (each takes a slot), then lets the driver remove what is left
   * of runs it no longer holds. Before the first heartbeat: a run not held
   * by then is declared LOST.
   */
  const recoverHeld = async (conn: NatsConnection): Promise<void> => {
    const held = await askHeldRuns(conn, s, config.runnerId, startedAt, log);
    for (const run of held) {
      const id = run.command.executionId;
      taken.add(id);
      const work = execute(conn, run.command, driver, run)
        .catch((err: unknown) => log(`recovered run ${id} failed: ${String(err)}`, about(run.command)))
        .finally(() => {
          busy.delete(work);
          taken.delete(id);
          pump(conn);
        });
      busy.add(work);
    }
    if (held.length > 0) log(`recovering ${held.length} run(s) held before the restart`);
    await driver.reap?.(new Set(held.map((run) => run.command.executionId)));
  };

  /**
   * Creates the events stream if no control plane has yet (a runner may start
   * first). A runner with its own NATS credentials may not touch JetStream's
   * API: then the control plane, which creates the stream when it starts, has.
   */
  const ensureEventStream = async (conn: NatsConnection): Promise<void> => {
    try {
      await ensureStreams(await jetstreamManager(conn), s);
    } catch (err) {
      if (!isPermissionViolation(err)) throw err;
      log("NATS permits this runner no stream management: the control plane creates the events stream");
    }
  };

  /** Starts held commands while slots are free. */
  const pump = (conn: NatsConnection): void => {
    while (!stopping && held.length > 0 && busy.size < config.capacity) {
      const command = held.shift() as RunCommand;
      const work = runCommand(conn, command)
        .catch((err: unknown) => log(`run command failed: ${String(err)}`, about(command)))
        .finally(() => {
          busy.delete(work);
          taken.delete(command.executionId);
          pump(conn);
        });
      busy.add(work);
    }
  };

  /** A RunCommand sent to this runner: answered at once, run when a slot is free. */
  const onOffer = (conn: NatsConnection, msg: Msg): void => {
    const answer = (ok: boolean, reason?: string) => {
      if (msg.reply) msg.respond(encode(reason === undefined ? { ok } : { ok, reason }));
    };
    const command = decodeCommand(msg.data);
    if (command instanceof Error) {
      log(`dropping an undecodable run command: ${command.message}`);
      answer(false, `undecodable command: ${command.message}`);
      return;
    }
    if (stopping) {
      answer(false, "the runner is stopping");
      return;
    }
    answer(true);
    traceMark(command.executionId, "offer");
    if (taken.has(command.executionId)) return; // sent again (our answer was lost): already ours
    taken.add(command.executionId);
    held.push(command);
    pump(conn);
  };

  return {
    runnerId: config.runnerId,
    async start(): Promise<void> {
      await observe.listen();
      let conn: NatsConnection;
      try {
        conn = await connectRunner(config, s);
      } catch (err) {
        await observe.close();
        throw err;
      }
      observe.attach(conn);
      try {
        if (config.lockDataDir) lockDataDir(config.dataDir);
        driver = await loadDriver(registry, config.platform, options.env ?? process.env, {
          runnerId: config.runnerId,
          log,
          dataDir: config.dataDir,
        });
        await ensureEventStream(conn);
        await recoverHeld(conn);
      } catch (err) {
        await driver.close?.();
        await conn.close();
        await observe.close();
        throw err;
      }
      nc = conn;
      conn.subscribe(s.cancel(config.runnerId), {
        callback: onCancelRequest(running, (line, execution) => log(line, about(execution.command))),
      });
      // Before the first heartbeat: admission may send a command as soon as it has heard of this runner.
      conn.subscribe(s.runOn(config.runnerId), { callback: (_err, msg) => onOffer(conn, msg) });
      await conn.flush(); // the server has the subscriptions before anyone hears of this runner
      tick();
      const heartbeat = createHeartbeat({
        nc: conn,
        subject: s.heartbeat(config.runnerId),
        config,
        startedAt,
        running: () => [...running.keys()],
        onReply: onHeartbeatReply,
        log,
      });
      void heartbeat();
      heartbeatTimer = setInterval(() => void heartbeat(), config.heartbeatMs);
      observe.markStarted();
      log(
        `started: platform ${config.platform}, pool ${config.pool}, capacity ${config.capacity}, cpu ${config.cpuMillis}m, memory ${config.memoryBytes} B, host ${hostname()}`,
      );
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        held.length = 0; // never claimed: admission gives them to another runner
        for (const execution of running.values()) execution.cancel(Math.min(execution.graceMs, SHUTDOWN_GRACE_MS));
        const settled = Promise.all([...busy]).then(() => true);
        const timeout = new Promise<boolean>((resolve) =>
          setTimeout(resolve, SHUTDOWN_GRACE_MS + SHUTDOWN_PUBLISH_MS, false).unref(),
        );
        if (!(await Promise.race([settled, timeout]))) {
          log("runs did not report their end in time; stopping anyway");
          for (const execution of running.values()) execution.abandon();
        }
        clearInterval(heartbeatTimer);
        clearTimeout(tickTimer);
        // The watchdog kills whatever is left (runs abandoned above), then exits.
        await driver.close?.();
        await nc?.drain();
        await observe.close();
        log("stopped");
      })();
      return stopping;
    },
  };
}
