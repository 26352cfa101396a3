import { hostname } from "node:os";
import { ensureStreams, type HeartbeatReply, runConsumerConfig, type Subjects, subjects } from "@baton/proto";
import { type Consumer, type JsMsg, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { onCancelRequest } from "./cancel.js";
import { acceptCommand } from "./commands.js";
import type { RunnerConfig } from "./config.js";
import { DRIVERS, type DriverRegistry } from "./drivers.js";
import { createHeartbeat, stallKillMs } from "./heartbeat.js";
import { Execution } from "./run.js";

export interface RunnerHost {
  readonly runnerId: string;
  start(): Promise<void>;
  /** Stops taking commands, cancels what runs, waits for its last events, drains NATS. */
  stop(): Promise<void>;
}

export interface RunnerHostOptions {
  drivers?: DriverRegistry;
  log?: (line: string) => void;
}

/** On shutdown a run gets at most this long between SIGTERM and SIGKILL. */
const SHUTDOWN_GRACE_MS = 10_000;
/** ...and its last events this long on top to reach NATS. */
const SHUTDOWN_PUBLISH_MS = 5_000;
/** A pull request waits this long for a command; a command arriving is delivered at once. */
const PULL_EXPIRES_MS = 30_000;

export function createRunnerHost(config: RunnerConfig, options: RunnerHostOptions = {}): RunnerHost {
  const s: Subjects = subjects(config.prefix);
  const log =
    options.log ??
    ((line: string) => process.stderr.write(`${new Date().toISOString()} runner ${config.runnerId}: ${line}\n`));
  const registry: DriverRegistry = options.drivers ?? DRIVERS;
  const createDriver = registry[config.platform];
  if (!createDriver) throw new Error(`no driver for platform "${config.platform}"`);
  const driver = createDriver({ log });
  const running = new Map<string, Execution>();
  const busy = new Set<Promise<void>>();
  const startedAt = new Date().toISOString();
  let nc: NatsConnection | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let stallMs = stallKillMs(config);
  let stopping: Promise<void> | undefined;

  /** Proof of life for the driver's watchdog, from this event loop: a stopped or hung runner stops ticking. */
  const tick = (): void => {
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
      log(`the control plane has already ended ${id}: killing it, reporting nothing more`);
      execution.fence();
    }
  };

  const consumerFor = async (conn: NatsConnection): Promise<Consumer> => {
    const jsm = await jetstreamManager(conn);
    const consumerConfig = runConsumerConfig(s, config.platform, config.pool);
    // Keep an existing durable consumer (and its pending commands); create it on first start.
    await jsm.consumers
      .info(s.runStream, consumerConfig.durable_name)
      .catch(() => jsm.consumers.add(s.runStream, consumerConfig));
    return jetstream(conn).consumers.get(s.runStream, consumerConfig.durable_name);
  };

  const runCommand = async (conn: NatsConnection, msg: JsMsg): Promise<void> => {
    const command = await acceptCommand(msg, {
      nc: conn,
      s,
      runnerId: config.runnerId,
      log,
      holds: (id) => running.has(id),
      stopping: () => stopping !== undefined,
    });
    if (!command) return;
    const js = jetstream(conn);
    const execution = new Execution(command, {
      driver,
      runnerId: config.runnerId,
      subject: s.events(command.executionId),
      publish: (subject, data, msgID) => js.publish(subject, data, { msgID }),
      log,
    });
    running.set(execution.executionId, execution);
    if (stopping) execution.cancel(Math.min(command.spec.graceMs, SHUTDOWN_GRACE_MS));
    try {
      await execution.done;
    } finally {
      running.delete(execution.executionId);
    }
  };

  /** One slot = one run at a time; capacity slots each hold a pull request open, so no polling. */
  const slot = async (conn: NatsConnection, consumer: Consumer): Promise<void> => {
    while (!stopping && !conn.isClosed()) {
      try {
        const msg = await consumer.next({ expires: PULL_EXPIRES_MS });
        if (!msg) continue;
        if (stopping) {
          msg.nak(); // offer it to another runner at once
          return;
        }
        const work = runCommand(conn, msg).catch((err: unknown) => log(`run command failed: ${String(err)}`));
        busy.add(work);
        await work.finally(() => busy.delete(work));
      } catch (err) {
        if (stopping || conn.isClosed()) return;
        log(`pulling commands failed, retrying in 1 s: ${String(err)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        consumer = await consumerFor(conn).catch(() => consumer);
      }
    }
  };

  return {
    runnerId: config.runnerId,
    async start(): Promise<void> {
      const conn = await connect({
        servers: config.natsUrl.split(","),
        name: `baton-runner ${config.runnerId}`,
        maxReconnectAttempts: -1,
      });
      let consumer: Consumer;
      try {
        await ensureStreams(await jetstreamManager(conn), s);
        consumer = await consumerFor(conn);
      } catch (err) {
        await conn.close();
        throw err;
      }
      nc = conn;
      conn.subscribe(s.cancel(config.runnerId), { callback: onCancelRequest(running, log) });
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
      for (let i = 0; i < config.capacity; i++) void slot(conn, consumer);
      log(`started: platform ${config.platform}, pool ${config.pool}, capacity ${config.capacity}, host ${hostname()}`);
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
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
        log("stopped");
      })();
      return stopping;
    },
  };
}
