import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type PubSub } from "type-graphql";
import type { DagRunReads } from "../services/dags/dag-run-reads.js";
import type { DagRunWatches } from "../services/dags/dag-run-reads-live.js";
import type { DagRunsService } from "../services/dags/dag-runs.service.js";
import type { LiveSource } from "../services/event-stream.js";
import type { ExecutionsService } from "../services/executions.service.js";
import { AboutResolver } from "./about.resolver.js";
import { AppResolver, AppVersionResolver } from "./app.resolver.js";
import { AuditResolver } from "./audit.resolver.js";
import { AuthResolver } from "./auth.resolver.js";
import { DagResolver } from "./dags/dag.resolver.js";
import { createDagRunResolver, DagNodeAttemptResolver, DagNodeRunResolver } from "./dags/dag-run.resolver.js";
import { DefinitionsResolver } from "./definitions.resolver.js";
import { createEventResolver } from "./event.resolver.js";
import { ExecutionResolver } from "./execution.resolver.js";
import { OverviewResolver } from "./overview.resolver.js";
import { ReleaseResolver } from "./release.resolver.js";
import { RunnerResolver } from "./runner.resolver.js";
import { ScheduleFireResolver, ScheduleResolver } from "./schedules/schedule.resolver.js";
import { StatisticsResolver } from "./statistics.resolver.js";
import { TaskResolver } from "./task.resolver.js";
import { TriggerEventResolver, TriggerResolver } from "./triggers/trigger.resolver.js";

export interface ResolverInstances {
  app: AppResolver;
  appVersion: AppVersionResolver;
  task: TaskResolver;
  release: ReleaseResolver;
  execution: ExecutionResolver;
  runner: RunnerResolver;
  audit: AuditResolver;
  definitions: DefinitionsResolver;
  statistics: StatisticsResolver;
  overview: OverviewResolver;
  about: AboutResolver;
  dag: DagResolver;
  schedule: ScheduleResolver;
  scheduleFire: ScheduleFireResolver;
  trigger: TriggerResolver;
  triggerEvent: TriggerEventResolver;
  dagRuns: DagRunsService;
  dagRunReads: DagRunReads;
  dagRunWatches: DagRunWatches;
  executions: ExecutionsService;
  live: LiveSource;
  /** How long a quiet subscription waits before it looks in Postgres. */
  liveFallbackMs?: number;
  auth: AuthResolver;
}

// type-graphql insists on a PubSub when any subscription exists; Baton's
// subscriptions bring their own subscribe functions and never use topics.
const unusedPubSub: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error("topic subscriptions are not used");
  },
};

export async function createSchema(r: ResolverInstances): Promise<GraphQLSchema> {
  const EventResolver = createEventResolver(r.executions, r.live, r.liveFallbackMs);
  const DagRunResolver = createDagRunResolver(r.dagRuns, r.dagRunReads, r.dagRunWatches);
  const instances = new Map<unknown, unknown>([
    [AppResolver, r.app],
    [AppVersionResolver, r.appVersion],
    [TaskResolver, r.task],
    [ReleaseResolver, r.release],
    [ExecutionResolver, r.execution],
    [RunnerResolver, r.runner],
    [AuditResolver, r.audit],
    [DefinitionsResolver, r.definitions],
    [StatisticsResolver, r.statistics],
    [OverviewResolver, r.overview],
    [AboutResolver, r.about],
    [DagResolver, r.dag],
    [ScheduleResolver, r.schedule],
    [ScheduleFireResolver, r.scheduleFire],
    [TriggerResolver, r.trigger],
    [TriggerEventResolver, r.triggerEvent],
    [DagRunResolver, new DagRunResolver()],
    [DagNodeRunResolver, new DagNodeRunResolver()],
    [DagNodeAttemptResolver, new DagNodeAttemptResolver()],
    [EventResolver, new EventResolver()],
    [AuthResolver, r.auth],
  ]);
  return buildSchema({
    resolvers: [
      AppResolver,
      AppVersionResolver,
      TaskResolver,
      ReleaseResolver,
      ExecutionResolver,
      RunnerResolver,
      AuditResolver,
      DefinitionsResolver,
      StatisticsResolver,
      OverviewResolver,
      AboutResolver,
      DagResolver,
      DagRunResolver,
      DagNodeRunResolver,
      DagNodeAttemptResolver,
      EventResolver,
      ScheduleResolver,
      ScheduleFireResolver,
      TriggerResolver,
      TriggerEventResolver,
      AuthResolver,
    ],
    container: { get: (cls) => instances.get(cls) },
    pubSub: unusedPubSub,
    validate: false,
    emitSchemaFile: false,
  });
}
