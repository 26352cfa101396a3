import { graphql } from "@/generated";

// Every GraphQL document the console sends. `npm run gen -w web` types them
// from services/control-plane/schema.graphql into src/generated/.

export const OverviewQuery = graphql(`
  query Overview($hours: Int!) {
    overview(hours: $hours) {
      hours since until failed runners
      active { status count }
      ended { status count }
      buckets { start total counts { status count } }
    }
    runners { id hostname platform pool capacity running lastHeartbeatAt startedAt }
    running: executions(status: RUNNING, first: 20) { edges { node { id status startedAt queuedAt task { name } } } }
    recent: executions(first: 10) { edges { node { ...ExecutionRow } } }
  }
`);

export const AppsQuery = graphql(`
  query Apps($first: Int, $after: String, $search: String) {
    apps(first: $first, after: $after, search: $search) {
      name createdAt defaultVersion { version }
      versions { version uri createdAt warnings { code message } tasks { task revisions current } }
    }
  }
`);

export const RegisterAppMutation = graphql(`
  mutation RegisterApp($input: RegisterAppInput!) { registerApp(input: $input) { version uri } }
`);

export const SetDefaultAppVersionMutation = graphql(`
  mutation SetDefaultAppVersion($input: SetDefaultAppVersionInput!) {
    setDefaultAppVersion(input: $input) { name defaultVersion { version } }
  }
`);

export const UnregisterAppVersionMutation = graphql(`
  mutation UnregisterAppVersion($input: UnregisterAppVersionInput!) { unregisterAppVersion(input: $input) }
`);

export const TasksQuery = graphql(`
  query Tasks($first: Int, $after: String, $search: String) {
    tasks(first: $first, after: $after, search: $search) { name createdAt app { name } currentRelease { revision status appVersion { version } } }
    apps { name versions { version } }
    executions(first: 500) { edges { node { id status queuedAt endedAt task { name } } } }
  }
`);

export const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { name } }
`);

export const TaskQuery = graphql(`
  query Task($name: String!, $releasesFirst: Int, $releasesBefore: Int) {
    task(name: $name) {
      name
      createdAt
      app { name versions { version uri } }
      currentRelease { revision status manifest appVersion { version } }
      releases(first: $releasesFirst, before: $releasesBefore) { revision status kind createdBy reason createdAt sourceRevision failureReason appVersion { version } }
      revisions: releases { revision }
    }
    executions(task: $name, first: 20) { edges { node { ...ExecutionRow } } }
  }
`);

export const ExecutionRowFragment = graphql(`
  fragment ExecutionRow on Execution {
    id status releaseRevision arguments exitCode queuedAt startedAt endedAt waitReason task { name }
  }
`);

export const UpgradeTaskMutation = graphql(`
  mutation UpgradeTask($input: UpgradeTaskInput!) { upgradeTask(input: $input) { revision status failureReason } }
`);

export const RollbackTaskMutation = graphql(`
  mutation RollbackTask($input: RollbackTaskInput!) { rollbackTask(input: $input) { revision status } }
`);

export const ReleaseDiffQuery = graphql(`
  query ReleaseDiff($task: String!, $from: Int!, $to: Int!) {
    releaseDiff(task: $task, from: $from, to: $to) {
      changes { path kind from to }
      from { revision manifest }
      to { revision manifest }
    }
  }
`);

export const LaunchTaskMutation = graphql(`
  mutation LaunchTask($input: LaunchTaskInput!) { launchTask(input: $input) { id status } }
