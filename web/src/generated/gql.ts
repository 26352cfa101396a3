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
    "\n  query Overview {\n    runners { id hostname platform pool capacity running lastHeartbeatAt startedAt }\n    running: executions(status: RUNNING, first: 100) { edges { node { id status startedAt queuedAt task { name } } } }\n    queued: executions(status: QUEUED, first: 100) { edges { node { id status queuedAt task { name } } } }\n    recent: executions(first: 500) { edges { node { id status queuedAt startedAt endedAt task { name } } } }\n  }\n": typeof types.OverviewDocument,
    "\n  query Apps {\n    apps { name createdAt defaultVersion { version } versions { version uri createdAt } }\n  }\n": typeof types.AppsDocument,
    "\n  mutation RegisterApp($input: RegisterAppInput!) { registerApp(input: $input) { version uri } }\n": typeof types.RegisterAppDocument,
    "\n  mutation SetDefaultAppVersion($input: SetDefaultAppVersionInput!) {\n    setDefaultAppVersion(input: $input) { name defaultVersion { version } }\n  }\n": typeof types.SetDefaultAppVersionDocument,
    "\n  mutation UnregisterAppVersion($input: UnregisterAppVersionInput!) { unregisterAppVersion(input: $input) }\n": typeof types.UnregisterAppVersionDocument,
    "\n  query Tasks {\n    tasks { name createdAt app { name } currentRelease { revision status appVersion { version } } }\n    apps { name versions { version } }\n    executions(first: 500) { edges { node { id status queuedAt endedAt task { name } } } }\n  }\n": typeof types.TasksDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { name } }\n": typeof types.CreateTaskDocument,
    "\n  query Task($name: String!) {\n    task(name: $name) {\n      name\n      createdAt\n      app { name versions { version uri } }\n      currentRelease { revision status manifest appVersion { version } }\n      releases { revision status kind createdBy reason createdAt sourceRevision failureReason appVersion { version } manifest }\n    }\n    executions(task: $name, first: 20) { edges { node { ...ExecutionRow } } }\n  }\n": typeof types.TaskDocument,
    "\n  fragment ExecutionRow on Execution {\n    id status releaseRevision arguments exitCode queuedAt startedAt endedAt task { name }\n  }\n": typeof types.ExecutionRowFragmentDoc,
    "\n  mutation UpgradeTask($input: UpgradeTaskInput!) { upgradeTask(input: $input) { revision status failureReason } }\n": typeof types.UpgradeTaskDocument,
    "\n  mutation RollbackTask($input: RollbackTaskInput!) { rollbackTask(input: $input) { revision status } }\n": typeof types.RollbackTaskDocument,
    "\n  query ReleaseDiff($task: String!, $from: Int!, $to: Int!) {\n    releaseDiff(task: $task, from: $from, to: $to) {\n      changes { path kind from to }\n      from { revision manifest }\n      to { revision manifest }\n    }\n  }\n": typeof types.ReleaseDiffDocument,
    "\n  mutation LaunchTask($input: LaunchTaskInput!) { launchTask(input: $input) { id status } }\n": typeof types.LaunchTaskDocument,
    "\n  query Executions(\n    $task: String\n    $status: ExecutionStatus\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n    $after: String\n  ) {\n    executions(task: $task, status: $status, since: $since, until: $until, first: $first, after: $after) {\n      edges { cursor node { ...ExecutionRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ExecutionsDocument,
    "\n  query TaskNames { tasks { name } }\n": typeof types.TaskNamesDocument,
    "\n  query StepHistory($task: String!, $last: Int!) {\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { ...StatValues }\n      read { ...StatValues }\n      write { ...StatValues }\n      commit { ...StatValues }\n      rollback { ...StatValues }\n      skip { ...StatValues }\n      filter { ...StatValues }\n    }\n    executions(task: $task, first: $last) {\n      edges { node { id status queuedAt steps { name status readCount writeCount startedAt endedAt } } }\n    }\n  }\n": typeof types.StepHistoryDocument,
    "\n  fragment StatValues on Stat { min max mean stddev }\n": typeof types.StatValuesFragmentDoc,
    "\n  query Execution($id: ID!) {\n    execution(id: $id) {\n      id status releaseRevision arguments exitCode exitMessage errorMessage runnerId platform pool\n      queuedAt startedAt endedAt cancelRequestedAt\n      task { name }\n      restartOf { id }\n      steps { ...StepRow }\n    }\n  }\n": typeof types.ExecutionDocument,
    "\n  fragment StepRow on StepExecution {\n    name status readCount writeCount commitCount rollbackCount skipCount filterCount startedAt endedAt exitMessage\n  }\n": typeof types.StepRowFragmentDoc,
    "\n  subscription ExecutionEvents($id: ID!) {\n    executionEvents(executionId: $id, replay: true) {\n      seq kind status cause at\n      log { seq stream text at }\n      step { ...StepRow }\n    }\n  }\n": typeof types.ExecutionEventsDocument,
    "\n  query ExecutionLive($id: ID!) {\n    execution(id: $id) { id status exitCode exitMessage errorMessage runnerId startedAt endedAt }\n  }\n": typeof types.ExecutionLiveDocument,
    "\n  mutation CancelExecution($id: ID!) { cancelExecution(id: $id) { id status } }\n": typeof types.CancelExecutionDocument,
    "\n  mutation RestartExecution($id: ID!) { restartExecution(id: $id) { id status } }\n": typeof types.RestartExecutionDocument,
    "\n  query Dags {\n    dags { name version definition maxParallel createdAt nodes { id } }\n  }\n": typeof types.DagsDocument,
    "\n  query Dag($name: String!) {\n    dag(name: $name) {\n      name version definition maxParallel createdAt\n      nodes { id task label arguments }\n      edges { from to on }\n      versions { version definition createdAt createdBy }\n    }\n  }\n": typeof types.DagDocument,
    "\n  query ParseDag($definition: String!) {\n    parseDag(definition: $definition) {\n      ok\n      nodes { id task label arguments }\n      edges { from to on }\n      errors { line column message expected }\n    }\n  }\n": typeof types.ParseDagDocument,
    "\n  mutation CreateDag($input: CreateDagInput!) { createDag(input: $input) { name version } }\n": typeof types.CreateDagDocument,
    "\n  mutation UpdateDag($input: UpdateDagInput!) { updateDag(input: $input) { name version } }\n": typeof types.UpdateDagDocument,
    "\n  mutation LaunchDag($input: LaunchDagInput!) { launchDag(input: $input) { id status } }\n": typeof types.LaunchDagDocument,
    "\n  fragment DagRunView on DagRun {\n    id status attempt version arguments createdAt endedAt errorMessage cancelRequestedAt\n    dag { name }\n    edges { from to on }\n    nodes {\n      node { id task label arguments }\n      status exitStatus startedAt endedAt\n      execution { id }\n      attempts { attempt status }\n    }\n  }\n": typeof types.DagRunViewFragmentDoc,
    "\n  query DagRun($id: ID!) { dagRun(id: $id) { ...DagRunView } }\n": typeof types.DagRunDocument,
    "\n  subscription DagRunEvents($id: ID!) { dagRunEvents(id: $id) { ...DagRunView } }\n": typeof types.DagRunEventsDocument,
    "\n  mutation CancelDagRun($id: ID!) { cancelDagRun(id: $id) { id status } }\n": typeof types.CancelDagRunDocument,
    "\n  mutation RestartDagRun($id: ID!) { restartDagRun(id: $id) { id status attempt } }\n": typeof types.RestartDagRunDocument,
    "\n  fragment DagRunRow on DagRun {\n    id status attempt version arguments createdAt endedAt\n    dag { name }\n  }\n": typeof types.DagRunRowFragmentDoc,
    "\n  query DagRuns($dag: String, $status: ExecutionStatus, $first: Int, $after: String) {\n    dagRuns(dag: $dag, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DagRunRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.DagRunsDocument,
};
const documents: Documents = {
    "\n  query Overview {\n    runners { id hostname platform pool capacity running lastHeartbeatAt startedAt }\n    running: executions(status: RUNNING, first: 100) { edges { node { id status startedAt queuedAt task { name } } } }\n    queued: executions(status: QUEUED, first: 100) { edges { node { id status queuedAt task { name } } } }\n    recent: executions(first: 500) { edges { node { id status queuedAt startedAt endedAt task { name } } } }\n  }\n": types.OverviewDocument,
    "\n  query Apps {\n    apps { name createdAt defaultVersion { version } versions { version uri createdAt } }\n  }\n": types.AppsDocument,
    "\n  mutation RegisterApp($input: RegisterAppInput!) { registerApp(input: $input) { version uri } }\n": types.RegisterAppDocument,
    "\n  mutation SetDefaultAppVersion($input: SetDefaultAppVersionInput!) {\n    setDefaultAppVersion(input: $input) { name defaultVersion { version } }\n  }\n": types.SetDefaultAppVersionDocument,
    "\n  mutation UnregisterAppVersion($input: UnregisterAppVersionInput!) { unregisterAppVersion(input: $input) }\n": types.UnregisterAppVersionDocument,
    "\n  query Tasks {\n    tasks { name createdAt app { name } currentRelease { revision status appVersion { version } } }\n    apps { name versions { version } }\n    executions(first: 500) { edges { node { id status queuedAt endedAt task { name } } } }\n  }\n": types.TasksDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { name } }\n": types.CreateTaskDocument,
    "\n  query Task($name: String!) {\n    task(name: $name) {\n      name\n      createdAt\n      app { name versions { version uri } }\n      currentRelease { revision status manifest appVersion { version } }\n      releases { revision status kind createdBy reason createdAt sourceRevision failureReason appVersion { version } manifest }\n    }\n    executions(task: $name, first: 20) { edges { node { ...ExecutionRow } } }\n  }\n": types.TaskDocument,
    "\n  fragment ExecutionRow on Execution {\n    id status releaseRevision arguments exitCode queuedAt startedAt endedAt task { name }\n  }\n": types.ExecutionRowFragmentDoc,
    "\n  mutation UpgradeTask($input: UpgradeTaskInput!) { upgradeTask(input: $input) { revision status failureReason } }\n": types.UpgradeTaskDocument,
    "\n  mutation RollbackTask($input: RollbackTaskInput!) { rollbackTask(input: $input) { revision status } }\n": types.RollbackTaskDocument,
    "\n  query ReleaseDiff($task: String!, $from: Int!, $to: Int!) {\n    releaseDiff(task: $task, from: $from, to: $to) {\n      changes { path kind from to }\n      from { revision manifest }\n      to { revision manifest }\n    }\n  }\n": types.ReleaseDiffDocument,
    "\n  mutation LaunchTask($input: LaunchTaskInput!) { launchTask(input: $input) { id status } }\n": types.LaunchTaskDocument,
    "\n  query Executions(\n    $task: String\n    $status: ExecutionStatus\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n    $after: String\n  ) {\n    executions(task: $task, status: $status, since: $since, until: $until, first: $first, after: $after) {\n      edges { cursor node { ...ExecutionRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ExecutionsDocument,
    "\n  query TaskNames { tasks { name } }\n": types.TaskNamesDocument,
    "\n  query StepHistory($task: String!, $last: Int!) {\n    stepStatistics(task: $task, last: $last) {\n      step runs\n      duration { ...StatValues }\n      read { ...StatValues }\n      write { ...StatValues }\n      commit { ...StatValues }\n      rollback { ...StatValues }\n      skip { ...StatValues }\n      filter { ...StatValues }\n    }\n    executions(task: $task, first: $last) {\n      edges { node { id status queuedAt steps { name status readCount writeCount startedAt endedAt } } }\n    }\n  }\n": types.StepHistoryDocument,
    "\n  fragment StatValues on Stat { min max mean stddev }\n": types.StatValuesFragmentDoc,
    "\n  query Execution($id: ID!) {\n    execution(id: $id) {\n      id status releaseRevision arguments exitCode exitMessage errorMessage runnerId platform pool\n      queuedAt startedAt endedAt cancelRequestedAt\n      task { name }\n      restartOf { id }\n      steps { ...StepRow }\n    }\n  }\n": types.ExecutionDocument,
    "\n  fragment StepRow on StepExecution {\n    name status readCount writeCount commitCount rollbackCount skipCount filterCount startedAt endedAt exitMessage\n  }\n": types.StepRowFragmentDoc,
    "\n  subscription ExecutionEvents($id: ID!) {\n    executionEvents(executionId: $id, replay: true) {\n      seq kind status cause at\n      log { seq stream text at }\n      step { ...StepRow }\n    }\n  }\n": types.ExecutionEventsDocument,
    "\n  query ExecutionLive($id: ID!) {\n    execution(id: $id) { id status exitCode exitMessage errorMessage runnerId startedAt endedAt }\n  }\n": types.ExecutionLiveDocument,
    "\n  mutation CancelExecution($id: ID!) { cancelExecution(id: $id) { id status } }\n": types.CancelExecutionDocument,
    "\n  mutation RestartExecution($id: ID!) { restartExecution(id: $id) { id status } }\n": types.RestartExecutionDocument,
    "\n  query Dags {\n    dags { name version definition maxParallel createdAt nodes { id } }\n  }\n": types.DagsDocument,
    "\n  query Dag($name: String!) {\n    dag(name: $name) {\n      name version definition maxParallel createdAt\n      nodes { id task label arguments }\n      edges { from to on }\n      versions { version definition createdAt createdBy }\n    }\n  }\n": types.DagDocument,
    "\n  query ParseDag($definition: String!) {\n    parseDag(definition: $definition) {\n      ok\n      nodes { id task label arguments }\n      edges { from to on }\n      errors { line column message expected }\n    }\n  }\n": types.ParseDagDocument,
    "\n  mutation CreateDag($input: CreateDagInput!) { createDag(input: $input) { name version } }\n": types.CreateDagDocument,
    "\n  mutation UpdateDag($input: UpdateDagInput!) { updateDag(input: $input) { name version } }\n": types.UpdateDagDocument,
    "\n  mutation LaunchDag($input: LaunchDagInput!) { launchDag(input: $input) { id status } }\n": types.LaunchDagDocument,
    "\n  fragment DagRunView on DagRun {\n    id status attempt version arguments createdAt endedAt errorMessage cancelRequestedAt\n    dag { name }\n    edges { from to on }\n    nodes {\n      node { id task label arguments }\n      status exitStatus startedAt endedAt\n      execution { id }\n      attempts { attempt status }\n    }\n  }\n": types.DagRunViewFragmentDoc,
    "\n  query DagRun($id: ID!) { dagRun(id: $id) { ...DagRunView } }\n": types.DagRunDocument,
    "\n  subscription DagRunEvents($id: ID!) { dagRunEvents(id: $id) { ...DagRunView } }\n": types.DagRunEventsDocument,
    "\n  mutation CancelDagRun($id: ID!) { cancelDagRun(id: $id) { id status } }\n": types.CancelDagRunDocument,
    "\n  mutation RestartDagRun($id: ID!) { restartDagRun(id: $id) { id status attempt } }\n": types.RestartDagRunDocument,
    "\n  fragment DagRunRow on DagRun {\n    id status attempt version arguments createdAt endedAt\n    dag { name }\n  }\n": types.DagRunRowFragmentDoc,
    "\n  query DagRuns($dag: String, $status: ExecutionStatus, $first: Int, $after: String) {\n    dagRuns(dag: $dag, status: $status, first: $first, after: $after) {\n      edges { cursor node { ...DagRunRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.DagRunsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview {\n    runners { id hostname platform pool capacity running lastHeartbeatAt startedAt }\n    running: executions(status: RUNNING, first: 100) { edges { node { id status startedAt queuedAt task { name } } } }\n    queued: executions(status: QUEUED, first: 100) { edges { node { id status queuedAt task { name } } } }\n    recent: executions(first: 500) { edges { node { id status queuedAt startedAt endedAt task { name } } } }\n  }\n"): typeof import('./graphql').OverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Apps {\n    apps { name createdAt defaultVersion { version } versions { version uri createdAt } }\n  }\n"): typeof import('./graphql').AppsDocument;
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
export function graphql(source: "\n  query Tasks {\n    tasks { name createdAt app { name } currentRelease { revision status appVersion { version } } }\n    apps { name versions { version } }\n    executions(first: 500) { edges { node { id status queuedAt endedAt task { name } } } }\n  }\n"): typeof import('./graphql').TasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { name } }\n"): typeof import('./graphql').CreateTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Task($name: String!) {\n    task(name: $name) {\n      name\n      createdAt\n      app { name versions { version uri } }\n      currentRelease { revision status manifest appVersion { version } }\n      releases { revision status kind createdBy reason createdAt sourceRevision failureReason appVersion { version } manifest }\n    }\n    executions(task: $name, first: 20) { edges { node { ...ExecutionRow } } }\n  }\n"): typeof import('./graphql').TaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExecutionRow on Execution {\n    id status releaseRevision arguments exitCode queuedAt startedAt endedAt task { name }\n  }\n"): typeof import('./graphql').ExecutionRowFragmentDoc;
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
export function graphql(source: "\n  query Executions(\n    $task: String\n    $status: ExecutionStatus\n    $since: DateTime\n    $until: DateTime\n    $first: Int\n    $after: String\n  ) {\n    executions(task: $task, status: $status, since: $since, until: $until, first: $first, after: $after) {\n      edges { cursor node { ...ExecutionRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').ExecutionsDocument;
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
export function graphql(source: "\n  query Execution($id: ID!) {\n    execution(id: $id) {\n      id status releaseRevision arguments exitCode exitMessage errorMessage runnerId platform pool\n      queuedAt startedAt endedAt cancelRequestedAt\n      task { name }\n      restartOf { id }\n      steps { ...StepRow }\n    }\n  }\n"): typeof import('./graphql').ExecutionDocument;
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
export function graphql(source: "\n  query ExecutionLive($id: ID!) {\n    execution(id: $id) { id status exitCode exitMessage errorMessage runnerId startedAt endedAt }\n  }\n"): typeof import('./graphql').ExecutionLiveDocument;
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
export function graphql(source: "\n  query Dags {\n    dags { name version definition maxParallel createdAt nodes { id } }\n  }\n"): typeof import('./graphql').DagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dag($name: String!) {\n    dag(name: $name) {\n      name version definition maxParallel createdAt\n      nodes { id task label arguments }\n      edges { from to on }\n      versions { version definition createdAt createdBy }\n    }\n  }\n"): typeof import('./graphql').DagDocument;
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
export function graphql(source: "\n  fragment DagRunView on DagRun {\n    id status attempt version arguments createdAt endedAt errorMessage cancelRequestedAt\n    dag { name }\n    edges { from to on }\n    nodes {\n      node { id task label arguments }\n      status exitStatus startedAt endedAt\n      execution { id }\n      attempts { attempt status }\n    }\n  }\n"): typeof import('./graphql').DagRunViewFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DagRun($id: ID!) { dagRun(id: $id) { ...DagRunView } }\n"): typeof import('./graphql').DagRunDocument;
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


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
