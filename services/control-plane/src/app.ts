import "reflect-metadata";
import { applyMigrations, createPrisma } from "@baton/db";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { natsAboutPeers, natsFacts, startAboutResponder } from "./bus/about.js";
import { connectBus } from "./bus/connection.js";
import { startClaims, startHeartbeats, startIngest, startRecoverRequests } from "./bus/consumers.js";
import { natsRunnerControl, natsRunSender } from "./bus/dispatcher.js";
import { LiveHub } from "./bus/live.js";
import { DagRunNotifier } from "./bus/notifier.js";
import { jetStreamPendingEvents } from "./bus/pending.js";
import { jetStreamTriggerSubjects, startTriggerIntake } from "./bus/triggers.js";
import type { ControlPlaneConfig } from "./config.js";
import type { StoredEvent } from "./domain/events.js";
import { type ExecutionStatus, isTerminal } from "./domain/execution-state.js";
import { allowlistStartLine } from "./domain/program-allowlist.js";
import { AboutResolver } from "./graphql/about.resolver.js";
import { AppResolver, AppVersionResolver } from "./graphql/app.resolver.js";
import { AuditResolver } from "./graphql/audit.resolver.js";
import { AuthResolver } from "./graphql/auth.resolver.js";
import type { Authorization } from "./graphql/authorize.js";
import { DagResolver } from "./graphql/dags/dag.resolver.js";
import { DefinitionsResolver } from "./graphql/definitions.resolver.js";
import { ExecutionResolver } from "./graphql/execution.resolver.js";
import { hooksRouter } from "./graphql/hooks.js";
import { OverviewResolver } from "./graphql/overview.resolver.js";
import { ReleaseResolver } from "./graphql/release.resolver.js";
import { RunnerResolver } from "./graphql/runner.resolver.js";
import { RunLinks, ScheduleFireResolver, ScheduleResolver } from "./graphql/schedules/schedule.resolver.js";
import { createSchema } from "./graphql/schema.js";
import { startHttp } from "./graphql/server.js";
import { Sessions } from "./graphql/sessions.js";
import { StatisticsResolver } from "./graphql/statistics.resolver.js";
import { TaskResolver } from "./graphql/task.resolver.js";
import { TriggerEventResolver, TriggerResolver } from "./graphql/triggers/trigger.resolver.js";
import { controlPlaneChecks } from "./observability/checks.js";
import type { Log } from "./observability/logger.js";
import { BatonMetrics, type FleetSample, NO_METRICS, type RunMetrics } from "./observability/metrics.js";
import { readinessOf } from "./observability/readiness.js";
import { opsRoutes } from "./observability/routes.js";
import { RunObserver } from "./observability/run-observer.js";
import { AboutService } from "./services/about.service.js";
import { AdmissionService } from "./services/admission/admission.service.js";
import { AuditService } from "./services/audit.service.js";
import { ApiTokensService } from "./services/auth/api-tokens.service.js";
import { Authenticator } from "./services/auth/authenticator.js";
import { CancelService, type TerminalWaiter } from "./services/cancel.service.js";
import { DagRunReads } from "./services/dags/dag-run-reads.js";
import { DagRunWatches } from "./services/dags/dag-run-reads-live.js";
import { DagRunsService } from "./services/dags/dag-runs.service.js";
import { DagsService } from "./services/dags/dags.service.js";
import { DefinitionsService } from "./services/definitions.service.js";
import { ExecutionsService } from "./services/executions.service.js";
import { FleetService } from "./services/fleet.service.js";
import { IngestService } from "./services/ingest.service.js";
import { Launcher } from "./services/launcher.js";
import { Leader } from "./services/leader.js";
import { OverviewService } from "./services/overview.service.js";
import { RegistryService } from "./services/registry.service.js";
import { RegistryWarningsService } from "./services/registry-warnings.service.js";
import { ReleasesService } from "./services/releases.service.js";
import { RetentionService } from "./services/retention.service.js";
import { RunnersService } from "./services/runners.service.js";
import { Scheduler } from "./services/schedules/scheduler.js";
import { SchedulesService } from "./services/schedules/schedules.service.js";
import { StatisticsService } from "./services/statistics.service.js";
import { TasksService } from "./services/tasks.service.js";
import { TriggerIntake } from "./services/triggers/intake.js";
import { TriggersService } from "./services/triggers/triggers.service.js";
import { Verifier } from "./services/verify.js";
import { AboutStore } from "./store/about-store.js";
import { authTargets } from "./store/auth-targets.js";
import { FleetStore, type RunnerRow } from "./store/fleet-store.js";
import { metricsStore } from "./store/metrics-store.js";
import { OverviewStore } from "./store/overview-store.js";
import { createPool } from "./store/pool.js";
import { RetentionStore } from "./store/retention-store.js";
import { RunStore } from "./store/run-store.js";
import { StatisticsStore } from "./store/statistics-store.js";