`);

export const ExecutionsQuery = graphql(`
  query Executions(
    $task: String
    $status: ExecutionStatus
    $since: DateTime
    $until: DateTime
    $first: Int
    $after: String
    $search: String
  ) {
    executions(task: $task, status: $status, since: $since, until: $until, first: $first, after: $after, search: $search) {
      edges { cursor node { ...ExecutionRow } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const TaskNamesQuery = graphql(`
  query TaskNames { tasks { name } }
`);

export const StepHistoryQuery = graphql(`
  query StepHistory($task: String!, $last: Int!) {
    stepStatistics(task: $task, last: $last) {
      step runs
      duration { ...StatValues }
      read { ...StatValues }
      write { ...StatValues }
      commit { ...StatValues }
      rollback { ...StatValues }
      skip { ...StatValues }
      filter { ...StatValues }
    }
    executions(task: $task, first: $last) {
      edges { node { id status queuedAt steps { name status readCount writeCount startedAt endedAt } } }
    }
  }
`);

export const StatValuesFragment = graphql(`
  fragment StatValues on Stat { min max mean stddev }
`);

export const ExecutionQuery = graphql(`
  query Execution($id: ID!) {
    execution(id: $id) {
      id status releaseRevision arguments exitCode exitMessage errorMessage runnerId platform pool
      queuedAt startedAt endedAt cancelRequestedAt
      task { name }
      restartOf { id }
      origin { ...OriginFields }
      steps { ...StepRow }
      priority concurrencyKey concurrencyLimit cpu memory runnerLabels expiresAt launchProperties
      runSpec {
        uri arguments timeoutSeconds graceMs cpu memory pullPolicy platformOptions
        environment { name value masked secretReference }
      }
      ...ExecutionAdmission
    }
  }
`);

/** What admission says about a run, re-read while it waits and when its status changes. */
export const ExecutionAdmissionFragment = graphql(`
  fragment ExecutionAdmission on Execution {
    waitReason queuePosition assignedRunnerId dispatchedAt notBefore attempt
    retryOf { id attempt status }
    attempts { ...AttemptRow }
  }
`);

export const AttemptRowFragment = graphql(`
  fragment AttemptRow on Execution {
    id attempt status queuedAt startedAt endedAt notBefore errorMessage exitCode
  }
`);

export const OriginFieldsFragment = graphql(`
  fragment OriginFields on Origin {
    kind name actor schedule scheduledTime fireKind trigger messageId dagRunId restartOf relaunchOf
  }
`);

export const StepRowFragment = graphql(`
  fragment StepRow on StepExecution {
    name status readCount writeCount commitCount rollbackCount skipCount filterCount startedAt endedAt exitMessage
  }
`);

export const ExecutionEventsSubscription = graphql(`
  subscription ExecutionEvents($id: ID!) {
    executionEvents(executionId: $id, replay: true) {
      seq kind status cause at
      log { seq stream text at }
      step { ...StepRow }
    }
  }
`);

export const ExecutionLiveQuery = graphql(`
  query ExecutionLive($id: ID!) {
    execution(id: $id) {
      id status exitCode exitMessage errorMessage runnerId startedAt endedAt
      ...ExecutionAdmission
    }
  }
`);

export const CancelExecutionMutation = graphql(`
  mutation CancelExecution($id: ID!) { cancelExecution(id: $id) { id status } }
`);

export const RestartExecutionMutation = graphql(`
  mutation RestartExecution($id: ID!) { restartExecution(id: $id) { id status } }
`);

export const DagsQuery = graphql(`
  query Dags($first: Int, $after: String, $search: String) {
    dags(first: $first, after: $after, search: $search) { name version definition maxParallel createdAt nodes { id } }
  }
`);

export const DagQuery = graphql(`
  query Dag($name: String!, $versionsFirst: Int, $versionsBefore: Int) {
    dag(name: $name) {
      name version definition maxParallel createdAt
      nodes { id task label arguments }
      edges { from to on }
      versions(first: $versionsFirst, before: $versionsBefore) { version definition createdAt createdBy }
    }
  }
`);

export const ParseDagQuery = graphql(`
  query ParseDag($definition: String!) {
    parseDag(definition: $definition) {
      ok
      nodes { id task label arguments }
      edges { from to on }
      errors { line column message expected }
    }
  }
`);

export const CreateDagMutation = graphql(`
  mutation CreateDag($input: CreateDagInput!) { createDag(input: $input) { name version } }
`);

export const UpdateDagMutation = graphql(`
  mutation UpdateDag($input: UpdateDagInput!) { updateDag(input: $input) { name version } }
`);

export const LaunchDagMutation = graphql(`
  mutation LaunchDag($input: LaunchDagInput!) { launchDag(input: $input) { id status } }
`);

export const DagRunFragment = graphql(`
  fragment DagRunView on DagRun {
    id status attempt version arguments createdAt endedAt errorMessage cancelRequestedAt
    dag { name }
    edges { from to on }
    nodes {
      node { id task label arguments }
      status exitStatus startedAt endedAt
      execution { id }
      attempts { attempt status exitStatus execution { id startedAt endedAt } }
    }
  }
`);

export const DagRunQuery = graphql(`
  query DagRun($id: ID!) { dagRun(id: $id) { ...DagRunView origin { ...OriginFields } } }
`);

export const DagRunEventsSubscription = graphql(`
  subscription DagRunEvents($id: ID!) { dagRunEvents(id: $id) { ...DagRunView } }
`);

export const CancelDagRunMutation = graphql(`
  mutation CancelDagRun($id: ID!) { cancelDagRun(id: $id) { id status } }
`);

export const RestartDagRunMutation = graphql(`
  mutation RestartDagRun($id: ID!) { restartDagRun(id: $id) { id status attempt } }
`);

export const DagRunRowFragment = graphql(`
  fragment DagRunRow on DagRun {
    id status attempt version arguments createdAt endedAt
    dag { name }
  }
`);

export const DagRunsQuery = graphql(`
  query DagRuns($dag: String, $status: ExecutionStatus, $first: Int, $after: String) {
    dagRuns(dag: $dag, status: $status, first: $first, after: $after) {
      edges { cursor node { ...DagRunRow } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const ScheduleTargetsQuery = graphql(`
  query ScheduleTargets { tasks { name } dags { name } }
`);

export const ScheduleFireRowFragment = graphql(`
  fragment ScheduleFireRow on ScheduleFire {
    id scheduledTime firedAt kind outcome reason executionId dagRunId
    execution { id status }
    dagRun { id status }
  }
`);

export const SchedulesQuery = graphql(`
  query Schedules($first: Int, $after: String, $search: String) {
    schedules(first: $first, after: $after, search: $search) {
      name task dag cron description timezone enabled nextFireAt
      lastFire { ...ScheduleFireRow }
    }
  }
`);

export const ScheduleQuery = graphql(`
  query Schedule($name: String!, $fires: Int, $before: DateTime) {
    schedule(name: $name) {
      name task dag cron description timezone arguments properties enabled startAt endAt overlap misfire
      nextFireAt nextFireTimes(n: 5) createdAt updatedAt createdBy
      lastFire { ...ScheduleFireRow }
      fires(first: $fires, before: $before) { ...ScheduleFireRow }
    }
  }
`);

export const PreviewCronQuery = graphql(`
  query PreviewCron($cron: String!, $timezone: String) {
    previewCron(cron: $cron, timezone: $timezone, n: 5) { valid error description timezone nextFireTimes }
  }
`);

export const CreateScheduleMutation = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { name } }
`);

export const UpdateScheduleMutation = graphql(`
  mutation UpdateSchedule($input: UpdateScheduleInput!) { updateSchedule(input: $input) { name enabled nextFireAt } }
`);

export const DeleteScheduleMutation = graphql(`
  mutation DeleteSchedule($name: String!) { deleteSchedule(name: $name) }
`);

export const BackfillScheduleMutation = graphql(`
  mutation BackfillSchedule($input: BackfillScheduleInput!) {
    backfillSchedule(input: $input) { fireTimes created alreadyFired fires { ...ScheduleFireRow } }
  }
`);

export const TriggersQuery = graphql(`
  query Triggers($first: Int, $after: String, $search: String) {
    triggers(first: $first, after: $after, search: $search) { name task dag subject webhookPath dedupKey dedupWindowSeconds enabled }
  }
`);

export const TriggerEventRowFragment = graphql(`
  fragment TriggerEventRow on TriggerEvent {
    id source messageId receivedAt outcome reason dedupKey executionId dagRunId matchedEventId payload
    execution { id status }
    dagRun { id status }
  }
`);

export const TriggerQuery = graphql(`
  query Trigger($name: String!, $events: Int, $before: DateTime, $beforeId: ID) {
    trigger(name: $name) {
      name task dag subject webhookPath arguments properties dedupKey dedupWindowSeconds enabled
      createdAt updatedAt createdBy
      events(first: $events, before: $before, beforeId: $beforeId) { ...TriggerEventRow }
    }
  }
`);

/** What the edit form starts from: the trigger without its events. */
export const TriggerDefinitionQuery = graphql(`
  query TriggerDefinition($name: String!) {
    trigger(name: $name) { name task dag subject arguments properties dedupKey dedupWindowSeconds }
  }
`);

export const CreateTriggerMutation = graphql(`
  mutation CreateTrigger($input: CreateTriggerInput!) { createTrigger(input: $input) { name webhookPath subject secret } }
`);

export const UpdateTriggerMutation = graphql(`
  mutation UpdateTrigger($input: UpdateTriggerInput!) { updateTrigger(input: $input) { name enabled } }
`);

export const DeleteTriggerMutation = graphql(`
  mutation DeleteTrigger($name: String!) { deleteTrigger(name: $name) }
`);

export const RotateTriggerSecretMutation = graphql(`
  mutation RotateTriggerSecret($name: String!) { rotateTriggerSecret(name: $name) { name secret } }
`);

export const RunnerRowFragment = graphql(`
  fragment RunnerRow on RunnerInfo {
    id platform pool labels capacity slotsInUse running cpu cpuFree memory memoryFree version state drainingAt
    hostname startedAt lastHeartbeatAt
  }
`);

export const RunnersQuery = graphql(`
  query Runners {
    runners(includeOffline: true) { ...RunnerRow }
    pools { name maxConcurrent }
  }
`);

export const DrainRunnerMutation = graphql(`
  mutation DrainRunner($id: String!) { drainRunner(id: $id) { ...RunnerRow } }
`);

export const ResumeRunnerMutation = graphql(`
  mutation ResumeRunner($id: String!) { resumeRunner(id: $id) { ...RunnerRow } }
`);

export const SetPoolLimitMutation = graphql(`
  mutation SetPoolLimit($pool: String!, $maxConcurrent: Int) {
    setPoolLimit(pool: $pool, maxConcurrent: $maxConcurrent) { name maxConcurrent }
  }
`);

export const QueueQuery = graphql(`
  query Queue($first: Int!) {
    queue {
      pools { pool queued running maxConcurrent oldestQueuedAt oldestWaitSeconds blockingReason }
      tasks { task pool queued running oldestQueuedAt oldestWaitSeconds blockingReason }
    }
    executions(status: QUEUED, first: $first) {
      edges { node { id queuePosition priority waitReason queuedAt notBefore expiresAt pool task { name } } }
    }
  }
`);

export const MeQuery = graphql(`
  query Me { me { authenticated kind subject name grants { role prefix } expiresAt } }
`);

export const AuditRecordsQuery = graphql(`
  query AuditRecords($filter: AuditFilterInput, $first: Int, $after: String) {
    auditRecords(filter: $filter, first: $first, after: $after) {
      edges { cursor node { id at actor action target correlationId input } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** Airflow's grid: the DAG's nodes, and its last runs with each node's status. */
export const DagGridQuery = graphql(`
  query DagGrid($name: String!, $first: Int) {
    dag(name: $name) { name nodes { id task } }
    dagRuns(dag: $name, first: $first) {
      edges {
        node {
          id status attempt version createdAt
          nodes { node { id } status exitStatus execution { id } }
        }
      }
    }
  }
`);

/** The About page: Baton's version, every control plane and runner with theirs, the database and NATS. */
export const AboutQuery = graphql(`
  query About {
    about {
      version
      controlPlanes { instance version hostname pid startedAt leader }
      database { version host port name }
      nats { version serverName jetStream url }
    }
    runners(includeOffline: true) { id version platform pool hostname state startedAt lastHeartbeatAt }
  }
`);

/** A page of a run's log after a seq (the download pages through the whole log). */
export const LogPageQuery = graphql(`
  query LogPage($id: ID!, $after: Int!, $first: Int) {
    execution(id: $id) { id task { name } logs(after: $after, first: $first) { seq stream text at } }
  }
`);

export const DeleteTaskMutation = graphql(`
  mutation DeleteTask($name: String!) { deleteTask(name: $name) }
`);

export const DeleteDagMutation = graphql(`
  mutation DeleteDag($name: String!) { deleteDag(name: $name) }
`);

/** A step's drill-down: the step in this run, its history over the task's last runs, and where a restart resumes. */
export const StepDrillQuery = graphql(`
  query StepDrill($id: ID!, $task: String!, $last: Int) {
    execution(id: $id) {
      id status startedAt endedAt
      task { name }
      steps { ...StepRow checkpoint }
      resumePoint { completedSteps checkpoints }
    }
    stepStatistics(task: $task, last: $last) {
      step runs
      duration { mean min max }
      read { mean } write { mean }
    }
  }
`);

export const ExecutionTaskQuery = graphql(`
  query ExecutionTask($id: ID!) { execution(id: $id) { id task { name } } }
`);

/** A DAG node's execution at a glance: why it ended, and its last lines. */
export const NodeGlanceQuery = graphql(`
  query NodeGlance($id: ID!) {
    execution(id: $id) { id status exitCode exitMessage errorMessage logs(tail: 20) { seq stream text } }
  }
`);

export const SearchQuery = graphql(`
  query Search($text: String!, $first: Int!, $byId: Boolean!, $id: ID!) {
    apps(search: $text, first: $first) { name defaultVersion { version } }
    tasks(search: $text, first: $first) { name app { name } currentRelease { revision } }
    dags(search: $text, first: $first) { name definition }
    schedules(search: $text, first: $first) { name cron task dag }
    triggers(search: $text, first: $first) { name subject task dag }
    execution(id: $id) @include(if: $byId) { id status queuedAt task { name } }
    matching: executions(search: $text, first: $first) @skip(if: $byId) {
      edges { node { id status queuedAt arguments exitMessage task { name } } }
    }
    dagRun(id: $id) @include(if: $byId) { id status dag { name } }
  }
`);

export const TaskGridQuery = graphql(`
  query TaskGrid($name: String!, $first: Int) {
    task(name: $name) { name }
    executions(task: $name, first: $first) {
      edges { node { id status queuedAt releaseRevision exitCode steps { name status readCount writeCount } } }
    }
  }
`);

export const RelaunchExecutionMutation = graphql(`
  mutation RelaunchExecution($input: RelaunchExecutionInput!) { relaunchExecution(input: $input) { id status } }
`);
