/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Overview($hours: Int!) {\n    overview(hours: $hours) {\n      hours since until failed runners\n      active { status count }\n      ended { status count }\n      buckets { start total counts { status count } }\n    }\n    runners { id hostname platform pool capacity running lastHeartbeatAt startedAt }\n    running: executions(status: RUNNING, first: 20) { edges { node { id status startedAt queuedAt task { name } } } }\n    recent: executions(first: 10) { edges { node { ...ExecutionRow } } }\n  }\n": typeof types.OverviewDocument,
    "\n  query Apps($first: Int, $after: String, $search: String) {\n    apps(first: $first, after: $after, search: $search) {\n      name createdAt defaultVersion { version }\n      versions { version uri createdAt warnings { code message } tasks { task revisions current } }\n    }\n  }\n": typeof types.AppsDocument,
    "\n  mutation RegisterApp($input: RegisterAppInput!) { registerApp(input: $input) { version uri } }\n": typeof types.RegisterAppDocument,
    "\n  mutation SetDefaultAppVersion($input: SetDefaultAppVersionInput!) {\n    setDefaultAppVersion(input: $input) { name defaultVersion { version } }\n  }\n": typeof types.SetDefaultAppVersionDocument,
    "\n  mutation UnregisterAppVersion($input: UnregisterAppVersionInput!) { unregisterAppVersion(input: $input) }\n": typeof types.UnregisterAppVersionDocument,
    "\n  query Tasks($first: Int, $after: String, $search: String) {\n    tasks(first: $first, after: $after, search: $search) { name createdAt app { name } currentRelease { revision status appVersion { version } } }\n    apps { name versions { version } }\n    executions(first: 500) { edges { node { id status queuedAt endedAt task { name } } } }\n  }\n": typeof types.TasksDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { name } }\n": typeof types.CreateTaskDocument,
    "\n  query Task($name: String!, $releasesFirst: Int, $releasesBefore: Int) {\n    task(name: $name) {\n      name\n      createdAt\n      app { name versions { version uri } }\n      currentRelease { revision status manifest appVersion { version } }\n      releases(first: $releasesFirst, before: $releasesBefore) { revision status kind createdBy reason createdAt sourceRevision failureReason appVersion { version } }\n      revisions: releases { revision }\n    }\n    executions(task: $name, first: 20) { edges { node { ...ExecutionRow } } }\n  }\n": typeof types.TaskDocument,
    "\n  fragment ExecutionRow on Execution {\n    id status releaseRevision arguments exitCode queuedAt startedAt endedAt waitReason task { name }\n  }\n": typeof types.ExecutionRowFragmentDoc,
    "\n  mutation UpgradeTask($input: UpgradeTaskInput!) { upgradeTask(input: $input) { revision status failureReason } }\n": typeof types.UpgradeTaskDocument,
    "\n  mutation RollbackTask($input: RollbackTaskInput!) { rollbackTask(input: $input) { revision status } }\n": typeof types.RollbackTaskDocument,
    "\n  query ReleaseDiff($task: String!, $from: Int!, $to: Int!) {\n    releaseDiff(task: $task, from: $from, to: $to) {\n      changes { path kind from to }\n      from { revision manifest }\n      to { revision manifest }\n    }\n  }\n": typeof types.ReleaseDiffDocument,
    "\n  mutation LaunchTask($input: LaunchTaskInput!) { launchTask(input: $input) { id status } }\n": typeof types.LaunchTaskDocument,
    "\n  query Executions(\n    $task: String\n    $status: ExecutionStatus\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n    $after: String\n    $search: String\n  ) {\n    executions(task: $task, status: $status, since: $since, until: $until, first: $first, after: $after, search: $search) {\n      edges { cursor node { ...ExecutionRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ExecutionsDocument,
    "\n  query TaskNames { tasks { name } }\n": typeof types.TaskNamesDocument,
    "\n  query StepHistory($task: String!, $last: Int!) {\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { ...StatValues }\n      read { ...StatValues }\n      write { ...StatValues }\n      commit { ...StatValues }\n      rollback { ...StatValues }\n      skip { ...StatValues }\n      filter { ...StatValues }\n    }\n    executions(task: $task, first: $last) {\n      edges { node { id status queuedAt steps { name status readCount writeCount startedAt endedAt } } }\n    }\n  }\n": typeof types.StepHistoryDocument,
    "\n  fragment StatValues on Stat { min max mean stddev }\n": typeof types.StatValuesFragmentDoc,
    "\n  query Execution($id: ID!) {\n    execution(id: $id) {\n      id status releaseRevision arguments exitCode exitMessage errorMessage runnerId platform pool\n      queuedAt startedAt endedAt cancelRequestedAt\n      task { name }\n      restartOf { id }\n      origin { ...OriginFields }\n      steps { ...StepRow }\n      priority concurrencyKey concurrencyLimit cpu memory runnerLabels expiresAt launchProperties\n      runSpec {\n        uri arguments timeoutSeconds graceMs cpu memory pullPolicy platformOptions\n        environment { name value masked secretReference }\n      }\n      ...ExecutionAdmission\n    }\n  }\n": typeof types.ExecutionDocument,
    "\n  fragment ExecutionAdmission on Execution {\n    waitReason queuePosition assignedRunnerId dispatchedAt notBefore attempt\n    retryOf { id attempt status }\n    attempts { ...AttemptRow }\n  }\n": typeof types.ExecutionAdmissionFragmentDoc,
    "\n  fragment AttemptRow on Execution {\n    id attempt status queuedAt startedAt endedAt notBefore errorMessage exitCode\n  }\n": typeof types.AttemptRowFragmentDoc,
    "\n  fragment OriginFields on Origin {\n    kind name actor schedule scheduledTime fireKind trigger messageId dagRunId restartOf relaunchOf\n  }\n": typeof types.OriginFieldsFragmentDoc,
    "\n  fragment StepRow on StepExecution {\n    name status readCount writeCount commitCount rollbackCount skipCount filterCount startedAt endedAt exitMessage\n  }\n": typeof types.StepRowFragmentDoc,
    "\n  subscription ExecutionEvents($id: ID!) {\n    executionEvents(executionId: $id, replay: true) {\n      seq kind status cause at\n      log { seq stream text at }\n      step { ...StepRow }\n    }\n  }\n": typeof types.ExecutionEventsDocument,
    "\n  query ExecutionLive($id: ID!) {\n    execution(id: $id) {\n      id status exitCode exitMessage errorMessage runnerId startedAt endedAt\n      ...ExecutionAdmission\n    }\n  }\n": typeof types.ExecutionLiveDocument,
    "\n  mutation CancelExecution($id: ID!) { cancelExecution(id: $id) { id status } }\n": typeof types.CancelExecutionDocument,
    "\n  mutation RestartExecution($id: ID!) { restartExecution(id: $id) { id status } }\n": typeof types.RestartExecutionDocument,
    "\n  query Dags($first: Int, $after: String, $search: String) {\n    dags(first: $first, after: $after, search: $search) { name version definition maxParallel createdAt nodes { id } }\n  }\n": typeof types.DagsDocument,
    "\n  query Dag($name: String!, $versionsFirst: Int, $versionsBefore: Int) {\n    dag(name: $name) {\n      name version definition maxParallel createdAt\n      nodes { id task label arguments }\n      edges { from to on }\n      versions(first: $versionsFirst, before: $versionsBefore) { version definition createdAt createdBy }\n    }\n  }\n": typeof types.DagDocument,
    "\n  query ParseDag($definition: String!) {\n    parseDag(definition: $definition) {\n      ok\n      nodes { id task label arguments }\n      edges { from to on }\n      errors { line column message expected }\n    }\n  }\n": typeof types.ParseDagDocument,
    "\n  mutation CreateDag($input: CreateDagInput!) { createDag(input: $input) { name version } }\n": typeof types.CreateDagDocument,
    "\n  mutation UpdateDag($input: UpdateDagInput!) { updateDag(input: $input) { name version } }\n": typeof types.UpdateDagDocument,
    "\n  mutation LaunchDag($input: LaunchDagInput!) { launchDag(input: $input) { id status } }\n": typeof types.LaunchDagDocument,
    "\n  fragment DagRunView on DagRun {\n    id status attempt version arguments createdAt endedAt errorMessage cancelRequestedAt\n    dag { name }\n    edges { from to on }\n    nodes {\n      node { id task label arguments }\n      status exitStatus startedAt endedAt\n      execution { id }\n      attempts { attempt status exitStatus execution { id startedAt endedAt } }\n    }\n  }\n": typeof types.DagRunViewFragmentDoc,
    "\n  query DagRun($id: ID!) { dagRun(id: $id) { ...DagRunView origin { ...OriginFields } } }\n": typeof types.DagRunDocument,
    "\n  subscription DagRunEvents($id: ID!) { dagRunEvents(id: $id) { ...DagRunView } }\n": typeof types.DagRunEventsDocument,
    "\n  mutation CancelDagRun($id: ID!) { cancelDagRun(id: $id) { id status } }\n": typeof types.CancelDagRunDocument,
    "\n  mutation RestartDagRun($id: ID!) { restartDagRun(id: $id) { id status attempt } }\n": typeof types.RestartDagRunDocument,
    "\n  fragment DagRunRow on DagRun {\n    id status attempt version arguments createdAt endedAt\n    dag { name }\n  }\n": typeof types.DagRunRowFragmentDoc,
    "\n  query DagRuns($dag: String, $status: ExecutionStatus, $first: Int, $after: String) {\n    dagRuns(dag: $dag, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DagRunRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.DagRunsDocument,
    "\n  query ScheduleTargets { tasks { name } dags { name } }\n": typeof types.ScheduleTargetsDocument,
    "\n  fragment ScheduleFireRow on ScheduleFire {\n    id scheduledTime firedAt kind outcome reason executionId dagRunId\n    execution { id status }\n    dagRun { id status }\n  }\n": typeof types.ScheduleFireRowFragmentDoc,
    "\n  query Schedules($first: Int, $after: String, $search: String) {\n    schedules(first: $first, after: $after, search: $search) {\n      name task dag cron description timezone enabled nextFireAt\n      lastFire { ...ScheduleFireRow }\n    }\n  }\n": typeof types.SchedulesDocument,
    "\n  query Schedule($name: String!, $fires: Int, $before: DateTime) {\n    schedule(name: $name) {\n      name task dag cron description timezone arguments properties enabled startAt endAt overlap misfire\n      nextFireAt nextFireTimes(n: 5) createdAt updatedAt createdBy\n      lastFire { ...ScheduleFireRow }\n      fires(first: $fires, before: $before) { ...ScheduleFireRow }\n    }\n  }\n": typeof types.ScheduleDocument,
    "\n  query PreviewCron($cron: String!, $timezone: String) {\n    previewCron(cron: $cron, timezone: $timezone, n: 5) { valid error description timezone nextFireTimes }\n  }\n": typeof types.PreviewCronDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { name } }\n": typeof types.CreateScheduleDocument,
    "\n  mutation UpdateSchedule($input: UpdateScheduleInput!) { updateSchedule(input: $input) { name enabled nextFireAt } }\n": typeof types.UpdateScheduleDocument,
    "\n  mutation DeleteSchedule($name: String!) { deleteSchedule(name: $name) }\n": typeof types.DeleteScheduleDocument,
    "\n  mutation BackfillSchedule($input: BackfillScheduleInput!) {\n    backfillSchedule(input: $input) { fireTimes created alreadyFired fires { ...ScheduleFireRow } }\n  }\n": typeof types.BackfillScheduleDocument,
    "\n  query Triggers($first: Int, $after: String, $search: String) {\n    triggers(first: $first, after: $after, search: $search) { name task dag subject webhookPath dedupKey dedupWindowSeconds enabled }\n  }\n": typeof types.TriggersDocument,
    "\n  fragment TriggerEventRow on TriggerEvent {\n    id source messageId receivedAt outcome reason dedupKey executionId dagRunId matchedEventId payload\n    execution { id status }\n    dagRun { id status }\n  }\n": typeof types.TriggerEventRowFragmentDoc,
    "\n  query Trigger($name: String!, $events: Int, $before: DateTime, $beforeId: ID) {\n    trigger(name: $name) {\n      name task dag subject webhookPath arguments properties dedupKey dedupWindowSeconds enabled\n      createdAt updatedAt createdBy\n      events(first: $events, before: $before, beforeId: $beforeId) { ...TriggerEventRow }\n    }\n  }\n": typeof types.TriggerDocument,
    "\n  query TriggerDefinition($name: String!) {\n    trigger(name: $name) { name task dag subject arguments properties dedupKey dedupWindowSeconds }\n  }\n": typeof types.TriggerDefinitionDocument,
    "\n  mutation CreateTrigger($input: CreateTriggerInput!) { createTrigger(input: $input) { name webhookPath subject secret } }\n": typeof types.CreateTriggerDocument,
    "\n  mutation UpdateTrigger($input: UpdateTriggerInput!) { updateTrigger(input: $input) { name enabled } }\n": typeof types.UpdateTriggerDocument,
    "\n  mutation DeleteTrigger($name: String!) { deleteTrigger(name: $name) }\n": typeof types.DeleteTriggerDocument,
    "\n  mutation RotateTriggerSecret($name: String!) { rotateTriggerSecret(name: $name) { name secret } }\n": typeof types.RotateTriggerSecretDocument,
    "\n  fragment RunnerRow on RunnerInfo {\n    id platform pool labels capacity slotsInUse running cpu cpuFree memory memoryFree version state drainingAt\n    hostname startedAt lastHeartbeatAt\n  }\n": typeof types.RunnerRowFragmentDoc,
    "\n  query Runners {\n    runners(includeOffline: true) { ...RunnerRow }\n    pools { name maxConcurrent }\n  }\n": typeof types.RunnersDocument,
    "\n  mutation DrainRunner($id: String!) { drainRunner(id: $id) { ...RunnerRow } }\n": typeof types.DrainRunnerDocument,
    "\n  mutation ResumeRunner($id: String!) { resumeRunner(id: $id) { ...RunnerRow } }\n": typeof types.ResumeRunnerDocument,
    "\n  mutation SetPoolLimit($pool: String!, $maxConcurrent: Int) {\n    setPoolLimit(pool: $pool, maxConcurrent: $maxConcurrent) { name maxConcurrent }\n  }\n": typeof types.SetPoolLimitDocument,
    "\n  query Queue($first: Int!) {\n    queue {\n      pools { pool queued running maxConcurrent oldestQueuedAt oldestWaitSeconds blockingReason }\n      tasks { task pool queued running oldestQueuedAt oldestWaitSeconds blockingReason }\n    }\n    executions(status: QUEUED, first: $first) {\n      edges { node { id queuePosition priority waitReason queuedAt notBefore expiresAt pool task { name } } }\n    }\n  }\n": typeof types.QueueDocument,
    "\n  query Me { me { authenticated kind subject name grants { role prefix } expiresAt } }\n": typeof types.MeDocument,
    "\n  query AuditRecords($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditRecords(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { id at actor action target correlationId input } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AuditRecordsDocument,
    "\n  query DagGrid($name: String!, $first: Int) {\n    dag(name: $name) { name nodes { id task } }\n    dagRuns(dag: $name, first: $first) {\n      edges {\n        node {\n          id status attempt version createdAt\n          nodes { node { id } status exitStatus execution { id } }\n        }\n      }\n    }\n  }\n": typeof types.DagGridDocument,
    "\n  query About {\n    about {\n      version\n      controlPlanes { instance version hostname pid startedAt leader }\n      database { version host port name }\n      nats { version serverName jetStream url }\n    }\n    runners(includeOffline: true) { id version platform pool hostname state startedAt lastHeartbeatAt }\n  }\n": typeof types.AboutDocument,
    "\n  query LogPage($id: ID!, $after: Int!, $first: Int) {\n    execution(id: $id) { id task { name } logs(after: $after, first: $first) { seq stream text at } }\n  }\n": typeof types.LogPageDocument,
    "\n  mutation DeleteTask($name: String!) { deleteTask(name: $name) }\n": typeof types.DeleteTaskDocument,
    "\n  mutation DeleteDag($name: String!) { deleteDag(name: $name) }\n": typeof types.DeleteDagDocument,
    "\n  query StepDrill($id: ID!, $task: String!, $last: Int) {\n    execution(id: $id) {\n      id status startedAt endedAt\n      task { name }\n      steps { ...StepRow checkpoint }\n      resumePoint { completedSteps checkpoints }\n    }\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { mean min max }\n      read { mean } write { mean }\n    }\n  }\n": typeof types.StepDrillDocument,
    "\n  query ExecutionTask($id: ID!) { execution(id: $id) { id task { name } } }\n": typeof types.ExecutionTaskDocument,
    "\n  query NodeGlance($id: ID!) {\n    execution(id: $id) { id status exitCode exitMessage errorMessage logs(tail: 20) { seq stream text } }\n  }\n": typeof types.NodeGlanceDocument,
    "\n  query Search($text: String!, $first: Int!, $byId: Boolean!, $id: ID!) {\n    apps(search: $text, first: $first) { name defaultVersion { version } }\n    tasks(search: $text, first: $first) { name app { name } currentRelease { revision } }\n    dags(search: $text, first: $first) { name definition }\n    schedules(search: $text, first: $first) { name cron task dag }\n    triggers(search: $text, first: $first) { name subject task dag }\n    execution(id: $id) @include(if: $byId) { id status queuedAt task { name } }\n    matching: executions(search: $text, first: $first) @skip(if: $byId) {\n      edges { node { id status queuedAt arguments exitMessage task { name } } }\n    }\n    dagRun(id: $id) @include(if: $byId) { id status dag { name } }\n  }\n": typeof types.SearchDocument,
    "\n  query TaskGrid($name: String!, $first: Int) {\n    task(name: $name) { name }\n    executions(task: $name, first: $first) {\n      edges { node { id status queuedAt releaseRevision exitCode steps { name status readCount writeCount } } }\n    }\n  }\n": typeof types.TaskGridDocument,
    "\n  mutation RelaunchExecution($input: RelaunchExecutionInput!) { relaunchExecution(input: $input) { id status } }\n": typeof types.RelaunchExecutionDocument,
};
const documents: Documents = {
    "\n  query Overview($hours: Int!) {\n    overview(hours: $hours) {\n      hours since until failed runners\n      active { status count }\n      ended { status count }\n      buckets { start total counts { status count } }\n    }\n    runners { id hostname platform pool capacity running lastHeartbeatAt startedAt }\n    running: executions(status: RUNNING, first: 20) { edges { node { id status startedAt queuedAt task { name } } } }\n    recent: executions(first: 10) { edges { node { ...ExecutionRow } } }\n  }\n": types.OverviewDocument,
    "\n  query Apps($first: Int, $after: String, $search: String) {\n    apps(first: $first, after: $after, search: $search) {\n      name createdAt defaultVersion { version }\n      versions { version uri createdAt warnings { code message } tasks { task revisions current } }\n    }\n  }\n": types.AppsDocument,
    "\n  mutation RegisterApp($input: RegisterAppInput!) { registerApp(input: $input) { version uri } }\n": types.RegisterAppDocument,
    "\n  mutation SetDefaultAppVersion($input: SetDefaultAppVersionInput!) {\n    setDefaultAppVersion(input: $input) { name defaultVersion { version } }\n  }\n": types.SetDefaultAppVersionDocument,
    "\n  mutation UnregisterAppVersion($input: UnregisterAppVersionInput!) { unregisterAppVersion(input: $input) }\n": types.UnregisterAppVersionDocument,
    "\n  query Tasks($first: Int, $after: String, $search: String) {\n    tasks(first: $first, after: $after, search: $search) { name createdAt app { name } currentRelease { revision status appVersion { version } } }\n    apps { name versions { version } }\n    executions(first: 500) { edges { node { id status queuedAt endedAt task { name } } } }\n  }\n": types.TasksDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { name } }\n": types.CreateTaskDocument,
    "\n  query Task($name: String!, $releasesFirst: Int, $releasesBefore: Int) {\n    task(name: $name) {\n      name\n      createdAt\n      app { name versions { version uri } }\n      currentRelease { revision status manifest appVersion { version } }\n      releases(first: $releasesFirst, before: $releasesBefore) { revision status kind createdBy reason createdAt sourceRevision failureReason appVersion { version } }\n      revisions: releases { revision }\n    }\n    executions(task: $name, first: 20) { edges { node { ...ExecutionRow } } }\n  }\n": types.TaskDocument,
    "\n  fragment ExecutionRow on Execution {\n    id status releaseRevision arguments exitCode queuedAt startedAt endedAt waitReason task { name }\n  }\n": types.ExecutionRowFragmentDoc,
    "\n  mutation UpgradeTask($input: UpgradeTaskInput!) { upgradeTask(input: $input) { revision status failureReason } }\n": types.UpgradeTaskDocument,
    "\n  mutation RollbackTask($input: RollbackTaskInput!) { rollbackTask(input: $input) { revision status } }\n": types.RollbackTaskDocument,
    "\n  query ReleaseDiff($task: String!, $from: Int!, $to: Int!) {\n    releaseDiff(task: $task, from: $from, to: $to) {\n      changes { path kind from to }\n      from { revision manifest }\n      to { revision manifest }\n    }\n  }\n": types.ReleaseDiffDocument,
    "\n  mutation LaunchTask($input: LaunchTaskInput!) { launchTask(input: $input) { id status } }\n": types.LaunchTaskDocument,
    "\n  query Executions(\n    $task: String\n    $status: ExecutionStatus\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n    $after: String\n    $search: String\n  ) {\n    executions(task: $task, status: $status, since: $since, until: $until, first: $first, after: $after, search: $search) {\n      edges { cursor node { ...ExecutionRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ExecutionsDocument,
    "\n  query TaskNames { tasks { name } }\n": types.TaskNamesDocument,
    "\n  query StepHistory($task: String!, $last: Int!) {\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { ...StatValues }\n      read { ...StatValues }\n      write { ...StatValues }\n      commit { ...StatValues }\n      rollback { ...StatValues }\n      skip { ...StatValues }\n      filter { ...StatValues }\n    }\n    executions(task: $task, first: $last) {\n      edges { node { id status queuedAt steps { name status readCount writeCount startedAt endedAt } } }\n    }\n  }\n": types.StepHistoryDocument,
    "\n  fragment StatValues on Stat { min max mean stddev }\n": types.StatValuesFragmentDoc,
    "\n  query Execution($id: ID!) {\n    execution(id: $id) {\n      id status releaseRevision arguments exitCode exitMessage errorMessage runnerId platform pool\n      queuedAt startedAt endedAt cancelRequestedAt\n      task { name }\n      restartOf { id }\n      origin { ...OriginFields }\n      steps { ...StepRow }\n      priority concurrencyKey concurrencyLimit cpu memory runnerLabels expiresAt launchProperties\n      runSpec {\n        uri arguments timeoutSeconds graceMs cpu memory pullPolicy platformOptions\n        environment { name value masked secretReference }\n      }\n      ...ExecutionAdmission\n    }\n  }\n": types.ExecutionDocument,
    "\n  fragment ExecutionAdmission on Execution {\n    waitReason queuePosition assignedRunnerId dispatchedAt notBefore attempt\n    retryOf { id attempt status }\n    attempts { ...AttemptRow }\n  }\n": types.ExecutionAdmissionFragmentDoc,
    "\n  fragment AttemptRow on Execution {\n    id attempt status queuedAt startedAt endedAt notBefore errorMessage exitCode\n  }\n": types.AttemptRowFragmentDoc,
    "\n  fragment OriginFields on Origin {\n    kind name actor schedule scheduledTime fireKind trigger messageId dagRunId restartOf relaunchOf\n  }\n": types.OriginFieldsFragmentDoc,
    "\n  fragment StepRow on StepExecution {\n    name status readCount writeCount commitCount rollbackCount skipCount filterCount startedAt endedAt exitMessage\n  }\n": types.StepRowFragmentDoc,
    "\n  subscription ExecutionEvents($id: ID!) {\n    executionEvents(executionId: $id, replay: true) {\n      seq kind status cause at\n      log { seq stream text at }\n      step { ...StepRow }\n    }\n  }\n": types.ExecutionEventsDocument,
    "\n  query ExecutionLive($id: ID!) {\n    execution(id: $id) {\n      id status exitCode exitMessage errorMessage runnerId startedAt endedAt\n      ...ExecutionAdmission\n    }\n  }\n": types.ExecutionLiveDocument,
    "\n  mutation CancelExecution($id: ID!) { cancelExecution(id: $id) { id status } }\n": types.CancelExecutionDocument,
    "\n  mutation RestartExecution($id: ID!) { restartExecution(id: $id) { id status } }\n": types.RestartExecutionDocument,
    "\n  query Dags($first: Int, $after: String, $search: String) {\n    dags(first: $first, after: $after, search: $search) { name version definition maxParallel createdAt nodes { id } }\n  }\n": types.DagsDocument,
    "\n  query Dag($name: String!, $versionsFirst: Int, $versionsBefore: Int) {\n    dag(name: $name) {\n      name version definition maxParallel createdAt\n      nodes { id task label arguments }\n      edges { from to on }\n      versions(first: $versionsFirst, before: $versionsBefore) { version definition createdAt createdBy }\n    }\n  }\n": types.DagDocument,
    "\n  query ParseDag($definition: String!) {\n    parseDag(definition: $definition) {\n      ok\n      nodes { id task label arguments }\n      edges { from to on }\n      errors { line column message expected }\n    }\n  }\n": types.ParseDagDocument,
    "\n  mutation CreateDag($input: CreateDagInput!) { createDag(input: $input) { name version } }\n": types.CreateDagDocument,
    "\n  mutation UpdateDag($input: UpdateDagInput!) { updateDag(input: $input) { name version } }\n": types.UpdateDagDocument,
    "\n  mutation LaunchDag($input: LaunchDagInput!) { launchDag(input: $input) { id status } }\n": types.LaunchDagDocument,
    "\n  fragment DagRunView on DagRun {\n    id status attempt version arguments createdAt endedAt errorMessage cancelRequestedAt\n    dag { name }\n    edges { from to on }\n    nodes {\n      node { id task label arguments }\n      status exitStatus startedAt endedAt\n      execution { id }\n      attempts { attempt status exitStatus execution { id startedAt endedAt } }\n    }\n  }\n": types.DagRunViewFragmentDoc,
    "\n  query DagRun($id: ID!) { dagRun(id: $id) { ...DagRunView origin { ...OriginFields } } }\n": types.DagRunDocument,
    "\n  subscription DagRunEvents($id: ID!) { dagRunEvents(id: $id) { ...DagRunView } }\n": types.DagRunEventsDocument,
    "\n  mutation CancelDagRun($id: ID!) { cancelDagRun(id: $id) { id status } }\n": types.CancelDagRunDocument,
    "\n  mutation RestartDagRun($id: ID!) { restartDagRun(id: $id) { id status attempt } }\n": types.RestartDagRunDocument,
    "\n  fragment DagRunRow on DagRun {\n    id status attempt version arguments createdAt endedAt\n    dag { name }\n  }\n": types.DagRunRowFragmentDoc,
    "\n  query DagRuns($dag: String, $status: ExecutionStatus, $first: Int, $after: String) {\n    dagRuns(dag: $dag, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DagRunRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.DagRunsDocument,
    "\n  query ScheduleTargets { tasks { name } dags { name } }\n": types.ScheduleTargetsDocument,
    "\n  fragment ScheduleFireRow on ScheduleFire {\n    id scheduledTime firedAt kind outcome reason executionId dagRunId\n    execution { id status }\n    dagRun { id status }\n  }\n": types.ScheduleFireRowFragmentDoc,
    "\n  query Schedules($first: Int, $after: String, $search: String) {\n    schedules(first: $first, after: $after, search: $search) {\n      name task dag cron description timezone enabled nextFireAt\n      lastFire { ...ScheduleFireRow }\n    }\n  }\n": types.SchedulesDocument,
    "\n  query Schedule($name: String!, $fires: Int, $before: DateTime) {\n    schedule(name: $name) {\n      name task dag cron description timezone arguments properties enabled startAt endAt overlap misfire\n      nextFireAt nextFireTimes(n: 5) createdAt updatedAt createdBy\n      lastFire { ...ScheduleFireRow }\n      fires(first: $fires, before: $before) { ...ScheduleFireRow }\n    }\n  }\n": types.ScheduleDocument,
    "\n  query PreviewCron($cron: String!, $timezone: String) {\n    previewCron(cron: $cron, timezone: $timezone, n: 5) { valid error description timezone nextFireTimes }\n  }\n": types.PreviewCronDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { name } }\n": types.CreateScheduleDocument,
    "\n  mutation UpdateSchedule($input: UpdateScheduleInput!) { updateSchedule(input: $input) { name enabled nextFireAt } }\n": types.UpdateScheduleDocument,
    "\n  mutation DeleteSchedule($name: String!) { deleteSchedule(name: $name) }\n": types.DeleteScheduleDocument,
    "\n  mutation BackfillSchedule($input: BackfillScheduleInput!) {\n    backfillSchedule(input: $input) { fireTimes created alreadyFired fires { ...ScheduleFireRow } }\n  }\n": types.BackfillScheduleDocument,
    "\n  query Triggers($first: Int, $after: String, $search: String) {\n    triggers(first: $first, after: $after, search: $search) { name task dag subject webhookPath dedupKey dedupWindowSeconds enabled }\n  }\n": types.TriggersDocument,
    "\n  fragment TriggerEventRow on TriggerEvent {\n    id source messageId receivedAt outcome reason dedupKey executionId dagRunId matchedEventId payload\n    execution { id status }\n    dagRun { id status }\n  }\n": types.TriggerEventRowFragmentDoc,
    "\n  query Trigger($name: String!, $events: Int, $before: DateTime, $beforeId: ID) {\n    trigger(name: $name) {\n      name task dag subject webhookPath arguments properties dedupKey dedupWindowSeconds enabled\n      createdAt updatedAt createdBy\n      events(first: $events, before: $before, beforeId: $beforeId) { ...TriggerEventRow }\n    }\n  }\n": types.TriggerDocument,
    "\n  query TriggerDefinition($name: String!) {\n    trigger(name: $name) { name task dag subject arguments properties dedupKey dedupWindowSeconds }\n  }\n": types.TriggerDefinitionDocument,
    "\n  mutation CreateTrigger($input: CreateTriggerInput!) { createTrigger(input: $input) { name webhookPath subject secret } }\n": types.CreateTriggerDocument,
    "\n  mutation UpdateTrigger($input: UpdateTriggerInput!) { updateTrigger(input: $input) { name enabled } }\n": types.UpdateTriggerDocument,
    "\n  mutation DeleteTrigger($name: String!) { deleteTrigger(name: $name) }\n": types.DeleteTriggerDocument,
    "\n  mutation RotateTriggerSecret($name: String!) { rotateTriggerSecret(name: $name) { name secret } }\n": types.RotateTriggerSecretDocument,
    "\n  fragment RunnerRow on RunnerInfo {\n    id platform pool labels capacity slotsInUse running cpu cpuFree memory memoryFree version state drainingAt\n    hostname startedAt lastHeartbeatAt\n  }\n": types.RunnerRowFragmentDoc,
    "\n  query Runners {\n    runners(includeOffline: true) { ...RunnerRow }\n    pools { name maxConcurrent }\n  }\n": types.RunnersDocument,
    "\n  mutation DrainRunner($id: String!) { drainRunner(id: $id) { ...RunnerRow } }\n": types.DrainRunnerDocument,
    "\n  mutation ResumeRunner($id: String!) { resumeRunner(id: $id) { ...RunnerRow } }\n": types.ResumeRunnerDocument,
    "\n  mutation SetPoolLimit($pool: String!, $maxConcurrent: Int) {\n    setPoolLimit(pool: $pool, maxConcurrent: $maxConcurrent) { name maxConcurrent }\n  }\n": types.SetPoolLimitDocument,
    "\n  query Queue($first: Int!) {\n    queue {\n      pools { pool queued running maxConcurrent oldestQueuedAt oldestWaitSeconds blockingReason }\n      tasks { task pool queued running oldestQueuedAt oldestWaitSeconds blockingReason }\n    }\n    executions(status: QUEUED, first: $first) {\n      edges { node { id queuePosition priority waitReason queuedAt notBefore expiresAt pool task { name } } }\n    }\n  }\n": types.QueueDocument,
    "\n  query Me { me { authenticated kind subject name grants { role prefix } expiresAt } }\n": types.MeDocument,
    "\n  query AuditRecords($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditRecords(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { id at actor action target correlationId input } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AuditRecordsDocument,
    "\n  query DagGrid($name: String!, $first: Int) {\n    dag(name: $name) { name nodes { id task } }\n    dagRuns(dag: $name, first: $first) {\n      edges {\n        node {\n          id status attempt version createdAt\n          nodes { node { id } status exitStatus execution { id } }\n        }\n      }\n    }\n  }\n": types.DagGridDocument,
    "\n  query About {\n    about {\n      version\n      controlPlanes { instance version hostname pid startedAt leader }\n      database { version host port name }\n      nats { version serverName jetStream url }\n    }\n    runners(includeOffline: true) { id version platform pool hostname state startedAt lastHeartbeatAt }\n  }\n": types.AboutDocument,
    "\n  query LogPage($id: ID!, $after: Int!, $first: Int) {\n    execution(id: $id) { id task { name } logs(after: $after, first: $first) { seq stream text at } }\n  }\n": types.LogPageDocument,
    "\n  mutation DeleteTask($name: String!) { deleteTask(name: $name) }\n": types.DeleteTaskDocument,
    "\n  mutation DeleteDag($name: String!) { deleteDag(name: $name) }\n": types.DeleteDagDocument,
    "\n  query StepDrill($id: ID!, $task: String!, $last: Int) {\n    execution(id: $id) {\n      id status startedAt endedAt\n      task { name }\n      steps { ...StepRow checkpoint }\n      resumePoint { completedSteps checkpoints }\n    }\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { mean min max }\n      read { mean } write { mean }\n    }\n  }\n": types.StepDrillDocument,
    "\n  query ExecutionTask($id: ID!) { execution(id: $id) { id task { name } } }\n": types.ExecutionTaskDocument,
    "\n  query NodeGlance($id: ID!) {\n    execution(id: $id) { id status exitCode exitMessage errorMessage logs(tail: 20) { seq stream text } }\n  }\n": types.NodeGlanceDocument,
    "\n  query Search($text: String!, $first: Int!, $byId: Boolean!, $id: ID!) {\n    apps(search: $text, first: $first) { name defaultVersion { version } }\n    tasks(search: $text, first: $first) { name app { name } currentRelease { revision } }\n    dags(search: $text, first: $first) { name definition }\n    schedules(search: $text, first: $first) { name cron task dag }\n    triggers(search: $text, first: $first) { name subject task dag }\n    execution(id: $id) @include(if: $byId) { id status queuedAt task { name } }\n    matching: executions(search: $text, first: $first) @skip(if: $byId) {\n      edges { node { id status queuedAt arguments exitMessage task { name } } }\n    }\n    dagRun(id: $id) @include(if: $byId) { id status dag { name } }\n  }\n": types.SearchDocument,
    "\n  query TaskGrid($name: String!, $first: Int) {\n    task(name: $name) { name }\n    executions(task: $name, first: $first) {\n      edges { node { id status queuedAt releaseRevision exitCode steps { name status readCount writeCount } } }\n    }\n  }\n": types.TaskGridDocument,
    "\n  mutation RelaunchExecution($input: RelaunchExecutionInput!) { relaunchExecution(input: $input) { id status } }\n": types.RelaunchExecutionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview($hours: Int!) {\n    overview(hours: $hours) {\n      hours since until failed runners\n      active { status count }\n      ended { status count }\n      buckets { start total counts { status count } }\n    }\n    runners { id hostname platform pool capacity running lastHeartbeatAt startedAt }\n    running: executions(status: RUNNING, first: 20) { edges { node { id status startedAt queuedAt task { name } } } }\n    recent: executions(first: 10) { edges { node { ...ExecutionRow } } }\n  }\n"): typeof import('./graphql').OverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Apps($first: Int, $after: String, $search: String) {\n    apps(first: $first, after: $after, search: $search) {\n      name createdAt defaultVersion { version }\n      versions { version uri createdAt warnings { code message } tasks { task revisions current } }\n    }\n  }\n"): typeof import('./graphql').AppsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterApp($input: RegisterAppInput!) { registerApp(input: $input) { version uri } }\n"): typeof import('./graphql').RegisterAppDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDefaultAppVersion($input: SetDefaultAppVersionInput!) {\n    setDefaultAppVersion(input: $input) { name defaultVersion { version } }\n  }\n"): typeof import('./graphql').SetDefaultAppVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnregisterAppVersion($input: UnregisterAppVersionInput!) { unregisterAppVersion(input: $input) }\n"): typeof import('./graphql').UnregisterAppVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tasks($first: Int, $after: String, $search: String) {\n    tasks(first: $first, after: $after, search: $search) { name createdAt app { name } currentRelease { revision status appVersion { version } } }\n    apps { name versions { version } }\n    executions(first: 500) { edges { node { id status queuedAt endedAt task { name } } } }\n  }\n"): typeof import('./graphql').TasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { name } }\n"): typeof import('./graphql').CreateTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Task($name: String!, $releasesFirst: Int, $releasesBefore: Int) {\n    task(name: $name) {\n      name\n      createdAt\n      app { name versions { version uri } }\n      currentRelease { revision status manifest appVersion { version } }\n      releases(first: $releasesFirst, before: $releasesBefore) { revision status kind createdBy reason createdAt sourceRevision failureReason appVersion { version } }\n      revisions: releases { revision }\n    }\n    executions(task: $name, first: 20) { edges { node { ...ExecutionRow } } }\n  }\n"): typeof import('./graphql').TaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExecutionRow on Execution {\n    id status releaseRevision arguments exitCode queuedAt startedAt endedAt waitReason task { name }\n  }\n"): typeof import('./graphql').ExecutionRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpgradeTask($input: UpgradeTaskInput!) { upgradeTask(input: $input) { revision status failureReason } }\n"): typeof import('./graphql').UpgradeTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackTask($input: RollbackTaskInput!) { rollbackTask(input: $input) { revision status } }\n"): typeof import('./graphql').RollbackTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReleaseDiff($task: String!, $from: Int!, $to: Int!) {\n    releaseDiff(task: $task, from: $from, to: $to) {\n      changes { path kind from to }\n      from { revision manifest }\n      to { revision manifest }\n    }\n  }\n"): typeof import('./graphql').ReleaseDiffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LaunchTask($input: LaunchTaskInput!) { launchTask(input: $input) { id status } }\n"): typeof import('./graphql').LaunchTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Executions(\n    $task: String\n    $status: ExecutionStatus\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n    $after: String\n    $search: String\n  ) {\n    executions(task: $task, status: $status, since: $since, until: $until, first: $first, after: $after, search: $search) {\n      edges { cursor node { ...ExecutionRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ExecutionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskNames { tasks { name } }\n"): typeof import('./graphql').TaskNamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepHistory($task: String!, $last: Int!) {\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { ...StatValues }\n      read { ...StatValues }\n      write { ...StatValues }\n      commit { ...StatValues }\n      rollback { ...StatValues }\n      skip { ...StatValues }\n      filter { ...StatValues }\n    }\n    executions(task: $task, first: $last) {\n      edges { node { id status queuedAt steps { name status readCount writeCount startedAt endedAt } } }\n    }\n  }\n"): typeof import('./graphql').StepHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatValues on Stat { min max mean stddev }\n"): typeof import('./graphql').StatValuesFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Execution($id: ID!) {\n    execution(id: $id) {\n      id status releaseRevision arguments exitCode exitMessage errorMessage runnerId platform pool\n      queuedAt startedAt endedAt cancelRequestedAt\n      task { name }\n      restartOf { id }\n      origin { ...OriginFields }\n      steps { ...StepRow }\n      priority concurrencyKey concurrencyLimit cpu memory runnerLabels expiresAt launchProperties\n      runSpec {\n        uri arguments timeoutSeconds graceMs cpu memory pullPolicy platformOptions\n        environment { name value masked secretReference }\n      }\n      ...ExecutionAdmission\n    }\n  }\n"): typeof import('./graphql').ExecutionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExecutionAdmission on Execution {\n    waitReason queuePosition assignedRunnerId dispatchedAt notBefore attempt\n    retryOf { id attempt status }\n    attempts { ...AttemptRow }\n  }\n"): typeof import('./graphql').ExecutionAdmissionFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AttemptRow on Execution {\n    id attempt status queuedAt startedAt endedAt notBefore errorMessage exitCode\n  }\n"): typeof import('./graphql').AttemptRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OriginFields on Origin {\n    kind name actor schedule scheduledTime fireKind trigger messageId dagRunId restartOf relaunchOf\n  }\n"): typeof import('./graphql').OriginFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StepRow on StepExecution {\n    name status readCount writeCount commitCount rollbackCount skipCount filterCount startedAt endedAt exitMessage\n  }\n"): typeof import('./graphql').StepRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExecutionEvents($id: ID!) {\n    executionEvents(executionId: $id, replay: true) {\n      seq kind status cause at\n      log { seq stream text at }\n      step { ...StepRow }\n    }\n  }\n"): typeof import('./graphql').ExecutionEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExecutionLive($id: ID!) {\n    execution(id: $id) {\n      id status exitCode exitMessage errorMessage runnerId startedAt endedAt\n      ...ExecutionAdmission\n    }\n  }\n"): typeof import('./graphql').ExecutionLiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelExecution($id: ID!) { cancelExecution(id: $id) { id status } }\n"): typeof import('./graphql').CancelExecutionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestartExecution($id: ID!) { restartExecution(id: $id) { id status } }\n"): typeof import('./graphql').RestartExecutionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dags($first: Int, $after: String, $search: String) {\n    dags(first: $first, after: $after, search: $search) { name version definition maxParallel createdAt nodes { id } }\n  }\n"): typeof import('./graphql').DagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dag($name: String!, $versionsFirst: Int, $versionsBefore: Int) {\n    dag(name: $name) {\n      name version definition maxParallel createdAt\n      nodes { id task label arguments }\n      edges { from to on }\n      versions(first: $versionsFirst, before: $versionsBefore) { version definition createdAt createdBy }\n    }\n  }\n"): typeof import('./graphql').DagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ParseDag($definition: String!) {\n    parseDag(definition: $definition) {\n      ok\n      nodes { id task label arguments }\n      edges { from to on }\n      errors { line column message expected }\n    }\n  }\n"): typeof import('./graphql').ParseDagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDag($input: CreateDagInput!) { createDag(input: $input) { name version } }\n"): typeof import('./graphql').CreateDagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDag($input: UpdateDagInput!) { updateDag(input: $input) { name version } }\n"): typeof import('./graphql').UpdateDagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LaunchDag($input: LaunchDagInput!) { launchDag(input: $input) { id status } }\n"): typeof import('./graphql').LaunchDagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DagRunView on DagRun {\n    id status attempt version arguments createdAt endedAt errorMessage cancelRequestedAt\n    dag { name }\n    edges { from to on }\n    nodes {\n      node { id task label arguments }\n      status exitStatus startedAt endedAt\n      execution { id }\n      attempts { attempt status exitStatus execution { id startedAt endedAt } }\n    }\n  }\n"): typeof import('./graphql').DagRunViewFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DagRun($id: ID!) { dagRun(id: $id) { ...DagRunView origin { ...OriginFields } } }\n"): typeof import('./graphql').DagRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DagRunEvents($id: ID!) { dagRunEvents(id: $id) { ...DagRunView } }\n"): typeof import('./graphql').DagRunEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelDagRun($id: ID!) { cancelDagRun(id: $id) { id status } }\n"): typeof import('./graphql').CancelDagRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestartDagRun($id: ID!) { restartDagRun(id: $id) { id status attempt } }\n"): typeof import('./graphql').RestartDagRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DagRunRow on DagRun {\n    id status attempt version arguments createdAt endedAt\n    dag { name }\n  }\n"): typeof import('./graphql').DagRunRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DagRuns($dag: String, $status: ExecutionStatus, $first: Int, $after: String) {\n    dagRuns(dag: $dag, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DagRunRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').DagRunsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleTargets { tasks { name } dags { name } }\n"): typeof import('./graphql').ScheduleTargetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleFireRow on ScheduleFire {\n    id scheduledTime firedAt kind outcome reason executionId dagRunId\n    execution { id status }\n    dagRun { id status }\n  }\n"): typeof import('./graphql').ScheduleFireRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Schedules($first: Int, $after: String, $search: String) {\n    schedules(first: $first, after: $after, search: $search) {\n      name task dag cron description timezone enabled nextFireAt\n      lastFire { ...ScheduleFireRow }\n    }\n  }\n"): typeof import('./graphql').SchedulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Schedule($name: String!, $fires: Int, $before: DateTime) {\n    schedule(name: $name) {\n      name task dag cron description timezone arguments properties enabled startAt endAt overlap misfire\n      nextFireAt nextFireTimes(n: 5) createdAt updatedAt createdBy\n      lastFire { ...ScheduleFireRow }\n      fires(first: $fires, before: $before) { ...ScheduleFireRow }\n    }\n  }\n"): typeof import('./graphql').ScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewCron($cron: String!, $timezone: String) {\n    previewCron(cron: $cron, timezone: $timezone, n: 5) { valid error description timezone nextFireTimes }\n  }\n"): typeof import('./graphql').PreviewCronDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSchedule($input: CreateScheduleInput!) { createSchedule(input: $input) { name } }\n"): typeof import('./graphql').CreateScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSchedule($input: UpdateScheduleInput!) { updateSchedule(input: $input) { name enabled nextFireAt } }\n"): typeof import('./graphql').UpdateScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSchedule($name: String!) { deleteSchedule(name: $name) }\n"): typeof import('./graphql').DeleteScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackfillSchedule($input: BackfillScheduleInput!) {\n    backfillSchedule(input: $input) { fireTimes created alreadyFired fires { ...ScheduleFireRow } }\n  }\n"): typeof import('./graphql').BackfillScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Triggers($first: Int, $after: String, $search: String) {\n    triggers(first: $first, after: $after, search: $search) { name task dag subject webhookPath dedupKey dedupWindowSeconds enabled }\n  }\n"): typeof import('./graphql').TriggersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TriggerEventRow on TriggerEvent {\n    id source messageId receivedAt outcome reason dedupKey executionId dagRunId matchedEventId payload\n    execution { id status }\n    dagRun { id status }\n  }\n"): typeof import('./graphql').TriggerEventRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Trigger($name: String!, $events: Int, $before: DateTime, $beforeId: ID) {\n    trigger(name: $name) {\n      name task dag subject webhookPath arguments properties dedupKey dedupWindowSeconds enabled\n      createdAt updatedAt createdBy\n      events(first: $events, before: $before, beforeId: $beforeId) { ...TriggerEventRow }\n    }\n  }\n"): typeof import('./graphql').TriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TriggerDefinition($name: String!) {\n    trigger(name: $name) { name task dag subject arguments properties dedupKey dedupWindowSeconds }\n  }\n"): typeof import('./graphql').TriggerDefinitionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTrigger($input: CreateTriggerInput!) { createTrigger(input: $input) { name webhookPath subject secret } }\n"): typeof import('./graphql').CreateTriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTrigger($input: UpdateTriggerInput!) { updateTrigger(input: $input) { name enabled } }\n"): typeof import('./graphql').UpdateTriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTrigger($name: String!) { deleteTrigger(name: $name) }\n"): typeof import('./graphql').DeleteTriggerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateTriggerSecret($name: String!) { rotateTriggerSecret(name: $name) { name secret } }\n"): typeof import('./graphql').RotateTriggerSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunnerRow on RunnerInfo {\n    id platform pool labels capacity slotsInUse running cpu cpuFree memory memoryFree version state drainingAt\n    hostname startedAt lastHeartbeatAt\n  }\n"): typeof import('./graphql').RunnerRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Runners {\n    runners(includeOffline: true) { ...RunnerRow }\n    pools { name maxConcurrent }\n  }\n"): typeof import('./graphql').RunnersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DrainRunner($id: String!) { drainRunner(id: $id) { ...RunnerRow } }\n"): typeof import('./graphql').DrainRunnerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeRunner($id: String!) { resumeRunner(id: $id) { ...RunnerRow } }\n"): typeof import('./graphql').ResumeRunnerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPoolLimit($pool: String!, $maxConcurrent: Int) {\n    setPoolLimit(pool: $pool, maxConcurrent: $maxConcurrent) { name maxConcurrent }\n  }\n"): typeof import('./graphql').SetPoolLimitDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Queue($first: Int!) {\n    queue {\n      pools { pool queued running maxConcurrent oldestQueuedAt oldestWaitSeconds blockingReason }\n      tasks { task pool queued running oldestQueuedAt oldestWaitSeconds blockingReason }\n    }\n    executions(status: QUEUED, first: $first) {\n      edges { node { id queuePosition priority waitReason queuedAt notBefore expiresAt pool task { name } } }\n    }\n  }\n"): typeof import('./graphql').QueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me { me { authenticated kind subject name grants { role prefix } expiresAt } }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditRecords($filter: AuditFilterInput, $first: Int, $after: String) {\n    auditRecords(filter: $filter, first: $first, after: $after) {\n      edges { cursor node { id at actor action target correlationId input } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').AuditRecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DagGrid($name: String!, $first: Int) {\n    dag(name: $name) { name nodes { id task } }\n    dagRuns(dag: $name, first: $first) {\n      edges {\n        node {\n          id status attempt version createdAt\n          nodes { node { id } status exitStatus execution { id } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DagGridDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query About {\n    about {\n      version\n      controlPlanes { instance version hostname pid startedAt leader }\n      database { version host port name }\n      nats { version serverName jetStream url }\n    }\n    runners(includeOffline: true) { id version platform pool hostname state startedAt lastHeartbeatAt }\n  }\n"): typeof import('./graphql').AboutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LogPage($id: ID!, $after: Int!, $first: Int) {\n    execution(id: $id) { id task { name } logs(after: $after, first: $first) { seq stream text at } }\n  }\n"): typeof import('./graphql').LogPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTask($name: String!) { deleteTask(name: $name) }\n"): typeof import('./graphql').DeleteTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDag($name: String!) { deleteDag(name: $name) }\n"): typeof import('./graphql').DeleteDagDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepDrill($id: ID!, $task: String!, $last: Int) {\n    execution(id: $id) {\n      id status startedAt endedAt\n      task { name }\n      steps { ...StepRow checkpoint }\n      resumePoint { completedSteps checkpoints }\n    }\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { mean min max }\n      read { mean } write { mean }\n    }\n  }\n"): typeof import('./graphql').StepDrillDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExecutionTask($id: ID!) { execution(id: $id) { id task { name } } }\n"): typeof import('./graphql').ExecutionTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeGlance($id: ID!) {\n    execution(id: $id) { id status exitCode exitMessage errorMessage logs(tail: 20) { seq stream text } }\n  }\n"): typeof import('./graphql').NodeGlanceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($text: String!, $first: Int!, $byId: Boolean!, $id: ID!) {\n    apps(search: $text, first: $first) { name defaultVersion { version } }\n    tasks(search: $text, first: $first) { name app { name } currentRelease { revision } }\n    dags(search: $text, first: $first) { name definition }\n    schedules(search: $text, first: $first) { name cron task dag }\n    triggers(search: $text, first: $first) { name subject task dag }\n    execution(id: $id) @include(if: $byId) { id status queuedAt task { name } }\n    matching: executions(search: $text, first: $first) @skip(if: $byId) {\n      edges { node { id status queuedAt arguments exitMessage task { name } } }\n    }\n    dagRun(id: $id) @include(if: $byId) { id status dag { name } }\n  }\n"): typeof import('./graphql').SearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskGrid($name: String!, $first: Int) {\n    task(name: $name) { name }\n    executions(task: $name, first: $first) {\n      edges { node { id status queuedAt releaseRevision exitCode steps { name status readCount writeCount } } }\n    }\n  }\n"): typeof import('./graphql').TaskGridDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RelaunchExecution($input: RelaunchExecutionInput!) { relaunchExecution(input: $input) { id status } }\n"): typeof import('./graphql').RelaunchExecutionDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