export interface ControlPlane {
  url: string;
  stop(): Promise<void>;
}

/** Wires the control plane: Postgres, NATS, services, GraphQL, background loops. */
export async function startControlPlane(config: ControlPlaneConfig, log: Log = console.error): Promise<ControlPlane> {
  if (config.migrate) await applyMigrations(config.databaseUrl);
  const idleError = (err: Error) => log(`database connection dropped: ${err.message}`);
  // One pool per process (BATON_DB_POOL connections): the hot path's queries and Prisma's share it.
  const pool = createPool(config.databaseUrl, config.dbPool, idleError, `baton-control-plane ${config.instanceId}`);
  const db = createPrisma(pool);
  const store = new RunStore(pool);
  const bus = await connectBus(config.natsUrl, config.natsPrefix, `control-plane ${config.instanceId}`, config);
  const hub = new LiveHub(bus, log);
  const leader = new Leader(config.databaseUrl, config.instanceId, log);
  const fleetStore = new FleetStore(store.pool);
  const metrics = config.observability.metrics
    ? new BatonMetrics(
        {
          queue: () => metricsStore.queue(store.pool),
          fleet: async () => (await fleetStore.runners(config.runnerLostAfterMs, false)).map(fleetSample),
          isLeader: () => leader.isLeader(),
        },
        (err) => log(`metrics: the queue and fleet could not be read: ${err.message}`, { level: "warn" }),
      )
    : undefined;
  const recorder: RunMetrics = metrics ?? NO_METRICS;
  const observer = metrics ? new RunObserver(metrics, (ids) => metricsStore.runFacts(store.pool, ids), log) : undefined;
  // Every writer publishes after commit; a terminal status is also the event that advances a DAG run.
  const onEnded: { call: (executionId: string) => void } = { call: () => undefined };
  const live = {
    publish: (executionId: string, events: StoredEvent[]) => {
      hub.publish(executionId, events);
      observer?.stored(executionId, events);
      if (events.some((e) => e.kind === "STATUS" && isTerminal(e.payload.status))) onEnded.call(executionId);
    },
    listen: hub.listen.bind(hub),
  };
  log(allowlistStartLine(config.programs));
  const registry = new RegistryService(db, config.programs);
  const tasks = new TasksService(db, config.retention);
  const retention = new RetentionService(new RetentionStore(store.pool), config.retention, (kind, n) =>
    recorder.retentionDeleted(kind, n),
  );
  const admission = new AdmissionService(
    store,
    natsRunSender(bus),
    live,
    {
      freshMs: config.runnerLostAfterMs,
      resendAfterMs: config.redispatchAfterMs,
      perTask: 64,
      trace: config.admissionTrace,
    },
    log,
  );
  const executions = new ExecutionsService(db, store, admission, live, config.programs, log);
  const fleet = new FleetService(store, admission, config.runnerLostAfterMs);
  const ingest = new IngestService(store, live, admission, observer);
  const runners = new RunnersService(
    store,
    live,
    jetStreamPendingEvents(bus),
    config.runnerLostAfterMs,
    admission,
    log,
  );
  const waiter: TerminalWaiter = {
    waitForTerminal: (id, timeoutMs) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          stop();
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        const stop = live.listen(id, (events) => {
          if (events.some((e) => e.kind === "STATUS" && isTerminal(e.payload.status as ExecutionStatus))) done();
        });
        // It may have ended before we started listening.
        void store.get(id).then((row) => {
          if (row && isTerminal(row.status as ExecutionStatus)) done();
        });
      }),
  };
  const cancels = new CancelService(db, executions, natsRunnerControl(bus), waiter);
  const verifier = new Verifier(db, executions, waiter);
  const releases = new ReleasesService(db, verifier, config.programs);
  const notifier = new DagRunNotifier(bus, log);
  const dags = new DagsService(db);
  const dagRuns = new DagRunsService(db, store, executions, cancels, notifier, log, recorder);
  const dagRunReads = new DagRunReads(store.pool, dags);
  // dagRunEvents: one reader per watched run, woken by its notifications and its nodes' live STATUS events;
  // a run quiet for 5 s (or BATON_LIVE_FALLBACK_MS, if longer) is read once more in case a message was lost.
  const dagRunWatches = new DagRunWatches(dagRunReads, notifier, live, {
    quietMs: Math.max(5000, config.liveFallbackMs),
  });
  const launcher = new Launcher(store, executions, dagRuns, config.programs);
  const scheduler = new Scheduler(
    store.pool,
    launcher,
    leader,
    {
      misfireGraceMs: config.schedules.misfireGraceMs,
      runAllCap: config.schedules.runAllMax,
      batch: 250,
      parallel: 4,
      maxSleepMs: 500,
      trace: config.schedules.trace,
    },
    log,
    recorder,
  );
  const schedules = new SchedulesService(store.pool, launcher, scheduler, {
    backfillMaxRuns: config.schedules.backfillMaxRuns,
  });
  const triggerSubjects = jetStreamTriggerSubjects(bus);
  const triggers = new TriggersService(store.pool, launcher, triggerSubjects, config.natsPrefix);
  const intake = new TriggerIntake(store.pool, launcher, log, recorder);
  onEnded.call = (id) => {
    // A run ended: its slot is free. If a schedule started it (or its DAG run), a waiting fire of that
    // schedule (overlap QUEUE, bounded backfill) may start now.
    admission.request();
    void dagRuns
      .onExecutionEnded(id)
      .then(({ scheduled }) => {
        if (scheduled) scheduler.wake();
      })
      .catch((err) => log(`advancing the DAG of ${id} failed: ${(err as Error).message}`));
  };

  const stopIngest = await startIngest(bus, ingest, log);
  startClaims(bus, ingest, log);
  startHeartbeats(bus, runners, log, () => admission.request());
  startRecoverRequests(bus, runners, log);
  // The About page: every instance answers for itself (scatter-gather on <prefix>.ctl.about).
  const about = new AboutService(
    config.instanceId,
    config.databaseUrl,
    leader,
    new AboutStore(store.pool),
    natsAboutPeers(bus, log),
    natsFacts(bus),
  );
  startAboutResponder(bus, () => about.self(), log);
  await triggers.reconcile().catch((err) => log(`trigger subjects not synced: ${(err as Error).message}`));
  const stopTriggers = await startTriggerIntake(bus, intake, log);
  // Background loops: only the leader runs them (see docs/architecture.md,
  // "Background loops and leadership"); each stays safe if two ran at once.
  leader.watch(bus.nc);
  leader.start();
  scheduler.start();
  const every = (ms: number, what: string, fn: () => Promise<unknown>) =>
    setInterval(() => {
      if (!leader.isLeader()) return;
      fn().catch((err) => {
        leader.unhealthy();
        log(`${what} failed: ${(err as Error).message}`);
      });
    }, ms);
  const timers = [
    every(Math.max(500, Math.floor(config.runnerLostAfterMs / 4)), "lost-runner check", () => runners.markLost(leader)),
    every(500, "admission sweep", () => admission.sweep()),
    every(5000, "cancel resend", () => cancels.resendPending(5000)),
    every(5000, "DAG sweep", () => dagRuns.sweep()),
    every(2000, "verification resume", () => verifier.resumePending()),
    every(10_000, "trigger subjects", () => triggers.reconcile()),
    every(config.retention.intervalMs, "retention", () => retention.pass()),
  ];

  const apiTokens = new ApiTokensService(db, config.auth.apiTokenMaxDays);
  const authenticator = new Authenticator(config.auth, apiTokens);
  const sessions = new Sessions(config.auth.recheckMs, (token) => apiTokens.identify(token));
  const authorization: Authorization = {
    lookup: {
      executionTask: (id) => authTargets.executionTask(store.pool, id),
      dagRunDag: (id) => authTargets.dagRunDag(store.pool, id),
      scheduleTarget: (name) => authTargets.scheduleTarget(store.pool, name),
      triggerTarget: (name) => authTargets.triggerTarget(store.pool, name),
    },
    ...(config.edge.mutationsPerMinute > 0
      ? { limiter: new RateLimiterMemory({ points: config.edge.mutationsPerMinute, duration: 60 }) }
      : {}),
  };
  log(
    authenticator.enabled
      ? `authentication: OIDC (issuer ${config.auth.oidc?.issuer}, audience ${config.auth.oidc?.audience}) and API tokens; every request needs a bearer token`
      : config.auth.insecureNoAuth
        ? `WARNING: authentication is OFF on ${config.host} (BATON_INSECURE_NO_AUTH=true): anyone who can reach port ${config.port} can register and run programs.`
        : `authentication is off (local mode): listening on ${config.host} only, so only this machine can use the API; set BATON_AUTH=oidc to require sign-in`,
  );

  const links = new RunLinks(executions, dagRuns);
  const schema = await createSchema({
    app: new AppResolver(registry),
    appVersion: new AppVersionResolver(
      registry,
      new RegistryWarningsService(async () => (await fleet.runners()).map((r) => r.platform), config.programs),
    ),
    task: new TaskResolver(tasks, registry),
    release: new ReleaseResolver(registry, releases, executions),
    execution: new ExecutionResolver(executions, cancels, tasks, fleet),
    runner: new RunnerResolver(fleet),
    audit: new AuditResolver(new AuditService(db)),
    definitions: new DefinitionsResolver(
      new DefinitionsService(db, {
        schedules,
        triggers,
        natsPrefix: config.natsPrefix,
        subjects: triggerSubjects,
        programs: config.programs,
      }),
    ),
    statistics: new StatisticsResolver(new StatisticsService(new StatisticsStore(store.pool))),
    overview: new OverviewResolver(new OverviewService(new OverviewStore(store.pool), config.runnerLostAfterMs)),
    about: new AboutResolver(about),
    dag: new DagResolver(dags),
    schedule: new ScheduleResolver(schedules),
    scheduleFire: new ScheduleFireResolver(links),
    trigger: new TriggerResolver(triggers),
    triggerEvent: new TriggerEventResolver(links),
    dagRuns,
    dagRunReads,
    dagRunWatches,
    executions,
    live,
    liveFallbackMs: config.liveFallbackMs,
    auth: new AuthResolver(apiTokens, (id) => sessions.revoked(id)),
  });
  let ready = true;
  const http = await startHttp(schema, {
    host: config.host,
    port: config.port,
    edge: config.edge,
    log,
    ready: () => ready,
    health: () => ({ leader: leader.isLeader() }),
    ops: opsRoutes({
      readiness: readinessOf(controlPlaneChecks(store.pool, bus)),
      ...(metrics
        ? {
            metrics: {
              render: () => metrics.render(),
              contentType: metrics.contentType,
              ...(config.observability.metricsToken ? { token: config.observability.metricsToken } : {}),
            },
          }
        : {}),
      log,
    }),
    subscriptions: { opened: () => recorder.subscriptionOpened(), closed: () => recorder.subscriptionClosed() },
    auth: { authenticator, authorization, sessions },
    hooks: hooksRouter(
      { get: (name) => triggers.get(name), receive: (t, id, body) => intake.receive(t, "HTTP", id, body) },
      log,
    ),
  });
  const address = http.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return {
    url: `http://${config.host}:${port}/graphql`,
    async stop() {
      ready = false;
      for (const t of timers) clearInterval(t);
      await admission.stop();
      await scheduler.stop();
      await leader.stop();
      await http.close();
      await stopIngest();
      await stopTriggers();
      await bus.nc.drain().catch(() => undefined);
      await db.$disconnect();
      await store.pool.end();
    },
  };
}

/** A runner row as the fleet gauges show it (free never below zero: a runner may report more running than it offers). */
function fleetSample(r: RunnerRow): FleetSample {
  const split = (total: number, used: number) => ({ used, free: Math.max(0, total - used) });
  return {
    runner: r.id,
    pool: r.pool,
    slots: split(r.capacity, r.usedSlots),
    cpuMillis: split(r.cpuMillis, r.usedCpuMillis),
    memoryBytes: split(r.memoryBytes, r.usedMemoryBytes),
  };
}
