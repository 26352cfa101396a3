/* eslint-disable */
/* DO NOT EDIT: generated from services/control-plane/schema.graphql by `npm run gen -w web`. */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** What the console's About page shows: versions, control planes, database and NATS. */
export type About = {
  __typename?: 'About';
  /** Every control plane that answered within half a second, this one first; each with its own facts. */
  controlPlanes: Array<ControlPlaneInfo>;
  database: DatabaseInfo;
  nats: NatsInfo;
  /** Baton's version: this control plane's package version. */
  version: Scalars['String']['output'];
};

/** An API token (never the token itself, which is shown once at creation). */
export type ApiTokenInfo = {
  __typename?: 'ApiTokenInfo';
  createdAt: Scalars['DateTime']['output'];
  /** The subject that created it. */
  createdBy: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  grants: Array<GrantInfo>;
  /** The token's first characters, to tell tokens apart. */
  hint: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  serviceAccount: Scalars['Boolean']['output'];
  /** Who the token acts as: a user's subject or service:<name>. */
  subject: Scalars['String']['output'];
  subjectName: Scalars['String']['output'];
};

/** A registered program that tasks run, with its versions. */
export type App = {
  __typename?: 'App';
  createdAt: Scalars['DateTime']['output'];
  defaultVersion?: Maybe<AppVersion>;
  name: Scalars['String']['output'];
  versions: Array<AppVersion>;
};

/** One version of an app: where its program lives. */
export type AppVersion = {
  __typename?: 'AppVersion';
  app: App;
  createdAt: Scalars['DateTime']['output'];
  /** The live tasks whose releases use this version, by task name. */
  tasks: Array<AppVersionUse>;
  /** file:///absolute/path or docker:image:tag */
  uri: Scalars['String']['output'];
  version: Scalars['String']['output'];
  /** Problems worth knowing before a task runs this version: a file: program missing on this control plane's host, a version that is not semver, an image no live runner can run. */
  warnings: Array<RegistryWarning>;
};

/** A live task whose release revisions use an app version. */
export type AppVersionUse = {
  __typename?: 'AppVersionUse';
  /** Whether the task's current revision uses this version. */
  current: Scalars['Boolean']['output'];
  /** The task's release revisions on this version, oldest first. */
  revisions: Array<Scalars['Int']['output']>;
  /** The task's name. */
  task: Scalars['String']['output'];
};

export type AuditConnection = {
  __typename?: 'AuditConnection';
  edges: Array<AuditEdge>;
  pageInfo: PageInfo;
};

export type AuditEdge = {
  __typename?: 'AuditEdge';
  cursor: Scalars['String']['output'];
  node: AuditRecord;
};

export type AuditFilterInput = {
  action?: InputMaybe<Scalars['String']['input']>;
  actor?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  target?: InputMaybe<Scalars['String']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

/** One mutation: who did what, when, with which input (secrets masked). */
export type AuditRecord = {
  __typename?: 'AuditRecord';
  /** The mutation's name, e.g. upgradeTask. */
  action: Scalars['String']['output'];
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  correlationId: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The mutation's input; the values of secret-named keys (a word such as password, secret, token, credentials, or apiKey / accessKey / privateKey) are ***. idempotencyKey and other keys stay in clear. */
  input: Scalars['JSON']['output'];
  /** What it acted on: a task name, app@version or execution id. */
  target?: Maybe<Scalars['String']['output']>;
};

export type BackfillResult = {
  __typename?: 'BackfillResult';
  /** Fire times that had fired or been backfilled before: not started again. */
  alreadyFired: Scalars['Int']['output'];
  /** New fires: started, or waiting for a slot (maxConcurrent). */
  created: Scalars['Int']['output'];
  /** Fire times in the range. */
  fireTimes: Scalars['Int']['output'];
  /** The range's fires, oldest first. */
  fires: Array<ScheduleFire>;
};

export type BackfillScheduleInput = {
  /** First fire time included. */
  from: Scalars['DateTime']['input'];
  /** Runs of the schedule active at once; the rest wait. Default: all. */
  maxConcurrent?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  /** Last fire time included; not in the future. */
  to: Scalars['DateTime']['input'];
};

/** One control plane, in its own words. */
export type ControlPlaneInfo = {
  __typename?: 'ControlPlaneInfo';
  hostname: Scalars['String']['output'];
  /** Its BATON_INSTANCE_ID. */
  instance: Scalars['String']['output'];
  /** Whether it held the leader lock when it answered. */
  leader: Scalars['Boolean']['output'];
  pid: Scalars['Int']['output'];
  /** When its process started. */
  startedAt: Scalars['DateTime']['output'];
  /** Its package version. */
  version: Scalars['String']['output'];
};

export type CreateApiTokenInput = {
  /** Days until it expires; default 90 (at most BATON_API_TOKEN_MAX_DAYS). */
  expiresInDays?: InputMaybe<Scalars['Int']['input']>;
  /** Its roles (no more than yours); default: all of yours. */
  grants?: InputMaybe<Array<GrantInput>>;
  /** What the token is for, e.g. nightly-export. */
  name: Scalars['String']['input'];
  /** Create it for this service account instead of yourself (MANAGE). */
  serviceAccount?: InputMaybe<Scalars['String']['input']>;
};

export type CreateDagInput = {
  /** SCDF composed-task DSL, e.g. `extract && <report || export> && notify`. */
  definition: Scalars['String']['input'];
  /** At most this many of the DAG's node executions at once, across all its runs (the rest wait QUEUED). */
  maxConcurrent?: InputMaybe<Scalars['Int']['input']>;
  /** At most this many nodes of one run at once. */
  maxParallel?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  /** Per node (by id: its label, or its task name): deployment properties laid over the task's when the node runs, as a launch's are. E.g. {"load": {"retry": {"maxAttempts": 3}, "priority": 5}}. */
  nodeProperties?: InputMaybe<Scalars['JSON']['input']>;
};

export type CreateScheduleInput = {
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  /** 5 fields (minute hour day month weekday), 6 with seconds first, or @daily, @hourly...; L, W, # allowed. */
  cron: Scalars['String']['input'];
  /** The DAG to start (give task or dag). */
  dag?: InputMaybe<Scalars['String']['input']>;
  /** Default true. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** No fire after this time. */
  endAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** SKIP | RUN_ONCE (default) | RUN_ALL */
  misfire?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** ALLOW (default) | SKIP | QUEUE */
  overlap?: InputMaybe<Scalars['String']['input']>;
  /** Deployment properties for the task's runs. */
  properties?: InputMaybe<Scalars['JSON']['input']>;
  /** No fire before this time. */
  startAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** The task to start (give task or dag). */
  task?: InputMaybe<Scalars['String']['input']>;
  /** IANA time zone, default UTC. */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type CreateTaskInput = {
  /** The registered app to run. */
  app: Scalars['String']['input'];
  /** Default arguments, before those given at launch. */
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  name: Scalars['String']['input'];
  /** Deployment properties: env, cpu, memory, timeoutSeconds, graceSeconds, platform, pool. */
  properties?: InputMaybe<Scalars['JSON']['input']>;
  /** App version; the app's default when omitted. */
  version?: InputMaybe<Scalars['String']['input']>;
};

export type CreateTriggerInput = {
  /** Templates: "--date={{ .date }}". */
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The DAG to start (give task or dag). */
  dag?: InputMaybe<Scalars['String']['input']>;
  /** Dedup key template, e.g. "{{ .requestId }}". */
  dedupKey?: InputMaybe<Scalars['String']['input']>;
  /** Seconds a key counts as seen; default: while its run is active. */
  dedupWindowSeconds?: InputMaybe<Scalars['Int']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
  /** Deployment properties; string values may be templates. */
  properties?: InputMaybe<Scalars['JSON']['input']>;
  /** An exact NATS subject such as orders.export.requested; omit for a webhook-only trigger. */
  subject?: InputMaybe<Scalars['String']['input']>;
  /** The task to start (give task or dag). */
  task?: InputMaybe<Scalars['String']['input']>;
};

export type CreatedApiToken = {
  __typename?: 'CreatedApiToken';
  apiToken: ApiTokenInfo;
  /** The token: shown this once, never again. Send it as Authorization: Bearer <token>. */
  token: Scalars['String']['output'];
};

/** A cron expression checked without saving anything. */
export type CronPreview = {
  __typename?: 'CronPreview';
  /** The cron in words. */
  description?: Maybe<Scalars['String']['output']>;
  /** Where and why it is invalid. */
  error?: Maybe<Scalars['String']['output']>;
  nextFireTimes: Array<Scalars['DateTime']['output']>;
  timezone: Scalars['String']['output'];
  valid: Scalars['Boolean']['output'];
};

/** A composed task in Spring Cloud Data Flow's DSL, versioned. */
export type Dag = {
  __typename?: 'Dag';
  createdAt: Scalars['DateTime']['output'];
  definition: Scalars['String']['output'];
  edges: Array<DagEdge>;
  /** At most this many node executions at once across all runs. */
  maxConcurrent?: Maybe<Scalars['Int']['output']>;
  /** At most this many nodes run at once; null = unbounded. */
  maxParallel?: Maybe<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
  nodes: Array<DagNode>;
  /** The current version. */
  version: Scalars['Int']['output'];
  /** Newest first; first / before page them by version. */
  versions: Array<DagVersionInfo>;
};


/** A composed task in Spring Cloud Data Flow's DSL, versioned. */
export type DagVersionsArgs = {
  before?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** from -> to; on: null = always (sequence, fork, join), else the exit status it matches, or *. */
export type DagEdge = {
  __typename?: 'DagEdge';
  from: Scalars['ID']['output'];
  on?: Maybe<Scalars['String']['output']>;
  to: Scalars['ID']['output'];
};

/** Where and why a definition is wrong (1-based). */
export type DagError = {
  __typename?: 'DagError';
  column: Scalars['Int']['output'];
  expected?: Maybe<Array<Scalars['String']['output']>>;
  line: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

/** A node of a DAG: one task run, with its label and DSL arguments. */
export type DagNode = {
  __typename?: 'DagNode';
  arguments: Array<Scalars['String']['output']>;
  /** The label, or the task name when there is none. */
  id: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  /** The DAG's nodeProperties for this node. */
  properties?: Maybe<Scalars['JSON']['output']>;
  task: Scalars['String']['output'];
};

export type DagNodeAttempt = {
  __typename?: 'DagNodeAttempt';
  attempt: Scalars['Int']['output'];
  execution: Execution;
  /** What transitions matched: the exit message, else COMPLETED / FAILED. */
  exitStatus?: Maybe<Scalars['String']['output']>;
  status: ExecutionStatus;
};

/** A node within one run: its current attempt and all earlier ones. */
export type DagNodeRun = {
  __typename?: 'DagNodeRun';
  attempts: Array<DagNodeAttempt>;
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  execution?: Maybe<Execution>;
  exitStatus?: Maybe<Scalars['String']['output']>;
  node: DagNode;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** null = not run (yet) */
  status?: Maybe<ExecutionStatus>;
};

export type DagParseResult = {
  __typename?: 'DagParseResult';
  edges: Array<DagEdge>;
  errors: Array<DagError>;
  nodes: Array<DagNode>;
  ok: Scalars['Boolean']['output'];
};

/** One run of a DAG, pinned to the DAG version it started with. */
export type DagRun = {
  __typename?: 'DagRun';
  arguments: Array<Scalars['String']['output']>;
  /** 1, then +1 for each restartDagRun. */
  attempt: Scalars['Int']['output'];
  cancelRequestedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  dag: Dag;
  /** The edges of the version this run is pinned to. */
  edges: Array<DagEdge>;
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Why the run failed when no node says it. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  /** Every node of the pinned version, in definition order. */
  nodes: Array<DagNodeRun>;
  /** Why it started. */
  origin: Origin;
  status: ExecutionStatus;
  version: Scalars['Int']['output'];
};

export type DagRunConnection = {
  __typename?: 'DagRunConnection';
  edges: Array<DagRunEdge>;
  pageInfo: PageInfo;
};

export type DagRunEdge = {
  __typename?: 'DagRunEdge';
  cursor: Scalars['String']['output'];
  node: DagRun;
};

export type DagVersionInfo = {
  __typename?: 'DagVersionInfo';
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  definition: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

/** The PostgreSQL this control plane uses; never its user or password. */
export type DatabaseInfo = {
  __typename?: 'DatabaseInfo';
  /** From DATABASE_URL: the host (or the socket directory of ?host=). */
  host: Scalars['String']['output'];
  /** From DATABASE_URL: the database's name. */
  name: Scalars['String']['output'];
  /** From DATABASE_URL; null when it names none (then 5432). */
  port?: Maybe<Scalars['Int']['output']>;
  /** e.g. PostgreSQL 16.4 */
  version: Scalars['String']['output'];
};

/** One variable of a run's environment. */
export type EnvironmentVariable = {
  __typename?: 'EnvironmentVariable';
  /** True when the value is not shown. */
  masked: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  /** Where the runner reads a secret's value: "env:NAME", "file:/path" or "kubernetes:secret/key". */
  secretReference?: Maybe<Scalars['String']['output']>;
  /** The value; *** when the name is a secret's (the audit log's rules); null for a secret (only its reference is stored). */
  value?: Maybe<Scalars['String']['output']>;
};

/** One run of a task. */
export type Execution = {
  __typename?: 'Execution';
  arguments: Array<Scalars['String']['output']>;
  /** The runner admission gave it to. */
  assignedRunnerId?: Maybe<Scalars['String']['output']>;
  /** 1 for a launch; 2, 3... for its retries. */
  attempt: Scalars['Int']['output'];
  /** Every attempt of this launch (itself included), first first. */
  attempts: Array<Execution>;
  cancelRequestedAt?: Maybe<Scalars['DateTime']['output']>;
  /** At most concurrencyLimit runs with this key run at once. */
  concurrencyKey?: Maybe<Scalars['String']['output']>;
  concurrencyLimit: Scalars['Int']['output'];
  /** The CPU it requests, like 500m or 2. */
  cpu?: Maybe<Scalars['String']['output']>;
  /** When admission gave it to a runner. */
  dispatchedAt?: Maybe<Scalars['DateTime']['output']>;
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  errorMessage?: Maybe<Scalars['String']['output']>;
  exitCode?: Maybe<Scalars['Int']['output']>;
  /** The exit message the task reported (a DAG transition can match it). */
  exitMessage?: Maybe<Scalars['String']['output']>;
  /** Still QUEUED at this time, it ends EXPIRED. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  /** The deployment properties given at launch, before the merge over the task's (secret-named values masked); null when none were given. relaunchExecution runs with them again. */
  launchProperties?: Maybe<Scalars['JSON']['output']>;
  /** Oldest first: the last `tail` lines, or all (up to 50,000). With `after`: the lines after that seq, at most `first` (10,000 a page); page on from the last line's seq until a page is empty. */
  logs: Array<LogLine>;
  /** When retention deleted this run's log lines (BATON_LOG_RETENTION_DAYS or the task's logDays); its status and step events stay, so its events have gaps where the lines were. */
  logsExpiredAt?: Maybe<Scalars['DateTime']['output']>;
  /** The memory it requests, like 512Mi. */
  memory?: Maybe<Scalars['String']['output']>;
  /** Not started before this time (a retry's backoff). */
  notBefore?: Maybe<Scalars['DateTime']['output']>;
  /** Why it started. */
  origin: Origin;
  /** local, docker or kubernetes */
  platform: Scalars['String']['output'];
  pool: Scalars['String']['output'];
  /** Higher runs first (properties.priority, -1000 to 1000; default 0). */
  priority: Scalars['Int']['output'];
  /** While QUEUED: its place in its pool's line (1 = next). */
  queuePosition?: Maybe<Scalars['Int']['output']>;
  queuedAt: Scalars['DateTime']['output'];
  /** The release revision this run is pinned to. */
  releaseRevision: Scalars['Int']['output'];
  /** The execution this one restarted. */
  restartOf?: Maybe<Execution>;
  /** Where a restart of this run would pick up: the steps it skips and the checkpoints it gets. */
  resumePoint: ResumePoint;
  /** The attempt this one retries. */
  retryOf?: Maybe<Execution>;
  /** What it was given to start: program, arguments, limits and environment (credentials masked). */
  runSpec: RunSpec;
  /** The runner that claimed it. */
  runnerId?: Maybe<Scalars['String']['output']>;
  /** Labels its runner must have. */
  runnerLabels?: Maybe<Scalars['JSON']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: ExecutionStatus;
  steps: Array<StepExecution>;
  task: TaskDefinition;
  /** While QUEUED: why it waits ("task limit 2 reached", "no runner with 8Gi free"...). */
  waitReason?: Maybe<Scalars['String']['output']>;
};


/** One run of a task. */
export type ExecutionLogsArgs = {
  after?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  tail?: InputMaybe<Scalars['Int']['input']>;
};

export type ExecutionConnection = {
  __typename?: 'ExecutionConnection';
  edges: Array<ExecutionEdge>;
  pageInfo: PageInfo;
};

export type ExecutionEdge = {
  __typename?: 'ExecutionEdge';
  cursor: Scalars['String']['output'];
  node: Execution;
};

/** One numbered event of an execution: a status change, a log line or a step update. */
export type ExecutionEvent = {
  __typename?: 'ExecutionEvent';
  at: Scalars['DateTime']['output'];
  /** Why the status changed (STATUS events). */
  cause?: Maybe<Scalars['String']['output']>;
  executionId: Scalars['ID']['output'];
  /** STATUS, LOG or STEP */
  kind: Scalars['String']['output'];
  log?: Maybe<LogLine>;
  /** 1, 2, 3... per execution, delivered in order with no gaps. */
  seq: Scalars['Int']['output'];
  status?: Maybe<ExecutionStatus>;
  step?: Maybe<StepExecution>;
};

export type ExecutionStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DISPATCHED'
  | 'EXPIRED'
  | 'FAILED'
  | 'LOST'
  | 'QUEUED'
  | 'RUNNING'
  | 'TIMED_OUT';

/** One role, on every task and DAG or only on those whose name starts with prefix. */
export type GrantInfo = {
  __typename?: 'GrantInfo';
  /** Task and DAG names starting with this; null: all. */
  prefix?: Maybe<Scalars['String']['output']>;
  role: Role;
};

export type GrantInput = {
  /** Limit the role to task and DAG names starting with this. */
  prefix?: InputMaybe<Scalars['String']['input']>;
  role: Role;
};

export type ImportAppRegistryInput = {
  /** Spring Cloud Data Flow's bulk registry format: task.<name>=<uri> lines. */
  properties: Scalars['String']['input'];
};

export type ImportDefinitionsInput = {
  /** A document as exportDefinitions writes it (apiVersion baton/v1). */
  yaml: Scalars['String']['input'];
};

export type ImportSummary = {
  __typename?: 'ImportSummary';
  appVersionsRegistered: Scalars['Int']['output'];
  /** DAGs the document added. */
  dagsCreated: Scalars['Int']['output'];
  dagsUnchanged: Scalars['Int']['output'];
  /** DAGs given a new version (a changed definition) or a new maxParallel. */
  dagsUpdated: Scalars['Int']['output'];
  /** What to do next, for example: how to get the secret of a trigger the import created. */
  notes: Array<Scalars['String']['output']>;
  schedulesCreated: Scalars['Int']['output'];
  schedulesUnchanged: Scalars['Int']['output'];
  schedulesUpdated: Scalars['Int']['output'];
  /** Lines that were not imported, and why (for example stream apps). */
  skipped: Array<Scalars['String']['output']>;
  tasksCreated: Scalars['Int']['output'];
  tasksUnchanged: Scalars['Int']['output'];
  /** Tasks whose retention changed, with no new revision. */
  tasksUpdated: Scalars['Int']['output'];
  tasksUpgraded: Scalars['Int']['output'];
  /** Each gets a new webhook secret, not shown: rotateTriggerSecret gives one. */
  triggersCreated: Scalars['Int']['output'];
  triggersUnchanged: Scalars['Int']['output'];
  triggersUpdated: Scalars['Int']['output'];
};

export type LaunchDagInput = {
  /** Appended to every node's arguments. */
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};

export type LaunchTaskInput = {
  /** Appended to the task's default arguments; each reaches the program as one argv element. */
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The same key for the same task returns the first execution. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Deployment properties for this run, over the task's. */
  properties?: InputMaybe<Scalars['JSON']['input']>;
  task: Scalars['String']['input'];
};

export type LogLine = {
  __typename?: 'LogLine';
  at: Scalars['DateTime']['output'];
  /** The event seq of this line within its execution. */
  seq: Scalars['Int']['output'];
  /** stdout, stderr, system, or combined (stdout and stderr as one stream, from a platform that merges them: Kubernetes) */
  stream: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

/** One difference between two manifests. */
export type ManifestChange = {
  __typename?: 'ManifestChange';
  from?: Maybe<Scalars['JSON']['output']>;
  /** added, removed or changed */
  kind: Scalars['String']['output'];
  /** e.g. version, properties.env.REGION, arguments[1] */
  path: Scalars['String']['output'];
  to?: Maybe<Scalars['JSON']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** One run per fire time in [from, to]; fire times that already ran are not started again. */
  backfillSchedule: BackfillResult;
  /** Cancels every running node; nothing new starts. */
  cancelDagRun: DagRun;
  /** Stops the run (its whole process group) and records CANCELLED. */
  cancelExecution: Execution;
  /** A token for scripts, with roles no larger than yours and an expiry; the token is shown once. */
  createApiToken: CreatedApiToken;
  createDag: Dag;
  createSchedule: Schedule;
  /** Defines a task from an app version; creates release revision 1. */
  createTask: TaskDefinition;
  /** The answer carries the webhook secret, shown only here and on rotate. */
  createTrigger: Trigger;
  deleteDag: Scalars['Boolean']['output'];
  deleteSchedule: Scalars['Boolean']['output'];
  /** Deletes a task definition; its executions and releases are kept as history. */
  deleteTask: Scalars['Boolean']['output'];
  deleteTrigger: Scalars['Boolean']['output'];
  /** Stops giving the runner new runs (for maintenance); what it runs finishes. resumeRunner undoes it. */
  drainRunner: RunnerInfo;
  /** Registers every task app of an SCDF registry file, all or nothing. */
  importAppRegistry: ImportSummary;
  /** Applies a definitions document: registers versions, creates or upgrades tasks, creates or updates DAGs, schedules and triggers. Checked in full first, so a refused document changes nothing; importing the same document again changes nothing. Nothing is deleted. */
  importDefinitions: ImportSummary;
  /** Starts a run of the DAG's current version. */
  launchDag: DagRun;
  /** Queues a run of the task's current release. */
  launchTask: Execution;
  /** Adds a version to an app, creating the app on first use. */
  registerApp: AppVersion;
  /** A new run of an ended execution's task (its current release) with the same arguments and launch properties, either changed by the input. */
  relaunchExecution: Execution;
  /** Reruns the failed or cancelled nodes and everything after them; completed nodes are kept. */
  restartDagRun: DagRun;
  /** A new run of the same revision and arguments, resuming from the last checkpoint. */
  restartExecution: Execution;
  /** The runner takes new runs again. */
  resumeRunner: RunnerInfo;
  /** Stops the token working at once, open subscriptions included. */
  revokeApiToken: ApiTokenInfo;
  /** Revision n+1 whose manifest is a copy of an earlier one (default: the previous). */
  rollbackTask: Release;
  /** A new webhook secret (in the answer); the old one stops working. */
  rotateTriggerSecret: Trigger;
  /** Makes a registered version the app's default (used by createTask without a version). */
  setDefaultAppVersion: App;
  /** At most maxConcurrent runs of the pool at once; null removes the limit. */
  setPoolLimit: PoolInfo;
  /** Sets how long the task's history is kept; null fields use the global BATON_RETENTION_* settings. */
  setTaskRetention: TaskDefinition;
  /** Removes a version no task's current release uses. */
  unregisterAppVersion: Scalars['Boolean']['output'];
  /** A new version; runs in progress keep theirs. */
  updateDag: Dag;
  /** Changes the fields given; enabled false pauses, true resumes. */
  updateSchedule: Schedule;
  updateTrigger: Trigger;
  /** Revision n+1 with another app version and/or properties; the previous one becomes SUPERSEDED. With verify, it runs once first and becomes DEPLOYED only if that run completes (otherwise FAILED). */
  upgradeTask: Release;
};


export type MutationBackfillScheduleArgs = {
  input: BackfillScheduleInput;
};


export type MutationCancelDagRunArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateApiTokenArgs = {
  input: CreateApiTokenInput;
};


export type MutationCreateDagArgs = {
  input: CreateDagInput;
};


export type MutationCreateScheduleArgs = {
  input: CreateScheduleInput;
};


export type MutationCreateTaskArgs = {
  input: CreateTaskInput;
};


export type MutationCreateTriggerArgs = {
  input: CreateTriggerInput;
};


export type MutationDeleteDagArgs = {
  name: Scalars['String']['input'];
};


export type MutationDeleteScheduleArgs = {
  name: Scalars['String']['input'];
};


export type MutationDeleteTaskArgs = {
  name: Scalars['String']['input'];
};


export type MutationDeleteTriggerArgs = {
  name: Scalars['String']['input'];
};


export type MutationDrainRunnerArgs = {
  id: Scalars['String']['input'];
};


export type MutationImportAppRegistryArgs = {
  input: ImportAppRegistryInput;
};


export type MutationImportDefinitionsArgs = {
  input: ImportDefinitionsInput;
};


export type MutationLaunchDagArgs = {
  input: LaunchDagInput;
};


export type MutationLaunchTaskArgs = {
  input: LaunchTaskInput;
};


export type MutationRegisterAppArgs = {
  input: RegisterAppInput;
};


export type MutationRelaunchExecutionArgs = {
  input: RelaunchExecutionInput;
};


export type MutationRestartDagRunArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRestartExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResumeRunnerArgs = {
  id: Scalars['String']['input'];
};


export type MutationRevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRollbackTaskArgs = {
  input: RollbackTaskInput;
};


export type MutationRotateTriggerSecretArgs = {
  name: Scalars['String']['input'];
};


export type MutationSetDefaultAppVersionArgs = {
  input: SetDefaultAppVersionInput;
};


export type MutationSetPoolLimitArgs = {
  maxConcurrent?: InputMaybe<Scalars['Int']['input']>;
  pool: Scalars['String']['input'];
};


export type MutationSetTaskRetentionArgs = {
  retention: RetentionInput;
  task: Scalars['String']['input'];
};


export type MutationUnregisterAppVersionArgs = {
  input: UnregisterAppVersionInput;
};


export type MutationUpdateDagArgs = {
  input: UpdateDagInput;
};


export type MutationUpdateScheduleArgs = {
  input: UpdateScheduleInput;
};


export type MutationUpdateTriggerArgs = {
  input: UpdateTriggerInput;
};


export type MutationUpgradeTaskArgs = {
  input: UpgradeTaskInput;
};

/** The NATS server this control plane is connected to. */
export type NatsInfo = {
  __typename?: 'NatsInfo';
  jetStream: Scalars['Boolean']['output'];
  serverName: Scalars['String']['output'];
  /** host:port, never credentials */
  url: Scalars['String']['output'];
  /** the server's version */
  version: Scalars['String']['output'];
};

/** Why a run started. */
export type Origin = {
  __typename?: 'Origin';
  /** Who launched, restarted or upgraded (MANUAL, RESTART, VERIFY). */
  actor?: Maybe<Scalars['String']['output']>;
  /** The DAG run this node execution belongs to (kind DAG). */
  dagRunId?: Maybe<Scalars['ID']['output']>;
  /** SCHEDULED, MISFIRE or BACKFILL. */
  fireKind?: Maybe<Scalars['String']['output']>;
  kind: OriginKind;
  /** The trigger's message: stream:<seq> or the webhook delivery id. */
  messageId?: Maybe<Scalars['String']['output']>;
  /** The schedule, trigger or DAG, by name. */
  name?: Maybe<Scalars['String']['output']>;
  /** The execution this manual run relaunched (relaunchExecution). */
  relaunchOf?: Maybe<Scalars['ID']['output']>;
  /** The execution this one restarted (kind RESTART). */
  restartOf?: Maybe<Scalars['ID']['output']>;
  /** The schedule (kind SCHEDULE). */
  schedule?: Maybe<Scalars['String']['output']>;
  /** The fire time; the program gets it as BATON_SCHEDULED_TIME. */
  scheduledTime?: Maybe<Scalars['DateTime']['output']>;
  /** The trigger (kind TRIGGER). */
  trigger?: Maybe<Scalars['String']['output']>;
};

/** Why a run started: by hand, a schedule, a trigger, as a DAG node, a restart, or an upgrade's verification. */
export type OriginKind =
  | 'DAG'
  | 'MANUAL'
  | 'RESTART'
  | 'SCHEDULE'
  | 'TRIGGER'
  | 'VERIFY';

/** The fleet at a glance, counted in Postgres (no rows are fetched): what is active now, what ended and what was queued within the window [since, until]. */
export type Overview = {
  __typename?: 'Overview';
  /** Executions not ended, whenever queued: every one of QUEUED, DISPATCHED and RUNNING, zeros included. */
  active: Array<StatusCount>;
  /** Executions queued within the window, per hour from the hour of since to the hour of until (the first and last are partial), empty hours included. */
  buckets: Array<OverviewBucket>;
  /** Executions that ended within the window, for every terminal status, zeros included. */
  ended: Array<StatusCount>;
  /** Executions that ended FAILED, TIMED_OUT, LOST or EXPIRED within the window. */
  failed: Scalars['Int']['output'];
  /** The window's length in hours. */
  hours: Scalars['Int']['output'];
  /** Runners heard from within the LOST delay (what runners returns by default). */
  runners: Scalars['Int']['output'];
  /** The window's start: until minus hours. */
  since: Scalars['DateTime']['output'];
  /** The database's now, when this was counted. */
  until: Scalars['DateTime']['output'];
};

/** Executions queued within one hour (UTC), by their status now. */
export type OverviewBucket = {
  __typename?: 'OverviewBucket';
  /** Non-zero counts only, in lifecycle order. */
  counts: Array<StatusCount>;
  /** The hour's start. */
  start: Scalars['DateTime']['output'];
  /** Executions queued within this hour (and the window). */
  total: Scalars['Int']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** A pool of runners and its optional limit on runs at once. */
export type PoolInfo = {
  __typename?: 'PoolInfo';
  /** At most this many runs of the pool at once; null: the runners' slots only. */
  maxConcurrent?: Maybe<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
};

/** What waits in one pool. */
export type PoolQueue = {
  __typename?: 'PoolQueue';
  /** Why the oldest run waits. */
  blockingReason?: Maybe<Scalars['String']['output']>;
  maxConcurrent?: Maybe<Scalars['Int']['output']>;
  oldestQueuedAt: Scalars['DateTime']['output'];
  /** How long the oldest run has waited, in seconds. */
  oldestWaitSeconds: Scalars['Float']['output'];
  pool: Scalars['String']['output'];
  queued: Scalars['Int']['output'];
  /** Runs given to a runner and not ended. */
  running: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Baton's version, every control plane that answers over NATS (this one first), and the database and NATS server in use, without credentials. */
  about: About;
  /** Your API tokens and those you made for service accounts (an admin with MANAGE sees all). */
  apiTokens: Array<ApiTokenInfo>;
  app?: Maybe<App>;
  /** Apps by name; first / after / search page and filter them. */
  apps: Array<App>;
  /** The audit trail, newest first. */
  auditRecords: AuditConnection;
  dag?: Maybe<Dag>;
  dagRun?: Maybe<DagRun>;
  /** DAG runs, newest first. */
  dagRuns: DagRunConnection;
  /** Live DAGs by name; first / after / search page and filter them. */
  dags: Array<Dag>;
  execution?: Maybe<Execution>;
  /** Newest first. */
  executions: ExecutionConnection;
  /** Every app, version, task (current manifest), DAG (current definition), schedule and trigger (never its secret) as one YAML document, for backup and GitOps. */
  exportDefinitions: Scalars['String']['output'];
  /** Who you are to the API and what you may do (the console hides the rest). */
  me: Viewer;
  /** Counts for the console's overview over the last `hours` (1 to 744), aggregated in Postgres. */
  overview: Overview;
  /** Checks a definition without saving it: the graph, or errors with line and column. */
  parseDag: DagParseResult;
  /** Pools that have a limit set (setPoolLimit). */
  pools: Array<PoolInfo>;
  /** Checks a cron expression and time zone without saving anything. */
  previewCron: CronPreview;
  /** What waits, per pool and per task: how many, the oldest wait, and why. */
  queue: QueueSummary;
  /** What changed in the manifest between two revisions of a task. */
  releaseDiff: ReleaseDiff;
  /** Runners heard from within the LOST delay; with includeOffline, every runner ever seen. */
  runners: Array<RunnerInfo>;
  schedule?: Maybe<Schedule>;
  /** All schedules by name; first / after / search page and filter them. */
  schedules: Array<Schedule>;
  /** Per-step statistics over the task's last executions (default 100). */
  stepStatistics: Array<StepStatistics>;
  task?: Maybe<TaskDefinition>;
  /** Live (not deleted) tasks by name; first / after / search page and filter them. */
  tasks: Array<TaskDefinition>;
  trigger?: Maybe<Trigger>;
  /** All triggers by name; first / after / search page and filter them. */
  triggers: Array<Trigger>;
};


export type QueryAppArgs = {
  name: Scalars['String']['input'];
};


export type QueryAppsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAuditRecordsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditFilterInput>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDagArgs = {
  name: Scalars['String']['input'];
};


export type QueryDagRunArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDagRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  dag?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  origin?: InputMaybe<OriginKind>;
  originName?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ExecutionStatus>;
};


export type QueryDagsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryExecutionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryExecutionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  origin?: InputMaybe<OriginKind>;
  originName?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  status?: InputMaybe<ExecutionStatus>;
  task?: InputMaybe<Scalars['String']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryOverviewArgs = {
  hours?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryParseDagArgs = {
  definition: Scalars['String']['input'];
};


export type QueryPreviewCronArgs = {
  cron: Scalars['String']['input'];
  n?: InputMaybe<Scalars['Int']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
};


export type QueryReleaseDiffArgs = {
  from: Scalars['Int']['input'];
  task: Scalars['String']['input'];
  to: Scalars['Int']['input'];
};


export type QueryRunnersArgs = {
  includeOffline?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryScheduleArgs = {
  name: Scalars['String']['input'];
};


export type QuerySchedulesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryStepStatisticsArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
  task: Scalars['String']['input'];
};


export type QueryTaskArgs = {
  name: Scalars['String']['input'];
};


export type QueryTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryTriggerArgs = {
  name: Scalars['String']['input'];
};


export type QueryTriggersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

/** The queue: per pool and per task, how much waits, for how long, and why. */
export type QueueSummary = {
  __typename?: 'QueueSummary';
  pools: Array<PoolQueue>;
  tasks: Array<TaskQueue>;
};

export type RegisterAppInput = {
  /** Make this the app's default version (the first version always is). */
  makeDefault?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
  /** file:///abs/path (.js/.mjs/.cjs node, .jar java -jar, .sh bash, .py python3, else executed) or docker:image:tag */
  uri: Scalars['String']['input'];
  version: Scalars['String']['input'];
};

/** A problem a user should know about a registered version; it is registered anyway. */
export type RegistryWarning = {
  __typename?: 'RegistryWarning';
  /** What kind of problem, for clients to act on. */
  code: RegistryWarningCode;
  /** What is wrong, where it was looked for, and what to do. */
  message: Scalars['String']['output'];
};

/** What kind of problem a registered app version has. */
export type RegistryWarningCode =
  /** The file: program is not a regular file on the host of the control plane that answered. */
  | 'MISSING_FILE'
  /** The version is not semver; Baton never compares versions. */
  | 'NOT_SEMVER'
  /** A docker: image while no live runner (docker or kubernetes) can run containers. */
  | 'NO_RUNNER'
  /** The file: program could not be checked (permission denied, say). */
  | 'UNCHECKABLE_FILE';

export type RelaunchExecutionInput = {
  /** Instead of the execution's arguments (after the task's defaults); omitted or null: the same ones. */
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  /** An ended execution. */
  id: Scalars['ID']['input'];
  /** Laid over the properties the execution was launched with (env and secrets key by key, other fields whole); the result goes over the task's as at launch. */
  properties?: InputMaybe<Scalars['JSON']['input']>;
};

/** One revision of a task's release history (Skipper's model). */
export type Release = {
  __typename?: 'Release';
  appVersion: AppVersion;
  createdAt: Scalars['DateTime']['output'];
  /** Who made this revision (X-Baton-Actor until single sign-on). */
  createdBy: Scalars['String']['output'];
  /** Why verification failed (status FAILED). */
  failureReason?: Maybe<Scalars['String']['output']>;
  /** CREATE, UPGRADE or ROLLBACK */
  kind: Scalars['String']['output'];
  /** app, version, uri, properties and arguments this revision runs with */
  manifest: Scalars['JSON']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  revision: Scalars['Int']['output'];
  /** For a rollback: the revision whose manifest was copied. */
  sourceRevision?: Maybe<Scalars['Int']['output']>;
  status: ReleaseStatus;
  /** The run that verified this revision, if any. */
  verifyExecution?: Maybe<Execution>;
};

export type ReleaseDiff = {
  __typename?: 'ReleaseDiff';
  changes: Array<ManifestChange>;
  from: Release;
  to: Release;
};

export type ReleaseStatus =
  | 'DEPLOYED'
  | 'FAILED'
  | 'PENDING'
  | 'SUPERSEDED';

/** Where a restart of this run would pick up (Spring Batch's restart from the last checkpoint). */
export type ResumePoint = {
  __typename?: 'ResumePoint';
  /** Each step's last checkpoint, by step name, secret-named values masked (the restart gets them as reported). */
  checkpoints: Scalars['JSON']['output'];
  /** Steps that completed in this run or in the runs it restarted: skipped. */
  completedSteps: Array<Scalars['String']['output']>;
};

/** A task's retention; a field left out or null uses the global setting. */
export type RetentionInput = {
  /** Days after an execution ends before it is deleted; 0: forever. */
  days?: InputMaybe<Scalars['Int']['input']>;
  /** Days after a run ends before its log lines go; 0: as the execution. */
  logDays?: InputMaybe<Scalars['Int']['input']>;
  /** Keep only the last this many runs; 0: no count limit. */
  runs?: InputMaybe<Scalars['Int']['input']>;
};

/** What is kept of a task's history (0: that limit is off). */
export type RetentionPolicy = {
  __typename?: 'RetentionPolicy';
  /** Executions are deleted this many days after they end; 0 keeps them forever. */
  days: Scalars['Int']['output'];
  /** Log lines are deleted this many days after the run ends; 0 keeps them as long as the execution. */
  logDays: Scalars['Int']['output'];
  /** Only the last this many runs are kept; 0 is no count limit. */
  runs: Scalars['Int']['output'];
};

/** Spring Cloud Data Flow's roles; README.md's Roles table says what each allows. */
export type Role =
  | 'CREATE'
  | 'DEPLOY'
  | 'DESTROY'
  | 'MANAGE'
  | 'MODIFY'
  | 'SCHEDULE'
  | 'VIEW';

export type RollbackTaskInput = {
  reason?: InputMaybe<Scalars['String']['input']>;
  /** The revision to copy; the previous deployed one if omitted. */
  revision?: InputMaybe<Scalars['Int']['input']>;
  task: Scalars['String']['input'];
};

/** What the run was given to start: its effective properties and environment. */
export type RunSpec = {
  __typename?: 'RunSpec';
  /** The program's arguments: the release's, then the launch's. */
  arguments: Array<Scalars['String']['output']>;
  /** The CPU limit, like 500m. */
  cpu?: Maybe<Scalars['String']['output']>;
  /** Sorted by name; credentials masked. */
  environment: Array<EnvironmentVariable>;
  /** SIGTERM to SIGKILL on cancel or timeout. */
  graceMs: Scalars['Int']['output'];
  /** The memory limit, like 512Mi. */
  memory?: Maybe<Scalars['String']['output']>;
  /** The docker or kubernetes options. */
  platformOptions?: Maybe<Scalars['JSON']['output']>;
  pullPolicy?: Maybe<Scalars['String']['output']>;
  timeoutSeconds?: Maybe<Scalars['Int']['output']>;
  /** file:///path or docker:image */
  uri: Scalars['String']['output'];
};

/** A runner process: what it offers admission and what it holds. */
export type RunnerInfo = {
  __typename?: 'RunnerInfo';
  /** Slots: runs it holds at once. */
  capacity: Scalars['Int']['output'];
  /** CPU it offers, like 2 or 1500m. */
  cpu: Scalars['String']['output'];
  /** CPU not requested by its runs. */
  cpuFree: Scalars['String']['output'];
  cpuFreeMillis: Scalars['Int']['output'];
  cpuMillis: Scalars['Int']['output'];
  /** When drainRunner was called. */
  drainingAt?: Maybe<Scalars['DateTime']['output']>;
  hostname: Scalars['String']['output'];
  /** Stable across restarts (derived from its host and data folder, or RUNNER_ID). */
  id: Scalars['String']['output'];
  /** Its labels; a run's runnerLabels must all match. */
  labels: Scalars['JSON']['output'];
  lastHeartbeatAt: Scalars['DateTime']['output'];
  /** Memory it offers, like 8Gi. */
  memory: Scalars['String']['output'];
  memoryBytes: Scalars['Float']['output'];
  /** Memory not requested by its runs. */
  memoryFree: Scalars['String']['output'];
  memoryFreeBytes: Scalars['Float']['output'];
  platform: Scalars['String']['output'];
  pool: Scalars['String']['output'];
  /** Runs it reported holding in its last heartbeat. */
  running: Scalars['Int']['output'];
  /** Slots in use: runs given to it that have not ended. */
  slotsInUse: Scalars['Int']['output'];
  startedAt: Scalars['DateTime']['output'];
  state: RunnerState;
  version?: Maybe<Scalars['String']['output']>;
};

/** ACTIVE takes work; DRAINING takes nothing new while its runs finish (drainRunner); DRAINED has finished them; OFFLINE has not sent a heartbeat within the LOST delay. */
export type RunnerState =
  | 'ACTIVE'
  | 'DRAINED'
  | 'DRAINING'
  | 'OFFLINE';

/** A cron schedule that starts a task or a DAG. */
export type Schedule = {
  __typename?: 'Schedule';
  arguments: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  cron: Scalars['String']['output'];
  /** The DAG it starts. */
  dag?: Maybe<Scalars['String']['output']>;
  /** The cron in words. */
  description: Scalars['String']['output'];
  /** false = paused: fire times are recorded as PAUSED and start nothing. */
  enabled: Scalars['Boolean']['output'];
  endAt?: Maybe<Scalars['DateTime']['output']>;
  /** Fire history, newest first. */
  fires: Array<ScheduleFire>;
  /** The newest scheduled (not backfilled) fire. */
  lastFire?: Maybe<ScheduleFire>;
  /** SKIP | RUN_ONCE | RUN_ALL: what happens to fire times missed while no control plane was up. */
  misfire: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** The next fire time; null when none is left (past endAt). */
  nextFireAt?: Maybe<Scalars['DateTime']['output']>;
  /** The next n fire times (default 5, at most 100). */
  nextFireTimes: Array<Scalars['DateTime']['output']>;
  /** ALLOW | SKIP | QUEUE: what a fire does while the previous run is active. */
  overlap: Scalars['String']['output'];
  /** Deployment properties for the task's runs. */
  properties: Scalars['JSON']['output'];
  startAt?: Maybe<Scalars['DateTime']['output']>;
  /** The task it starts. */
  task?: Maybe<Scalars['String']['output']>;
  /** IANA time zone the cron is read in. */
  timezone: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};


/** A cron schedule that starts a task or a DAG. */
export type ScheduleFiresArgs = {
  before?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A cron schedule that starts a task or a DAG. */
export type ScheduleNextFireTimesArgs = {
  n?: InputMaybe<Scalars['Int']['input']>;
};

/** One fire time of a schedule and what came of it. */
export type ScheduleFire = {
  __typename?: 'ScheduleFire';
  /** The DAG run it started (a DAG's schedule). */
  dagRun?: Maybe<DagRun>;
  dagRunId?: Maybe<Scalars['ID']['output']>;
  /** The execution it started (a task's schedule). */
  execution?: Maybe<Execution>;
  executionId?: Maybe<Scalars['ID']['output']>;
  /** When its run started, or the fire was decided. */
  firedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** SCHEDULED | MISFIRE | BACKFILL */
  kind: Scalars['String']['output'];
  /** STARTED | WAITING | SKIPPED | MISSED | PAUSED | FAILED */
  outcome: Scalars['String']['output'];
  /** Why it started nothing (or how it started). */
  reason?: Maybe<Scalars['String']['output']>;
  /** The fire time (BATON_SCHEDULED_TIME of its run). */
  scheduledTime: Scalars['DateTime']['output'];
};

export type SetDefaultAppVersionInput = {
  name: Scalars['String']['input'];
  version: Scalars['String']['input'];
};

/** min, max, mean and sample standard deviation (null when there is no data). */
export type Stat = {
  __typename?: 'Stat';
  max?: Maybe<Scalars['Float']['output']>;
  mean?: Maybe<Scalars['Float']['output']>;
  min?: Maybe<Scalars['Float']['output']>;
  stddev?: Maybe<Scalars['Float']['output']>;
};

/** How many executions have one status. */
export type StatusCount = {
  __typename?: 'StatusCount';
  count: Scalars['Int']['output'];
  status: ExecutionStatus;
};

/** A step of a job, with Spring Batch's counters. */
export type StepExecution = {
  __typename?: 'StepExecution';
  /** The last checkpoint the step reported (a restart hands it back in BATON_RESUME), secret-named values masked; null in live events. */
  checkpoint?: Maybe<Scalars['JSON']['output']>;
  commitCount: Scalars['Int']['output'];
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  exitMessage?: Maybe<Scalars['String']['output']>;
  filterCount: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  readCount: Scalars['Int']['output'];
  rollbackCount: Scalars['Int']['output'];
  skipCount: Scalars['Int']['output'];
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** STARTED, COMPLETED, FAILED or STOPPED */
  status: Scalars['String']['output'];
  writeCount: Scalars['Int']['output'];
};

/** One step's history across a task's recent executions. */
export type StepStatistics = {
  __typename?: 'StepStatistics';
  commit: Stat;
  /** Milliseconds. */
  duration: Stat;
  filter: Stat;
  read: Stat;
  rollback: Stat;
  /** Finished runs of this step counted. */
  runs: Scalars['Int']['output'];
  skip: Stat;
  step: Scalars['String']['output'];
  write: Stat;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The run as it changes (node statuses included); completes after its terminal status. */
  dagRunEvents: DagRun;
  /** One execution's events in seq order, no gaps. replay: true first delivers every stored event. Completes after the terminal STATUS. */
  executionEvents: ExecutionEvent;
};


export type SubscriptionDagRunEventsArgs = {
  id: Scalars['ID']['input'];
};


export type SubscriptionExecutionEventsArgs = {
  executionId: Scalars['ID']['input'];
  replay?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A task: an app version plus properties and default arguments, with a release history. */
export type TaskDefinition = {
  __typename?: 'TaskDefinition';
  app: App;
  createdAt: Scalars['DateTime']['output'];
  currentRelease: Release;
  /** Set when the task was deleted (its history stays). */
  deletedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** Newest first; first / before page them by revision. */
  releases: Array<Release>;
  retention: TaskRetention;
};


/** A task: an app version plus properties and default arguments, with a release history. */
export type TaskDefinitionReleasesArgs = {
  before?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What waits of one task in one pool. */
export type TaskQueue = {
  __typename?: 'TaskQueue';
  /** Why its first run in line waits. */
  blockingReason?: Maybe<Scalars['String']['output']>;
  oldestQueuedAt: Scalars['DateTime']['output'];
  oldestWaitSeconds: Scalars['Float']['output'];
  pool: Scalars['String']['output'];
  queued: Scalars['Int']['output'];
  running: Scalars['Int']['output'];
  task: Scalars['String']['output'];
};

/** A task's own retention settings (null: the global setting) and what applies. */
export type TaskRetention = {
  __typename?: 'TaskRetention';
  days?: Maybe<Scalars['Int']['output']>;
  /** The task's settings over the global ones (BATON_RETENTION_*). */
  effective: RetentionPolicy;
  logDays?: Maybe<Scalars['Int']['output']>;
  runs?: Maybe<Scalars['Int']['output']>;
};

/** Starts a task or a DAG when a message arrives on a NATS subject or at POST /hooks/<name>. */
export type Trigger = {
  __typename?: 'Trigger';
  /** Templates over the message's JSON, e.g. "{{ .requestId }}". */
  arguments: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  dag?: Maybe<Scalars['String']['output']>;
  /** Template of the dedup key. */
  dedupKey?: Maybe<Scalars['String']['output']>;
  /** A key counts as seen this long after its run started; null: while its run is active. */
  dedupWindowSeconds?: Maybe<Scalars['Int']['output']>;
  enabled: Scalars['Boolean']['output'];
  /** What it received, newest first. */
  events: Array<TriggerEvent>;
  name: Scalars['String']['output'];
  /** Deployment properties; their string values may be templates. */
  properties: Scalars['JSON']['output'];
  /** The HMAC secret: only in the answer to createTrigger and rotateTriggerSecret, null elsewhere. */
  secret?: Maybe<Scalars['String']['output']>;
  /** The NATS subject; null for a webhook-only trigger. */
  subject?: Maybe<Scalars['String']['output']>;
  task?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** Where to POST a webhook, relative to the API's origin. */
  webhookPath: Scalars['String']['output'];
};


/** Starts a task or a DAG when a message arrives on a NATS subject or at POST /hooks/<name>. */
export type TriggerEventsArgs = {
  before?: InputMaybe<Scalars['DateTime']['input']>;
  beforeId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** One message or webhook call a trigger received. */
export type TriggerEvent = {
  __typename?: 'TriggerEvent';
  /** The DAG run it started or matched. */
  dagRun?: Maybe<DagRun>;
  dagRunId?: Maybe<Scalars['ID']['output']>;
  dedupKey?: Maybe<Scalars['String']['output']>;
  /** The execution it started or matched. */
  execution?: Maybe<Execution>;
  /** The run it started, or (DEDUPLICATED) the run it matched. */
  executionId?: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  /** DEDUPLICATED: the event that started the matched run. */
  matchedEventId?: Maybe<Scalars['ID']['output']>;
  /** stream:<seq> for NATS; the delivery id for a webhook. */
  messageId: Scalars['String']['output'];
  /** STARTED | DEDUPLICATED | REJECTED */
  outcome: Scalars['String']['output'];
  /** The message (secrets masked, cut at 16 KiB). */
  payload?: Maybe<Scalars['JSON']['output']>;
  reason?: Maybe<Scalars['String']['output']>;
  receivedAt: Scalars['DateTime']['output'];
  /** NATS | HTTP */
  source: Scalars['String']['output'];
};

export type UnregisterAppVersionInput = {
  name: Scalars['String']['input'];
  version: Scalars['String']['input'];
};

export type UpdateDagInput = {
  /** SCDF composed-task DSL, e.g. `extract && <report || export> && notify`. */
  definition: Scalars['String']['input'];
  /** At most this many of the DAG's node executions at once, across all its runs (the rest wait QUEUED). */
  maxConcurrent?: InputMaybe<Scalars['Int']['input']>;
  /** At most this many nodes of one run at once. */
  maxParallel?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  /** Per node (by id: its label, or its task name): deployment properties laid over the task's when the node runs, as a launch's are. E.g. {"load": {"retry": {"maxAttempts": 3}, "priority": 5}}. */
  nodeProperties?: InputMaybe<Scalars['JSON']['input']>;
};

/** Only the fields given change. */
export type UpdateScheduleInput = {
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  cron?: InputMaybe<Scalars['String']['input']>;
  dag?: InputMaybe<Scalars['String']['input']>;
  /** false pauses, true resumes. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  endAt?: InputMaybe<Scalars['DateTime']['input']>;
  misfire?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  overlap?: InputMaybe<Scalars['String']['input']>;
  properties?: InputMaybe<Scalars['JSON']['input']>;
  startAt?: InputMaybe<Scalars['DateTime']['input']>;
  task?: InputMaybe<Scalars['String']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
};

/** Only the fields given change; an empty subject or dedupKey removes it. */
export type UpdateTriggerInput = {
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  dag?: InputMaybe<Scalars['String']['input']>;
  dedupKey?: InputMaybe<Scalars['String']['input']>;
  dedupWindowSeconds?: InputMaybe<Scalars['Int']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
  properties?: InputMaybe<Scalars['JSON']['input']>;
  subject?: InputMaybe<Scalars['String']['input']>;
  task?: InputMaybe<Scalars['String']['input']>;
};

export type UpgradeTaskInput = {
  /** Replaces the task's default arguments as a whole when given (an empty list removes them all); omitted or null: the current ones are kept. */
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Make a new revision even when nothing changes. */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  /** Replaces the task's deployment properties as a whole when given; nothing is merged, so a property you leave out (an env entry included) is removed: repeat every one you want to keep. Omitted or null: the current properties are kept unchanged. (Launch-time properties, by contrast, merge over the task's, env key by key.) */
  properties?: InputMaybe<Scalars['JSON']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
  task: Scalars['String']['input'];
  verify?: InputMaybe<VerifyInput>;
  /** Another registered version of the task's app; the current one if omitted. */
  version?: InputMaybe<Scalars['String']['input']>;
};

/** Run the new revision once before it becomes current (Skipper's health check). */
export type VerifyInput = {
  arguments?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Default 300, at most 3600. */
  timeoutSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** Who the API sees: the signed-in identity and what it may do. */
export type Viewer = {
  __typename?: 'Viewer';
  /** False in the local mode (authentication off): everyone may do everything. */
  authenticated: Scalars['Boolean']['output'];
  /** When the credential stops being valid. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  grants: Array<GrantInfo>;
  /** How the caller proved who it is: "oidc", "api-token" or "local". */
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** The stable id: the OIDC subject, service:<name>, or the local actor. */
  subject: Scalars['String']['output'];
};

export type OverviewQueryVariables = Exact<{
  hours: Scalars['Int']['input'];
}>;


export type OverviewQuery = { __typename?: 'Query', overview: { __typename?: 'Overview', hours: number, since: string, until: string, failed: number, runners: number, active: Array<{ __typename?: 'StatusCount', status: ExecutionStatus, count: number }>, ended: Array<{ __typename?: 'StatusCount', status: ExecutionStatus, count: number }>, buckets: Array<{ __typename?: 'OverviewBucket', start: string, total: number, counts: Array<{ __typename?: 'StatusCount', status: ExecutionStatus, count: number }> }> }, runners: Array<{ __typename?: 'RunnerInfo', id: string, hostname: string, platform: string, pool: string, capacity: number, running: number, lastHeartbeatAt: string, startedAt: string }>, running: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, status: ExecutionStatus, startedAt?: string | null, queuedAt: string, task: { __typename?: 'TaskDefinition', name: string } } }> }, recent: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, status: ExecutionStatus, releaseRevision: number, arguments: Array<string>, exitCode?: number | null, queuedAt: string, startedAt?: string | null, endedAt?: string | null, waitReason?: string | null, task: { __typename?: 'TaskDefinition', name: string } } }> } };

export type AppsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type AppsQuery = { __typename?: 'Query', apps: Array<{ __typename?: 'App', name: string, createdAt: string, defaultVersion?: { __typename?: 'AppVersion', version: string } | null, versions: Array<{ __typename?: 'AppVersion', version: string, uri: string, createdAt: string, warnings: Array<{ __typename?: 'RegistryWarning', code: RegistryWarningCode, message: string }>, tasks: Array<{ __typename?: 'AppVersionUse', task: string, revisions: Array<number>, current: boolean }> }> }> };

export type RegisterAppMutationVariables = Exact<{
  input: RegisterAppInput;
}>;


export type RegisterAppMutation = { __typename?: 'Mutation', registerApp: { __typename?: 'AppVersion', version: string, uri: string } };

export type SetDefaultAppVersionMutationVariables = Exact<{
  input: SetDefaultAppVersionInput;
}>;


export type SetDefaultAppVersionMutation = { __typename?: 'Mutation', setDefaultAppVersion: { __typename?: 'App', name: string, defaultVersion?: { __typename?: 'AppVersion', version: string } | null } };

export type UnregisterAppVersionMutationVariables = Exact<{
  input: UnregisterAppVersionInput;
}>;


export type UnregisterAppVersionMutation = { __typename?: 'Mutation', unregisterAppVersion: boolean };

export type TasksQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type TasksQuery = { __typename?: 'Query', tasks: Array<{ __typename?: 'TaskDefinition', name: string, createdAt: string, app: { __typename?: 'App', name: string }, currentRelease: { __typename?: 'Release', revision: number, status: ReleaseStatus, appVersion: { __typename?: 'AppVersion', version: string } } }>, apps: Array<{ __typename?: 'App', name: string, versions: Array<{ __typename?: 'AppVersion', version: string }> }>, executions: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, status: ExecutionStatus, queuedAt: string, endedAt?: string | null, task: { __typename?: 'TaskDefinition', name: string } } }> } };

export type CreateTaskMutationVariables = Exact<{
  input: CreateTaskInput;
}>;


export type CreateTaskMutation = { __typename?: 'Mutation', createTask: { __typename?: 'TaskDefinition', name: string } };

export type TaskQueryVariables = Exact<{
  name: Scalars['String']['input'];
  releasesFirst?: InputMaybe<Scalars['Int']['input']>;
  releasesBefore?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TaskQuery = { __typename?: 'Query', task?: { __typename?: 'TaskDefinition', name: string, createdAt: string, app: { __typename?: 'App', name: string, versions: Array<{ __typename?: 'AppVersion', version: string, uri: string }> }, currentRelease: { __typename?: 'Release', revision: number, status: ReleaseStatus, manifest: unknown, appVersion: { __typename?: 'AppVersion', version: string } }, releases: Array<{ __typename?: 'Release', revision: number, status: ReleaseStatus, kind: string, createdBy: string, reason?: string | null, createdAt: string, sourceRevision?: number | null, failureReason?: string | null, appVersion: { __typename?: 'AppVersion', version: string } }>, revisions: Array<{ __typename?: 'Release', revision: number }> } | null, executions: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, status: ExecutionStatus, releaseRevision: number, arguments: Array<string>, exitCode?: number | null, queuedAt: string, startedAt?: string | null, endedAt?: string | null, waitReason?: string | null, task: { __typename?: 'TaskDefinition', name: string } } }> } };

export type ExecutionRowFragment = { __typename?: 'Execution', id: string, status: ExecutionStatus, releaseRevision: number, arguments: Array<string>, exitCode?: number | null, queuedAt: string, startedAt?: string | null, endedAt?: string | null, waitReason?: string | null, task: { __typename?: 'TaskDefinition', name: string } };

export type UpgradeTaskMutationVariables = Exact<{
  input: UpgradeTaskInput;
}>;


export type UpgradeTaskMutation = { __typename?: 'Mutation', upgradeTask: { __typename?: 'Release', revision: number, status: ReleaseStatus, failureReason?: string | null } };

export type RollbackTaskMutationVariables = Exact<{
  input: RollbackTaskInput;
}>;


export type RollbackTaskMutation = { __typename?: 'Mutation', rollbackTask: { __typename?: 'Release', revision: number, status: ReleaseStatus } };

export type ReleaseDiffQueryVariables = Exact<{
  task: Scalars['String']['input'];
  from: Scalars['Int']['input'];
  to: Scalars['Int']['input'];
}>;


export type ReleaseDiffQuery = { __typename?: 'Query', releaseDiff: { __typename?: 'ReleaseDiff', changes: Array<{ __typename?: 'ManifestChange', path: string, kind: string, from?: unknown | null, to?: unknown | null }>, from: { __typename?: 'Release', revision: number, manifest: unknown }, to: { __typename?: 'Release', revision: number, manifest: unknown } } };

export type LaunchTaskMutationVariables = Exact<{
  input: LaunchTaskInput;
}>;


export type LaunchTaskMutation = { __typename?: 'Mutation', launchTask: { __typename?: 'Execution', id: string, status: ExecutionStatus } };

export type ExecutionsQueryVariables = Exact<{
  task?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ExecutionStatus>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type ExecutionsQuery = { __typename?: 'Query', executions: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', cursor: string, node: { __typename?: 'Execution', id: string, status: ExecutionStatus, releaseRevision: number, arguments: Array<string>, exitCode?: number | null, queuedAt: string, startedAt?: string | null, endedAt?: string | null, waitReason?: string | null, task: { __typename?: 'TaskDefinition', name: string } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type TaskNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type TaskNamesQuery = { __typename?: 'Query', tasks: Array<{ __typename?: 'TaskDefinition', name: string }> };

export type StepHistoryQueryVariables = Exact<{
  task: Scalars['String']['input'];
  last: Scalars['Int']['input'];
}>;


export type StepHistoryQuery = { __typename?: 'Query', stepStatistics: Array<{ __typename?: 'StepStatistics', step: string, runs: number, duration: { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null }, read: { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null }, write: { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null }, commit: { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null }, rollback: { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null }, skip: { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null }, filter: { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null } }>, executions: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, status: ExecutionStatus, queuedAt: string, steps: Array<{ __typename?: 'StepExecution', name: string, status: string, readCount: number, writeCount: number, startedAt?: string | null, endedAt?: string | null }> } }> } };

export type StatValuesFragment = { __typename?: 'Stat', min?: number | null, max?: number | null, mean?: number | null, stddev?: number | null };

export type ExecutionQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExecutionQuery = { __typename?: 'Query', execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus, releaseRevision: number, arguments: Array<string>, exitCode?: number | null, exitMessage?: string | null, errorMessage?: string | null, runnerId?: string | null, platform: string, pool: string, queuedAt: string, startedAt?: string | null, endedAt?: string | null, cancelRequestedAt?: string | null, priority: number, concurrencyKey?: string | null, concurrencyLimit: number, cpu?: string | null, memory?: string | null, runnerLabels?: unknown | null, expiresAt?: string | null, launchProperties?: unknown | null, waitReason?: string | null, queuePosition?: number | null, assignedRunnerId?: string | null, dispatchedAt?: string | null, notBefore?: string | null, attempt: number, task: { __typename?: 'TaskDefinition', name: string }, restartOf?: { __typename?: 'Execution', id: string } | null, origin: { __typename?: 'Origin', kind: OriginKind, name?: string | null, actor?: string | null, schedule?: string | null, scheduledTime?: string | null, fireKind?: string | null, trigger?: string | null, messageId?: string | null, dagRunId?: string | null, restartOf?: string | null, relaunchOf?: string | null }, steps: Array<{ __typename?: 'StepExecution', name: string, status: string, readCount: number, writeCount: number, commitCount: number, rollbackCount: number, skipCount: number, filterCount: number, startedAt?: string | null, endedAt?: string | null, exitMessage?: string | null }>, runSpec: { __typename?: 'RunSpec', uri: string, arguments: Array<string>, timeoutSeconds?: number | null, graceMs: number, cpu?: string | null, memory?: string | null, pullPolicy?: string | null, platformOptions?: unknown | null, environment: Array<{ __typename?: 'EnvironmentVariable', name: string, value?: string | null, masked: boolean, secretReference?: string | null }> }, retryOf?: { __typename?: 'Execution', id: string, attempt: number, status: ExecutionStatus } | null, attempts: Array<{ __typename?: 'Execution', id: string, attempt: number, status: ExecutionStatus, queuedAt: string, startedAt?: string | null, endedAt?: string | null, notBefore?: string | null, errorMessage?: string | null, exitCode?: number | null }> } | null };

export type ExecutionAdmissionFragment = { __typename?: 'Execution', waitReason?: string | null, queuePosition?: number | null, assignedRunnerId?: string | null, dispatchedAt?: string | null, notBefore?: string | null, attempt: number, retryOf?: { __typename?: 'Execution', id: string, attempt: number, status: ExecutionStatus } | null, attempts: Array<{ __typename?: 'Execution', id: string, attempt: number, status: ExecutionStatus, queuedAt: string, startedAt?: string | null, endedAt?: string | null, notBefore?: string | null, errorMessage?: string | null, exitCode?: number | null }> };

export type AttemptRowFragment = { __typename?: 'Execution', id: string, attempt: number, status: ExecutionStatus, queuedAt: string, startedAt?: string | null, endedAt?: string | null, notBefore?: string | null, errorMessage?: string | null, exitCode?: number | null };

export type OriginFieldsFragment = { __typename?: 'Origin', kind: OriginKind, name?: string | null, actor?: string | null, schedule?: string | null, scheduledTime?: string | null, fireKind?: string | null, trigger?: string | null, messageId?: string | null, dagRunId?: string | null, restartOf?: string | null, relaunchOf?: string | null };

export type StepRowFragment = { __typename?: 'StepExecution', name: string, status: string, readCount: number, writeCount: number, commitCount: number, rollbackCount: number, skipCount: number, filterCount: number, startedAt?: string | null, endedAt?: string | null, exitMessage?: string | null };

export type ExecutionEventsSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExecutionEventsSubscription = { __typename?: 'Subscription', executionEvents: { __typename?: 'ExecutionEvent', seq: number, kind: string, status?: ExecutionStatus | null, cause?: string | null, at: string, log?: { __typename?: 'LogLine', seq: number, stream: string, text: string, at: string } | null, step?: { __typename?: 'StepExecution', name: string, status: string, readCount: number, writeCount: number, commitCount: number, rollbackCount: number, skipCount: number, filterCount: number, startedAt?: string | null, endedAt?: string | null, exitMessage?: string | null } | null } };

export type ExecutionLiveQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExecutionLiveQuery = { __typename?: 'Query', execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus, exitCode?: number | null, exitMessage?: string | null, errorMessage?: string | null, runnerId?: string | null, startedAt?: string | null, endedAt?: string | null, waitReason?: string | null, queuePosition?: number | null, assignedRunnerId?: string | null, dispatchedAt?: string | null, notBefore?: string | null, attempt: number, retryOf?: { __typename?: 'Execution', id: string, attempt: number, status: ExecutionStatus } | null, attempts: Array<{ __typename?: 'Execution', id: string, attempt: number, status: ExecutionStatus, queuedAt: string, startedAt?: string | null, endedAt?: string | null, notBefore?: string | null, errorMessage?: string | null, exitCode?: number | null }> } | null };

export type CancelExecutionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CancelExecutionMutation = { __typename?: 'Mutation', cancelExecution: { __typename?: 'Execution', id: string, status: ExecutionStatus } };

export type RestartExecutionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RestartExecutionMutation = { __typename?: 'Mutation', restartExecution: { __typename?: 'Execution', id: string, status: ExecutionStatus } };

export type DagsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type DagsQuery = { __typename?: 'Query', dags: Array<{ __typename?: 'Dag', name: string, version: number, definition: string, maxParallel?: number | null, createdAt: string, nodes: Array<{ __typename?: 'DagNode', id: string }> }> };

export type DagQueryVariables = Exact<{
  name: Scalars['String']['input'];
  versionsFirst?: InputMaybe<Scalars['Int']['input']>;
  versionsBefore?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DagQuery = { __typename?: 'Query', dag?: { __typename?: 'Dag', name: string, version: number, definition: string, maxParallel?: number | null, createdAt: string, nodes: Array<{ __typename?: 'DagNode', id: string, task: string, label: string, arguments: Array<string> }>, edges: Array<{ __typename?: 'DagEdge', from: string, to: string, on?: string | null }>, versions: Array<{ __typename?: 'DagVersionInfo', version: number, definition: string, createdAt: string, createdBy: string }> } | null };

export type ParseDagQueryVariables = Exact<{
  definition: Scalars['String']['input'];
}>;


export type ParseDagQuery = { __typename?: 'Query', parseDag: { __typename?: 'DagParseResult', ok: boolean, nodes: Array<{ __typename?: 'DagNode', id: string, task: string, label: string, arguments: Array<string> }>, edges: Array<{ __typename?: 'DagEdge', from: string, to: string, on?: string | null }>, errors: Array<{ __typename?: 'DagError', line: number, column: number, message: string, expected?: Array<string> | null }> } };

export type CreateDagMutationVariables = Exact<{
  input: CreateDagInput;
}>;


export type CreateDagMutation = { __typename?: 'Mutation', createDag: { __typename?: 'Dag', name: string, version: number } };

export type UpdateDagMutationVariables = Exact<{
  input: UpdateDagInput;
}>;


export type UpdateDagMutation = { __typename?: 'Mutation', updateDag: { __typename?: 'Dag', name: string, version: number } };

export type LaunchDagMutationVariables = Exact<{
  input: LaunchDagInput;
}>;


export type LaunchDagMutation = { __typename?: 'Mutation', launchDag: { __typename?: 'DagRun', id: string, status: ExecutionStatus } };

export type DagRunViewFragment = { __typename?: 'DagRun', id: string, status: ExecutionStatus, attempt: number, version: number, arguments: Array<string>, createdAt: string, endedAt?: string | null, errorMessage?: string | null, cancelRequestedAt?: string | null, dag: { __typename?: 'Dag', name: string }, edges: Array<{ __typename?: 'DagEdge', from: string, to: string, on?: string | null }>, nodes: Array<{ __typename?: 'DagNodeRun', status?: ExecutionStatus | null, exitStatus?: string | null, startedAt?: string | null, endedAt?: string | null, node: { __typename?: 'DagNode', id: string, task: string, label: string, arguments: Array<string> }, execution?: { __typename?: 'Execution', id: string } | null, attempts: Array<{ __typename?: 'DagNodeAttempt', attempt: number, status: ExecutionStatus, exitStatus?: string | null, execution: { __typename?: 'Execution', id: string, startedAt?: string | null, endedAt?: string | null } }> }> };

export type DagRunQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DagRunQuery = { __typename?: 'Query', dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus, attempt: number, version: number, arguments: Array<string>, createdAt: string, endedAt?: string | null, errorMessage?: string | null, cancelRequestedAt?: string | null, origin: { __typename?: 'Origin', kind: OriginKind, name?: string | null, actor?: string | null, schedule?: string | null, scheduledTime?: string | null, fireKind?: string | null, trigger?: string | null, messageId?: string | null, dagRunId?: string | null, restartOf?: string | null, relaunchOf?: string | null }, dag: { __typename?: 'Dag', name: string }, edges: Array<{ __typename?: 'DagEdge', from: string, to: string, on?: string | null }>, nodes: Array<{ __typename?: 'DagNodeRun', status?: ExecutionStatus | null, exitStatus?: string | null, startedAt?: string | null, endedAt?: string | null, node: { __typename?: 'DagNode', id: string, task: string, label: string, arguments: Array<string> }, execution?: { __typename?: 'Execution', id: string } | null, attempts: Array<{ __typename?: 'DagNodeAttempt', attempt: number, status: ExecutionStatus, exitStatus?: string | null, execution: { __typename?: 'Execution', id: string, startedAt?: string | null, endedAt?: string | null } }> }> } | null };

export type DagRunEventsSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DagRunEventsSubscription = { __typename?: 'Subscription', dagRunEvents: { __typename?: 'DagRun', id: string, status: ExecutionStatus, attempt: number, version: number, arguments: Array<string>, createdAt: string, endedAt?: string | null, errorMessage?: string | null, cancelRequestedAt?: string | null, dag: { __typename?: 'Dag', name: string }, edges: Array<{ __typename?: 'DagEdge', from: string, to: string, on?: string | null }>, nodes: Array<{ __typename?: 'DagNodeRun', status?: ExecutionStatus | null, exitStatus?: string | null, startedAt?: string | null, endedAt?: string | null, node: { __typename?: 'DagNode', id: string, task: string, label: string, arguments: Array<string> }, execution?: { __typename?: 'Execution', id: string } | null, attempts: Array<{ __typename?: 'DagNodeAttempt', attempt: number, status: ExecutionStatus, exitStatus?: string | null, execution: { __typename?: 'Execution', id: string, startedAt?: string | null, endedAt?: string | null } }> }> } };

export type CancelDagRunMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CancelDagRunMutation = { __typename?: 'Mutation', cancelDagRun: { __typename?: 'DagRun', id: string, status: ExecutionStatus } };

export type RestartDagRunMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RestartDagRunMutation = { __typename?: 'Mutation', restartDagRun: { __typename?: 'DagRun', id: string, status: ExecutionStatus, attempt: number } };

export type DagRunRowFragment = { __typename?: 'DagRun', id: string, status: ExecutionStatus, attempt: number, version: number, arguments: Array<string>, createdAt: string, endedAt?: string | null, dag: { __typename?: 'Dag', name: string } };

export type DagRunsQueryVariables = Exact<{
  dag?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ExecutionStatus>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type DagRunsQuery = { __typename?: 'Query', dagRuns: { __typename?: 'DagRunConnection', edges: Array<{ __typename?: 'DagRunEdge', cursor: string, node: { __typename?: 'DagRun', id: string, status: ExecutionStatus, attempt: number, version: number, arguments: Array<string>, createdAt: string, endedAt?: string | null, dag: { __typename?: 'Dag', name: string } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type ScheduleTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type ScheduleTargetsQuery = { __typename?: 'Query', tasks: Array<{ __typename?: 'TaskDefinition', name: string }>, dags: Array<{ __typename?: 'Dag', name: string }> };

export type ScheduleFireRowFragment = { __typename?: 'ScheduleFire', id: string, scheduledTime: string, firedAt?: string | null, kind: string, outcome: string, reason?: string | null, executionId?: string | null, dagRunId?: string | null, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus } | null, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus } | null };

export type SchedulesQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type SchedulesQuery = { __typename?: 'Query', schedules: Array<{ __typename?: 'Schedule', name: string, task?: string | null, dag?: string | null, cron: string, description: string, timezone: string, enabled: boolean, nextFireAt?: string | null, lastFire?: { __typename?: 'ScheduleFire', id: string, scheduledTime: string, firedAt?: string | null, kind: string, outcome: string, reason?: string | null, executionId?: string | null, dagRunId?: string | null, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus } | null, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus } | null } | null }> };

export type ScheduleQueryVariables = Exact<{
  name: Scalars['String']['input'];
  fires?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type ScheduleQuery = { __typename?: 'Query', schedule?: { __typename?: 'Schedule', name: string, task?: string | null, dag?: string | null, cron: string, description: string, timezone: string, arguments: Array<string>, properties: unknown, enabled: boolean, startAt?: string | null, endAt?: string | null, overlap: string, misfire: string, nextFireAt?: string | null, nextFireTimes: Array<string>, createdAt: string, updatedAt: string, createdBy: string, lastFire?: { __typename?: 'ScheduleFire', id: string, scheduledTime: string, firedAt?: string | null, kind: string, outcome: string, reason?: string | null, executionId?: string | null, dagRunId?: string | null, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus } | null, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus } | null } | null, fires: Array<{ __typename?: 'ScheduleFire', id: string, scheduledTime: string, firedAt?: string | null, kind: string, outcome: string, reason?: string | null, executionId?: string | null, dagRunId?: string | null, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus } | null, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus } | null }> } | null };

export type PreviewCronQueryVariables = Exact<{
  cron: Scalars['String']['input'];
  timezone?: InputMaybe<Scalars['String']['input']>;
}>;


export type PreviewCronQuery = { __typename?: 'Query', previewCron: { __typename?: 'CronPreview', valid: boolean, error?: string | null, description?: string | null, timezone: string, nextFireTimes: Array<string> } };

export type CreateScheduleMutationVariables = Exact<{
  input: CreateScheduleInput;
}>;


export type CreateScheduleMutation = { __typename?: 'Mutation', createSchedule: { __typename?: 'Schedule', name: string } };

export type UpdateScheduleMutationVariables = Exact<{
  input: UpdateScheduleInput;
}>;


export type UpdateScheduleMutation = { __typename?: 'Mutation', updateSchedule: { __typename?: 'Schedule', name: string, enabled: boolean, nextFireAt?: string | null } };

export type DeleteScheduleMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeleteScheduleMutation = { __typename?: 'Mutation', deleteSchedule: boolean };

export type BackfillScheduleMutationVariables = Exact<{
  input: BackfillScheduleInput;
}>;


export type BackfillScheduleMutation = { __typename?: 'Mutation', backfillSchedule: { __typename?: 'BackfillResult', fireTimes: number, created: number, alreadyFired: number, fires: Array<{ __typename?: 'ScheduleFire', id: string, scheduledTime: string, firedAt?: string | null, kind: string, outcome: string, reason?: string | null, executionId?: string | null, dagRunId?: string | null, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus } | null, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus } | null }> } };

export type TriggersQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
}>;


export type TriggersQuery = { __typename?: 'Query', triggers: Array<{ __typename?: 'Trigger', name: string, task?: string | null, dag?: string | null, subject?: string | null, webhookPath: string, dedupKey?: string | null, dedupWindowSeconds?: number | null, enabled: boolean }> };

export type TriggerEventRowFragment = { __typename?: 'TriggerEvent', id: string, source: string, messageId: string, receivedAt: string, outcome: string, reason?: string | null, dedupKey?: string | null, executionId?: string | null, dagRunId?: string | null, matchedEventId?: string | null, payload?: unknown | null, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus } | null, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus } | null };

export type TriggerQueryVariables = Exact<{
  name: Scalars['String']['input'];
  events?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['DateTime']['input']>;
  beforeId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type TriggerQuery = { __typename?: 'Query', trigger?: { __typename?: 'Trigger', name: string, task?: string | null, dag?: string | null, subject?: string | null, webhookPath: string, arguments: Array<string>, properties: unknown, dedupKey?: string | null, dedupWindowSeconds?: number | null, enabled: boolean, createdAt: string, updatedAt: string, createdBy: string, events: Array<{ __typename?: 'TriggerEvent', id: string, source: string, messageId: string, receivedAt: string, outcome: string, reason?: string | null, dedupKey?: string | null, executionId?: string | null, dagRunId?: string | null, matchedEventId?: string | null, payload?: unknown | null, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus } | null, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus } | null }> } | null };

export type TriggerDefinitionQueryVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type TriggerDefinitionQuery = { __typename?: 'Query', trigger?: { __typename?: 'Trigger', name: string, task?: string | null, dag?: string | null, subject?: string | null, arguments: Array<string>, properties: unknown, dedupKey?: string | null, dedupWindowSeconds?: number | null } | null };

export type CreateTriggerMutationVariables = Exact<{
  input: CreateTriggerInput;
}>;


export type CreateTriggerMutation = { __typename?: 'Mutation', createTrigger: { __typename?: 'Trigger', name: string, webhookPath: string, subject?: string | null, secret?: string | null } };

export type UpdateTriggerMutationVariables = Exact<{
  input: UpdateTriggerInput;
}>;


export type UpdateTriggerMutation = { __typename?: 'Mutation', updateTrigger: { __typename?: 'Trigger', name: string, enabled: boolean } };

export type DeleteTriggerMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeleteTriggerMutation = { __typename?: 'Mutation', deleteTrigger: boolean };

export type RotateTriggerSecretMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type RotateTriggerSecretMutation = { __typename?: 'Mutation', rotateTriggerSecret: { __typename?: 'Trigger', name: string, secret?: string | null } };

export type RunnerRowFragment = { __typename?: 'RunnerInfo', id: string, platform: string, pool: string, labels: unknown, capacity: number, slotsInUse: number, running: number, cpu: string, cpuFree: string, memory: string, memoryFree: string, version?: string | null, state: RunnerState, drainingAt?: string | null, hostname: string, startedAt: string, lastHeartbeatAt: string };

export type RunnersQueryVariables = Exact<{ [key: string]: never; }>;


export type RunnersQuery = { __typename?: 'Query', runners: Array<{ __typename?: 'RunnerInfo', id: string, platform: string, pool: string, labels: unknown, capacity: number, slotsInUse: number, running: number, cpu: string, cpuFree: string, memory: string, memoryFree: string, version?: string | null, state: RunnerState, drainingAt?: string | null, hostname: string, startedAt: string, lastHeartbeatAt: string }>, pools: Array<{ __typename?: 'PoolInfo', name: string, maxConcurrent?: number | null }> };

export type DrainRunnerMutationVariables = Exact<{
  id: Scalars['String']['input'];
}>;


export type DrainRunnerMutation = { __typename?: 'Mutation', drainRunner: { __typename?: 'RunnerInfo', id: string, platform: string, pool: string, labels: unknown, capacity: number, slotsInUse: number, running: number, cpu: string, cpuFree: string, memory: string, memoryFree: string, version?: string | null, state: RunnerState, drainingAt?: string | null, hostname: string, startedAt: string, lastHeartbeatAt: string } };

export type ResumeRunnerMutationVariables = Exact<{
  id: Scalars['String']['input'];
}>;


export type ResumeRunnerMutation = { __typename?: 'Mutation', resumeRunner: { __typename?: 'RunnerInfo', id: string, platform: string, pool: string, labels: unknown, capacity: number, slotsInUse: number, running: number, cpu: string, cpuFree: string, memory: string, memoryFree: string, version?: string | null, state: RunnerState, drainingAt?: string | null, hostname: string, startedAt: string, lastHeartbeatAt: string } };

export type SetPoolLimitMutationVariables = Exact<{
  pool: Scalars['String']['input'];
  maxConcurrent?: InputMaybe<Scalars['Int']['input']>;
}>;


export type SetPoolLimitMutation = { __typename?: 'Mutation', setPoolLimit: { __typename?: 'PoolInfo', name: string, maxConcurrent?: number | null } };

export type QueueQueryVariables = Exact<{
  first: Scalars['Int']['input'];
}>;


export type QueueQuery = { __typename?: 'Query', queue: { __typename?: 'QueueSummary', pools: Array<{ __typename?: 'PoolQueue', pool: string, queued: number, running: number, maxConcurrent?: number | null, oldestQueuedAt: string, oldestWaitSeconds: number, blockingReason?: string | null }>, tasks: Array<{ __typename?: 'TaskQueue', task: string, pool: string, queued: number, running: number, oldestQueuedAt: string, oldestWaitSeconds: number, blockingReason?: string | null }> }, executions: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, queuePosition?: number | null, priority: number, waitReason?: string | null, queuedAt: string, notBefore?: string | null, expiresAt?: string | null, pool: string, task: { __typename?: 'TaskDefinition', name: string } } }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { __typename?: 'Query', me: { __typename?: 'Viewer', authenticated: boolean, kind: string, subject: string, name: string, expiresAt?: string | null, grants: Array<{ __typename?: 'GrantInfo', role: Role, prefix?: string | null }> } };

export type AuditRecordsQueryVariables = Exact<{
  filter?: InputMaybe<AuditFilterInput>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditRecordsQuery = { __typename?: 'Query', auditRecords: { __typename?: 'AuditConnection', edges: Array<{ __typename?: 'AuditEdge', cursor: string, node: { __typename?: 'AuditRecord', id: string, at: string, actor: string, action: string, target?: string | null, correlationId: string, input: unknown } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type DagGridQueryVariables = Exact<{
  name: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DagGridQuery = { __typename?: 'Query', dag?: { __typename?: 'Dag', name: string, nodes: Array<{ __typename?: 'DagNode', id: string, task: string }> } | null, dagRuns: { __typename?: 'DagRunConnection', edges: Array<{ __typename?: 'DagRunEdge', node: { __typename?: 'DagRun', id: string, status: ExecutionStatus, attempt: number, version: number, createdAt: string, nodes: Array<{ __typename?: 'DagNodeRun', status?: ExecutionStatus | null, exitStatus?: string | null, node: { __typename?: 'DagNode', id: string }, execution?: { __typename?: 'Execution', id: string } | null }> } }> } };

export type AboutQueryVariables = Exact<{ [key: string]: never; }>;


export type AboutQuery = { __typename?: 'Query', about: { __typename?: 'About', version: string, controlPlanes: Array<{ __typename?: 'ControlPlaneInfo', instance: string, version: string, hostname: string, pid: number, startedAt: string, leader: boolean }>, database: { __typename?: 'DatabaseInfo', version: string, host: string, port?: number | null, name: string }, nats: { __typename?: 'NatsInfo', version: string, serverName: string, jetStream: boolean, url: string } }, runners: Array<{ __typename?: 'RunnerInfo', id: string, version?: string | null, platform: string, pool: string, hostname: string, state: RunnerState, startedAt: string, lastHeartbeatAt: string }> };

export type LogPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  after: Scalars['Int']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type LogPageQuery = { __typename?: 'Query', execution?: { __typename?: 'Execution', id: string, task: { __typename?: 'TaskDefinition', name: string }, logs: Array<{ __typename?: 'LogLine', seq: number, stream: string, text: string, at: string }> } | null };

export type DeleteTaskMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeleteTaskMutation = { __typename?: 'Mutation', deleteTask: boolean };

export type DeleteDagMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeleteDagMutation = { __typename?: 'Mutation', deleteDag: boolean };

export type StepDrillQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  task: Scalars['String']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
}>;


export type StepDrillQuery = { __typename?: 'Query', execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus, startedAt?: string | null, endedAt?: string | null, task: { __typename?: 'TaskDefinition', name: string }, steps: Array<{ __typename?: 'StepExecution', checkpoint?: unknown | null, name: string, status: string, readCount: number, writeCount: number, commitCount: number, rollbackCount: number, skipCount: number, filterCount: number, startedAt?: string | null, endedAt?: string | null, exitMessage?: string | null }>, resumePoint: { __typename?: 'ResumePoint', completedSteps: Array<string>, checkpoints: unknown } } | null, stepStatistics: Array<{ __typename?: 'StepStatistics', step: string, runs: number, duration: { __typename?: 'Stat', mean?: number | null, min?: number | null, max?: number | null }, read: { __typename?: 'Stat', mean?: number | null }, write: { __typename?: 'Stat', mean?: number | null } }> };

export type ExecutionTaskQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExecutionTaskQuery = { __typename?: 'Query', execution?: { __typename?: 'Execution', id: string, task: { __typename?: 'TaskDefinition', name: string } } | null };

export type NodeGlanceQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NodeGlanceQuery = { __typename?: 'Query', execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus, exitCode?: number | null, exitMessage?: string | null, errorMessage?: string | null, logs: Array<{ __typename?: 'LogLine', seq: number, stream: string, text: string }> } | null };

export type SearchQueryVariables = Exact<{
  text: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  byId: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
}>;


export type SearchQuery = { __typename?: 'Query', apps: Array<{ __typename?: 'App', name: string, defaultVersion?: { __typename?: 'AppVersion', version: string } | null }>, tasks: Array<{ __typename?: 'TaskDefinition', name: string, app: { __typename?: 'App', name: string }, currentRelease: { __typename?: 'Release', revision: number } }>, dags: Array<{ __typename?: 'Dag', name: string, definition: string }>, schedules: Array<{ __typename?: 'Schedule', name: string, cron: string, task?: string | null, dag?: string | null }>, triggers: Array<{ __typename?: 'Trigger', name: string, subject?: string | null, task?: string | null, dag?: string | null }>, execution?: { __typename?: 'Execution', id: string, status: ExecutionStatus, queuedAt: string, task: { __typename?: 'TaskDefinition', name: string } } | null, matching?: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, status: ExecutionStatus, queuedAt: string, arguments: Array<string>, exitMessage?: string | null, task: { __typename?: 'TaskDefinition', name: string } } }> }, dagRun?: { __typename?: 'DagRun', id: string, status: ExecutionStatus, dag: { __typename?: 'Dag', name: string } } | null };

export type TaskGridQueryVariables = Exact<{
  name: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TaskGridQuery = { __typename?: 'Query', task?: { __typename?: 'TaskDefinition', name: string } | null, executions: { __typename?: 'ExecutionConnection', edges: Array<{ __typename?: 'ExecutionEdge', node: { __typename?: 'Execution', id: string, status: ExecutionStatus, queuedAt: string, releaseRevision: number, exitCode?: number | null, steps: Array<{ __typename?: 'StepExecution', name: string, status: string, readCount: number, writeCount: number }> } }> } };

export type RelaunchExecutionMutationVariables = Exact<{
  input: RelaunchExecutionInput;
}>;


export type RelaunchExecutionMutation = { __typename?: 'Mutation', relaunchExecution: { __typename?: 'Execution', id: string, status: ExecutionStatus } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ExecutionRowFragmentDoc = new TypedDocumentString(`
    fragment ExecutionRow on Execution {
  id
  status
  releaseRevision
  arguments
  exitCode
  queuedAt
  startedAt
  endedAt
  waitReason
  task {
    name
  }
}
    `, {"fragmentName":"ExecutionRow"}) as unknown as TypedDocumentString<ExecutionRowFragment, unknown>;
export const StatValuesFragmentDoc = new TypedDocumentString(`
    fragment StatValues on Stat {
  min
  max
  mean
  stddev
}
    `, {"fragmentName":"StatValues"}) as unknown as TypedDocumentString<StatValuesFragment, unknown>;
export const AttemptRowFragmentDoc = new TypedDocumentString(`
    fragment AttemptRow on Execution {
  id
  attempt
  status
  queuedAt
  startedAt
  endedAt
  notBefore
  errorMessage
  exitCode
}
    `, {"fragmentName":"AttemptRow"}) as unknown as TypedDocumentString<AttemptRowFragment, unknown>;
export const ExecutionAdmissionFragmentDoc = new TypedDocumentString(`
    fragment ExecutionAdmission on Execution {
  waitReason
  queuePosition
  assignedRunnerId
  dispatchedAt
  notBefore
  attempt
  retryOf {
    id
    attempt
    status
  }
  attempts {
    ...AttemptRow
  }
}
    fragment AttemptRow on Execution {
  id
  attempt
  status
  queuedAt
  startedAt
  endedAt
  notBefore
  errorMessage
  exitCode
}`, {"fragmentName":"ExecutionAdmission"}) as unknown as TypedDocumentString<ExecutionAdmissionFragment, unknown>;
export const OriginFieldsFragmentDoc = new TypedDocumentString(`
    fragment OriginFields on Origin {
  kind
  name
  actor
  schedule
  scheduledTime
  fireKind
  trigger
  messageId
  dagRunId
  restartOf
  relaunchOf
}
    `, {"fragmentName":"OriginFields"}) as unknown as TypedDocumentString<OriginFieldsFragment, unknown>;
export const StepRowFragmentDoc = new TypedDocumentString(`
    fragment StepRow on StepExecution {
  name
  status
  readCount
  writeCount
  commitCount
  rollbackCount
  skipCount
  filterCount
  startedAt
  endedAt
  exitMessage
}
    `, {"fragmentName":"StepRow"}) as unknown as TypedDocumentString<StepRowFragment, unknown>;
export const DagRunViewFragmentDoc = new TypedDocumentString(`
    fragment DagRunView on DagRun {
  id
  status
  attempt
  version
  arguments
  createdAt
  endedAt
  errorMessage
  cancelRequestedAt
  dag {
    name
  }
  edges {
    from
    to
    on
  }
  nodes {
    node {
      id
      task
      label
      arguments
    }
    status
    exitStatus
    startedAt
    endedAt
    execution {
      id
    }
    attempts {
      attempt
      status
      exitStatus
      execution {
        id
        startedAt
        endedAt
      }
    }
  }
}
    `, {"fragmentName":"DagRunView"}) as unknown as TypedDocumentString<DagRunViewFragment, unknown>;
export const DagRunRowFragmentDoc = new TypedDocumentString(`
    fragment DagRunRow on DagRun {
  id
  status
  attempt
  version
  arguments
  createdAt
  endedAt
  dag {
    name
  }
}
    `, {"fragmentName":"DagRunRow"}) as unknown as TypedDocumentString<DagRunRowFragment, unknown>;
export const ScheduleFireRowFragmentDoc = new TypedDocumentString(`
    fragment ScheduleFireRow on ScheduleFire {
  id
  scheduledTime
  firedAt
  kind
  outcome
  reason
  executionId
  dagRunId
  execution {
    id
    status
  }
  dagRun {
    id
    status
  }
}
    `, {"fragmentName":"ScheduleFireRow"}) as unknown as TypedDocumentString<ScheduleFireRowFragment, unknown>;
export const TriggerEventRowFragmentDoc = new TypedDocumentString(`
    fragment TriggerEventRow on TriggerEvent {
  id
  source
  messageId
  receivedAt
  outcome
  reason
  dedupKey
  executionId
  dagRunId
  matchedEventId
  payload
  execution {
    id
    status
  }
  dagRun {
    id
    status
  }
}
    `, {"fragmentName":"TriggerEventRow"}) as unknown as TypedDocumentString<TriggerEventRowFragment, unknown>;
export const RunnerRowFragmentDoc = new TypedDocumentString(`
    fragment RunnerRow on RunnerInfo {
  id
  platform
  pool
  labels
  capacity
  slotsInUse
  running
  cpu
  cpuFree
  memory
  memoryFree
  version
  state
  drainingAt
  hostname
  startedAt
  lastHeartbeatAt
}
    `, {"fragmentName":"RunnerRow"}) as unknown as TypedDocumentString<RunnerRowFragment, unknown>;
export const OverviewDocument = new TypedDocumentString(`
    query Overview($hours: Int!) {
  overview(hours: $hours) {
    hours
    since
    until
    failed
    runners
    active {
      status
      count
    }
    ended {
      status
      count
    }
    buckets {
      start
      total
      counts {
        status
        count
      }
    }
  }
  runners {
    id
    hostname
    platform
    pool
    capacity
    running
    lastHeartbeatAt
    startedAt
  }
  running: executions(status: RUNNING, first: 20) {
    edges {
      node {
        id
        status
        startedAt
        queuedAt
        task {
          name
        }
      }
    }
  }
  recent: executions(first: 10) {
    edges {
      node {
        ...ExecutionRow
      }
    }
  }
}
    fragment ExecutionRow on Execution {
  id
  status
  releaseRevision
  arguments
  exitCode
  queuedAt
  startedAt
  endedAt
  waitReason
  task {
    name
  }
}`) as unknown as TypedDocumentString<OverviewQuery, OverviewQueryVariables>;
export const AppsDocument = new TypedDocumentString(`
    query Apps($first: Int, $after: String, $search: String) {
  apps(first: $first, after: $after, search: $search) {
    name
    createdAt
    defaultVersion {
      version
    }
    versions {
      version
      uri
      createdAt
      warnings {
        code
        message
      }
      tasks {
        task
        revisions
        current
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AppsQuery, AppsQueryVariables>;
export const RegisterAppDocument = new TypedDocumentString(`
    mutation RegisterApp($input: RegisterAppInput!) {
  registerApp(input: $input) {
    version
    uri
  }
}
    `) as unknown as TypedDocumentString<RegisterAppMutation, RegisterAppMutationVariables>;
export const SetDefaultAppVersionDocument = new TypedDocumentString(`
    mutation SetDefaultAppVersion($input: SetDefaultAppVersionInput!) {
  setDefaultAppVersion(input: $input) {
    name
    defaultVersion {
      version
    }
  }
}
    `) as unknown as TypedDocumentString<SetDefaultAppVersionMutation, SetDefaultAppVersionMutationVariables>;
export const UnregisterAppVersionDocument = new TypedDocumentString(`
    mutation UnregisterAppVersion($input: UnregisterAppVersionInput!) {
  unregisterAppVersion(input: $input)
}
    `) as unknown as TypedDocumentString<UnregisterAppVersionMutation, UnregisterAppVersionMutationVariables>;
export const TasksDocument = new TypedDocumentString(`
    query Tasks($first: Int, $after: String, $search: String) {
  tasks(first: $first, after: $after, search: $search) {
    name
    createdAt
    app {
      name
    }
    currentRelease {
      revision
      status
      appVersion {
        version
      }
    }
  }
  apps {
    name
    versions {
      version
    }
  }
  executions(first: 500) {
    edges {
      node {
        id
        status
        queuedAt
        endedAt
        task {
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TasksQuery, TasksQueryVariables>;
export const CreateTaskDocument = new TypedDocumentString(`
    mutation CreateTask($input: CreateTaskInput!) {
  createTask(input: $input) {
    name
  }
}
    `) as unknown as TypedDocumentString<CreateTaskMutation, CreateTaskMutationVariables>;
export const TaskDocument = new TypedDocumentString(`
    query Task($name: String!, $releasesFirst: Int, $releasesBefore: Int) {
  task(name: $name) {
    name
    createdAt
    app {
      name
      versions {
        version
        uri
      }
    }
    currentRelease {
      revision
      status
      manifest
      appVersion {
        version
      }
    }
    releases(first: $releasesFirst, before: $releasesBefore) {
      revision
      status
      kind
      createdBy
      reason
      createdAt
      sourceRevision
      failureReason
      appVersion {
        version
      }
    }
    revisions: releases {
      revision
    }
  }
  executions(task: $name, first: 20) {
    edges {
      node {
        ...ExecutionRow
      }
    }
  }
}
    fragment ExecutionRow on Execution {
  id
  status
  releaseRevision
  arguments
  exitCode
  queuedAt
  startedAt
  endedAt
  waitReason
  task {
    name
  }
}`) as unknown as TypedDocumentString<TaskQuery, TaskQueryVariables>;
export const UpgradeTaskDocument = new TypedDocumentString(`
    mutation UpgradeTask($input: UpgradeTaskInput!) {
  upgradeTask(input: $input) {
    revision
    status
    failureReason
  }
}
    `) as unknown as TypedDocumentString<UpgradeTaskMutation, UpgradeTaskMutationVariables>;
export const RollbackTaskDocument = new TypedDocumentString(`
    mutation RollbackTask($input: RollbackTaskInput!) {
  rollbackTask(input: $input) {
    revision
    status
  }
}
    `) as unknown as TypedDocumentString<RollbackTaskMutation, RollbackTaskMutationVariables>;
export const ReleaseDiffDocument = new TypedDocumentString(`
    query ReleaseDiff($task: String!, $from: Int!, $to: Int!) {
  releaseDiff(task: $task, from: $from, to: $to) {
    changes {
      path
      kind
      from
      to
    }
    from {
      revision
      manifest
    }
    to {
      revision
      manifest
    }
  }
}
    `) as unknown as TypedDocumentString<ReleaseDiffQuery, ReleaseDiffQueryVariables>;
export const LaunchTaskDocument = new TypedDocumentString(`
    mutation LaunchTask($input: LaunchTaskInput!) {
  launchTask(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LaunchTaskMutation, LaunchTaskMutationVariables>;
export const ExecutionsDocument = new TypedDocumentString(`
    query Executions($task: String, $status: ExecutionStatus, $since: DateTime, $until: DateTime, $first: Int, $after: String, $search: String) {
  executions(
    task: $task
    status: $status
    since: $since
    until: $until
    first: $first
    after: $after
    search: $search
  ) {
    edges {
      cursor
      node {
        ...ExecutionRow
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment ExecutionRow on Execution {
  id
  status
  releaseRevision
  arguments
  exitCode
  queuedAt
  startedAt
  endedAt
  waitReason
  task {
    name
  }
}`) as unknown as TypedDocumentString<ExecutionsQuery, ExecutionsQueryVariables>;
export const TaskNamesDocument = new TypedDocumentString(`
    query TaskNames {
  tasks {
    name
  }
}
    `) as unknown as TypedDocumentString<TaskNamesQuery, TaskNamesQueryVariables>;
export const StepHistoryDocument = new TypedDocumentString(`
    query StepHistory($task: String!, $last: Int!) {
  stepStatistics(task: $task, last: $last) {
    step
    runs
    duration {
      ...StatValues
    }
    read {
      ...StatValues
    }
    write {
      ...StatValues
    }
    commit {
      ...StatValues
    }
    rollback {
      ...StatValues
    }
    skip {
      ...StatValues
    }
    filter {
      ...StatValues
    }
  }
  executions(task: $task, first: $last) {
    edges {
      node {
        id
        status
        queuedAt
        steps {
          name
          status
          readCount
          writeCount
          startedAt
          endedAt
        }
      }
    }
  }
}
    fragment StatValues on Stat {
  min
  max
  mean
  stddev
}`) as unknown as TypedDocumentString<StepHistoryQuery, StepHistoryQueryVariables>;
export const ExecutionDocument = new TypedDocumentString(`
    query Execution($id: ID!) {
  execution(id: $id) {
    id
    status
    releaseRevision
    arguments
    exitCode
    exitMessage
    errorMessage
    runnerId
    platform
    pool
    queuedAt
    startedAt
    endedAt
    cancelRequestedAt
    task {
      name
    }
    restartOf {
      id
    }
    origin {
      ...OriginFields
    }
    steps {
      ...StepRow
    }
    priority
    concurrencyKey
    concurrencyLimit
    cpu
    memory
    runnerLabels
    expiresAt
    launchProperties
    runSpec {
      uri
      arguments
      timeoutSeconds
      graceMs
      cpu
      memory
      pullPolicy
      platformOptions
      environment {
        name
        value
        masked
        secretReference
      }
    }
    ...ExecutionAdmission
  }
}
    fragment ExecutionAdmission on Execution {
  waitReason
  queuePosition
  assignedRunnerId
  dispatchedAt
  notBefore
  attempt
  retryOf {
    id
    attempt
    status
  }
  attempts {
    ...AttemptRow
  }
}
fragment AttemptRow on Execution {
  id
  attempt
  status
  queuedAt
  startedAt
  endedAt
  notBefore
  errorMessage
  exitCode
}
fragment OriginFields on Origin {
  kind
  name
  actor
  schedule
  scheduledTime
  fireKind
  trigger
  messageId
  dagRunId
  restartOf
  relaunchOf
}
fragment StepRow on StepExecution {
  name
  status
  readCount
  writeCount
  commitCount
  rollbackCount
  skipCount
  filterCount
  startedAt
  endedAt
  exitMessage
}`) as unknown as TypedDocumentString<ExecutionQuery, ExecutionQueryVariables>;
export const ExecutionEventsDocument = new TypedDocumentString(`
    subscription ExecutionEvents($id: ID!) {
  executionEvents(executionId: $id, replay: true) {
    seq
    kind
    status
    cause
    at
    log {
      seq
      stream
      text
      at
    }
    step {
      ...StepRow
    }
  }
}
    fragment StepRow on StepExecution {
  name
  status
  readCount
  writeCount
  commitCount
  rollbackCount
  skipCount
  filterCount
  startedAt
  endedAt
  exitMessage
}`) as unknown as TypedDocumentString<ExecutionEventsSubscription, ExecutionEventsSubscriptionVariables>;
export const ExecutionLiveDocument = new TypedDocumentString(`
    query ExecutionLive($id: ID!) {
  execution(id: $id) {
    id
    status
    exitCode
    exitMessage
    errorMessage
    runnerId
    startedAt
    endedAt
    ...ExecutionAdmission
  }
}
    fragment ExecutionAdmission on Execution {
  waitReason
  queuePosition
  assignedRunnerId
  dispatchedAt
  notBefore
  attempt
  retryOf {
    id
    attempt
    status
  }
  attempts {
    ...AttemptRow
  }
}
fragment AttemptRow on Execution {
  id
  attempt
  status
  queuedAt
  startedAt
  endedAt
  notBefore
  errorMessage
  exitCode
}`) as unknown as TypedDocumentString<ExecutionLiveQuery, ExecutionLiveQueryVariables>;
export const CancelExecutionDocument = new TypedDocumentString(`
    mutation CancelExecution($id: ID!) {
  cancelExecution(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CancelExecutionMutation, CancelExecutionMutationVariables>;
export const RestartExecutionDocument = new TypedDocumentString(`
    mutation RestartExecution($id: ID!) {
  restartExecution(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RestartExecutionMutation, RestartExecutionMutationVariables>;
export const DagsDocument = new TypedDocumentString(`
    query Dags($first: Int, $after: String, $search: String) {
  dags(first: $first, after: $after, search: $search) {
    name
    version
    definition
    maxParallel
    createdAt
    nodes {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<DagsQuery, DagsQueryVariables>;
export const DagDocument = new TypedDocumentString(`
    query Dag($name: String!, $versionsFirst: Int, $versionsBefore: Int) {
  dag(name: $name) {
    name
    version
    definition
    maxParallel
    createdAt
    nodes {
      id
      task
      label
      arguments
    }
    edges {
      from
      to
      on
    }
    versions(first: $versionsFirst, before: $versionsBefore) {
      version
      definition
      createdAt
      createdBy
    }
  }
}
    `) as unknown as TypedDocumentString<DagQuery, DagQueryVariables>;
export const ParseDagDocument = new TypedDocumentString(`
    query ParseDag($definition: String!) {
  parseDag(definition: $definition) {
    ok
    nodes {
      id
      task
      label
      arguments
    }
    edges {
      from
      to
      on
    }
    errors {
      line
      column
      message
      expected
    }
  }
}
    `) as unknown as TypedDocumentString<ParseDagQuery, ParseDagQueryVariables>;
export const CreateDagDocument = new TypedDocumentString(`
    mutation CreateDag($input: CreateDagInput!) {
  createDag(input: $input) {
    name
    version
  }
}
    `) as unknown as TypedDocumentString<CreateDagMutation, CreateDagMutationVariables>;
export const UpdateDagDocument = new TypedDocumentString(`
    mutation UpdateDag($input: UpdateDagInput!) {
  updateDag(input: $input) {
    name
    version
  }
}
    `) as unknown as TypedDocumentString<UpdateDagMutation, UpdateDagMutationVariables>;
export const LaunchDagDocument = new TypedDocumentString(`
    mutation LaunchDag($input: LaunchDagInput!) {
  launchDag(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LaunchDagMutation, LaunchDagMutationVariables>;
export const DagRunDocument = new TypedDocumentString(`
    query DagRun($id: ID!) {
  dagRun(id: $id) {
    ...DagRunView
    origin {
      ...OriginFields
    }
  }
}
    fragment OriginFields on Origin {
  kind
  name
  actor
  schedule
  scheduledTime
  fireKind
  trigger
  messageId
  dagRunId
  restartOf
  relaunchOf
}
fragment DagRunView on DagRun {
  id
  status
  attempt
  version
  arguments
  createdAt
  endedAt
  errorMessage
  cancelRequestedAt
  dag {
    name
  }
  edges {
    from
    to
    on
  }
  nodes {
    node {
      id
      task
      label
      arguments
    }
    status
    exitStatus
    startedAt
    endedAt
    execution {
      id
    }
    attempts {
      attempt
      status
      exitStatus
      execution {
        id
        startedAt
        endedAt
      }
    }
  }
}`) as unknown as TypedDocumentString<DagRunQuery, DagRunQueryVariables>;
export const DagRunEventsDocument = new TypedDocumentString(`
    subscription DagRunEvents($id: ID!) {
  dagRunEvents(id: $id) {
    ...DagRunView
  }
}
    fragment DagRunView on DagRun {
  id
  status
  attempt
  version
  arguments
  createdAt
  endedAt
  errorMessage
  cancelRequestedAt
  dag {
    name
  }
  edges {
    from
    to
    on
  }
  nodes {
    node {
      id
      task
      label
      arguments
    }
    status
    exitStatus
    startedAt
    endedAt
    execution {
      id
    }
    attempts {
      attempt
      status
      exitStatus
      execution {
        id
        startedAt
        endedAt
      }
    }
  }
}`) as unknown as TypedDocumentString<DagRunEventsSubscription, DagRunEventsSubscriptionVariables>;
export const CancelDagRunDocument = new TypedDocumentString(`
    mutation CancelDagRun($id: ID!) {
  cancelDagRun(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CancelDagRunMutation, CancelDagRunMutationVariables>;
export const RestartDagRunDocument = new TypedDocumentString(`
    mutation RestartDagRun($id: ID!) {
  restartDagRun(id: $id) {
    id
    status
    attempt
  }
}
    `) as unknown as TypedDocumentString<RestartDagRunMutation, RestartDagRunMutationVariables>;
export const DagRunsDocument = new TypedDocumentString(`
    query DagRuns($dag: String, $status: ExecutionStatus, $first: Int, $after: String) {
  dagRuns(dag: $dag, status: $status, first: $first, after: $after) {
    edges {
      cursor
      node {
        ...DagRunRow
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment DagRunRow on DagRun {
  id
  status
  attempt
  version
  arguments
  createdAt
  endedAt
  dag {
    name
  }
}`) as unknown as TypedDocumentString<DagRunsQuery, DagRunsQueryVariables>;
export const ScheduleTargetsDocument = new TypedDocumentString(`
    query ScheduleTargets {
  tasks {
    name
  }
  dags {
    name
  }
}
    `) as unknown as TypedDocumentString<ScheduleTargetsQuery, ScheduleTargetsQueryVariables>;
export const SchedulesDocument = new TypedDocumentString(`
    query Schedules($first: Int, $after: String, $search: String) {
  schedules(first: $first, after: $after, search: $search) {
    name
    task
    dag
    cron
    description
    timezone
    enabled
    nextFireAt
    lastFire {
      ...ScheduleFireRow
    }
  }
}
    fragment ScheduleFireRow on ScheduleFire {
  id
  scheduledTime
  firedAt
  kind
  outcome
  reason
  executionId
  dagRunId
  execution {
    id
    status
  }
  dagRun {
    id
    status
  }
}`) as unknown as TypedDocumentString<SchedulesQuery, SchedulesQueryVariables>;
export const ScheduleDocument = new TypedDocumentString(`
    query Schedule($name: String!, $fires: Int, $before: DateTime) {
  schedule(name: $name) {
    name
    task
    dag
    cron
    description
    timezone
    arguments
    properties
    enabled
    startAt
    endAt
    overlap
    misfire
    nextFireAt
    nextFireTimes(n: 5)
    createdAt
    updatedAt
    createdBy
    lastFire {
      ...ScheduleFireRow
    }
    fires(first: $fires, before: $before) {
      ...ScheduleFireRow
    }
  }
}
    fragment ScheduleFireRow on ScheduleFire {
  id
  scheduledTime
  firedAt
  kind
  outcome
  reason
  executionId
  dagRunId
  execution {
    id
    status
  }
  dagRun {
    id
    status
  }
}`) as unknown as TypedDocumentString<ScheduleQuery, ScheduleQueryVariables>;
export const PreviewCronDocument = new TypedDocumentString(`
    query PreviewCron($cron: String!, $timezone: String) {
  previewCron(cron: $cron, timezone: $timezone, n: 5) {
    valid
    error
    description
    timezone
    nextFireTimes
  }
}
    `) as unknown as TypedDocumentString<PreviewCronQuery, PreviewCronQueryVariables>;
export const CreateScheduleDocument = new TypedDocumentString(`
    mutation CreateSchedule($input: CreateScheduleInput!) {
  createSchedule(input: $input) {
    name
  }
}
    `) as unknown as TypedDocumentString<CreateScheduleMutation, CreateScheduleMutationVariables>;
export const UpdateScheduleDocument = new TypedDocumentString(`
    mutation UpdateSchedule($input: UpdateScheduleInput!) {
  updateSchedule(input: $input) {
    name
    enabled
    nextFireAt
  }
}
    `) as unknown as TypedDocumentString<UpdateScheduleMutation, UpdateScheduleMutationVariables>;
export const DeleteScheduleDocument = new TypedDocumentString(`
    mutation DeleteSchedule($name: String!) {
  deleteSchedule(name: $name)
}
    `) as unknown as TypedDocumentString<DeleteScheduleMutation, DeleteScheduleMutationVariables>;
export const BackfillScheduleDocument = new TypedDocumentString(`
    mutation BackfillSchedule($input: BackfillScheduleInput!) {
  backfillSchedule(input: $input) {
    fireTimes
    created
    alreadyFired
    fires {
      ...ScheduleFireRow
    }
  }
}
    fragment ScheduleFireRow on ScheduleFire {
  id
  scheduledTime
  firedAt
  kind
  outcome
  reason
  executionId
  dagRunId
  execution {
    id
    status
  }
  dagRun {
    id
    status
  }
}`) as unknown as TypedDocumentString<BackfillScheduleMutation, BackfillScheduleMutationVariables>;
export const TriggersDocument = new TypedDocumentString(`
    query Triggers($first: Int, $after: String, $search: String) {
  triggers(first: $first, after: $after, search: $search) {
    name
    task
    dag
    subject
    webhookPath
    dedupKey
    dedupWindowSeconds
    enabled
  }
}
    `) as unknown as TypedDocumentString<TriggersQuery, TriggersQueryVariables>;
export const TriggerDocument = new TypedDocumentString(`
    query Trigger($name: String!, $events: Int, $before: DateTime, $beforeId: ID) {
  trigger(name: $name) {
    name
    task
    dag
    subject
    webhookPath
    arguments
    properties
    dedupKey
    dedupWindowSeconds
    enabled
    createdAt
    updatedAt
    createdBy
    events(first: $events, before: $before, beforeId: $beforeId) {
      ...TriggerEventRow
    }
  }
}
    fragment TriggerEventRow on TriggerEvent {
  id
  source
  messageId
  receivedAt
  outcome
  reason
  dedupKey
  executionId
  dagRunId
  matchedEventId
  payload
  execution {
    id
    status
  }
  dagRun {
    id
    status
  }
}`) as unknown as TypedDocumentString<TriggerQuery, TriggerQueryVariables>;
export const TriggerDefinitionDocument = new TypedDocumentString(`
    query TriggerDefinition($name: String!) {
  trigger(name: $name) {
    name
    task
    dag
    subject
    arguments
    properties
    dedupKey
    dedupWindowSeconds
  }
}
    `) as unknown as TypedDocumentString<TriggerDefinitionQuery, TriggerDefinitionQueryVariables>;
export const CreateTriggerDocument = new TypedDocumentString(`
    mutation CreateTrigger($input: CreateTriggerInput!) {
  createTrigger(input: $input) {
    name
    webhookPath
    subject
    secret
  }
}
    `) as unknown as TypedDocumentString<CreateTriggerMutation, CreateTriggerMutationVariables>;
export const UpdateTriggerDocument = new TypedDocumentString(`
    mutation UpdateTrigger($input: UpdateTriggerInput!) {
  updateTrigger(input: $input) {
    name
    enabled
  }
}
    `) as unknown as TypedDocumentString<UpdateTriggerMutation, UpdateTriggerMutationVariables>;
export const DeleteTriggerDocument = new TypedDocumentString(`
    mutation DeleteTrigger($name: String!) {
  deleteTrigger(name: $name)
}
    `) as unknown as TypedDocumentString<DeleteTriggerMutation, DeleteTriggerMutationVariables>;
export const RotateTriggerSecretDocument = new TypedDocumentString(`
    mutation RotateTriggerSecret($name: String!) {
  rotateTriggerSecret(name: $name) {
    name
    secret
  }
}
    `) as unknown as TypedDocumentString<RotateTriggerSecretMutation, RotateTriggerSecretMutationVariables>;
export const RunnersDocument = new TypedDocumentString(`
    query Runners {
  runners(includeOffline: true) {
    ...RunnerRow
  }
  pools {
    name
    maxConcurrent
  }
}
    fragment RunnerRow on RunnerInfo {
  id
  platform
  pool
  labels
  capacity
  slotsInUse
  running
  cpu
  cpuFree
  memory
  memoryFree
  version
  state
  drainingAt
  hostname
  startedAt
  lastHeartbeatAt
}`) as unknown as TypedDocumentString<RunnersQuery, RunnersQueryVariables>;
export const DrainRunnerDocument = new TypedDocumentString(`
    mutation DrainRunner($id: String!) {
  drainRunner(id: $id) {
    ...RunnerRow
  }
}
    fragment RunnerRow on RunnerInfo {
  id
  platform
  pool
  labels
  capacity
  slotsInUse
  running
  cpu
  cpuFree
  memory
  memoryFree
  version
  state
  drainingAt
  hostname
  startedAt
  lastHeartbeatAt
}`) as unknown as TypedDocumentString<DrainRunnerMutation, DrainRunnerMutationVariables>;
export const ResumeRunnerDocument = new TypedDocumentString(`
    mutation ResumeRunner($id: String!) {
  resumeRunner(id: $id) {
    ...RunnerRow
  }
}
    fragment RunnerRow on RunnerInfo {
  id
  platform
  pool
  labels
  capacity
  slotsInUse
  running
  cpu
  cpuFree
  memory
  memoryFree
  version
  state
  drainingAt
  hostname
  startedAt
  lastHeartbeatAt
}`) as unknown as TypedDocumentString<ResumeRunnerMutation, ResumeRunnerMutationVariables>;
export const SetPoolLimitDocument = new TypedDocumentString(`
    mutation SetPoolLimit($pool: String!, $maxConcurrent: Int) {
  setPoolLimit(pool: $pool, maxConcurrent: $maxConcurrent) {
    name
    maxConcurrent
  }
}
    `) as unknown as TypedDocumentString<SetPoolLimitMutation, SetPoolLimitMutationVariables>;
export const QueueDocument = new TypedDocumentString(`
    query Queue($first: Int!) {
  queue {
    pools {
      pool
      queued
      running
      maxConcurrent
      oldestQueuedAt
      oldestWaitSeconds
      blockingReason
    }
    tasks {
      task
      pool
      queued
      running
      oldestQueuedAt
      oldestWaitSeconds
      blockingReason
    }
  }
  executions(status: QUEUED, first: $first) {
    edges {
      node {
        id
        queuePosition
        priority
        waitReason
        queuedAt
        notBefore
        expiresAt
        pool
        task {
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<QueueQuery, QueueQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    authenticated
    kind
    subject
    name
    grants {
      role
      prefix
    }
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const AuditRecordsDocument = new TypedDocumentString(`
    query AuditRecords($filter: AuditFilterInput, $first: Int, $after: String) {
  auditRecords(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        id
        at
        actor
        action
        target
        correlationId
        input
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AuditRecordsQuery, AuditRecordsQueryVariables>;
export const DagGridDocument = new TypedDocumentString(`
    query DagGrid($name: String!, $first: Int) {
  dag(name: $name) {
    name
    nodes {
      id
      task
    }
  }
  dagRuns(dag: $name, first: $first) {
    edges {
      node {
        id
        status
        attempt
        version
        createdAt
        nodes {
          node {
            id
          }
          status
          exitStatus
          execution {
            id
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DagGridQuery, DagGridQueryVariables>;
export const AboutDocument = new TypedDocumentString(`
    query About {
  about {
    version
    controlPlanes {
      instance
      version
      hostname
      pid
      startedAt
      leader
    }
    database {
      version
      host
      port
      name
    }
    nats {
      version
      serverName
      jetStream
      url
    }
  }
  runners(includeOffline: true) {
    id
    version
    platform
    pool
    hostname
    state
    startedAt
    lastHeartbeatAt
  }
}
    `) as unknown as TypedDocumentString<AboutQuery, AboutQueryVariables>;
export const LogPageDocument = new TypedDocumentString(`
    query LogPage($id: ID!, $after: Int!, $first: Int) {
  execution(id: $id) {
    id
    task {
      name
    }
    logs(after: $after, first: $first) {
      seq
      stream
      text
      at
    }
  }
}
    `) as unknown as TypedDocumentString<LogPageQuery, LogPageQueryVariables>;
export const DeleteTaskDocument = new TypedDocumentString(`
    mutation DeleteTask($name: String!) {
  deleteTask(name: $name)
}
    `) as unknown as TypedDocumentString<DeleteTaskMutation, DeleteTaskMutationVariables>;
export const DeleteDagDocument = new TypedDocumentString(`
    mutation DeleteDag($name: String!) {
  deleteDag(name: $name)
}
    `) as unknown as TypedDocumentString<DeleteDagMutation, DeleteDagMutationVariables>;
export const StepDrillDocument = new TypedDocumentString(`
    query StepDrill($id: ID!, $task: String!, $last: Int) {
  execution(id: $id) {
    id
    status
    startedAt
    endedAt
    task {
      name
    }
    steps {
      ...StepRow
      checkpoint
    }
    resumePoint {
      completedSteps
      checkpoints
    }
  }
  stepStatistics(task: $task, last: $last) {
    step
    runs
    duration {
      mean
      min
      max
    }
    read {
      mean
    }
    write {
      mean
    }
  }
}
    fragment StepRow on StepExecution {
  name
  status
  readCount
  writeCount
  commitCount
  rollbackCount
  skipCount
  filterCount
  startedAt
  endedAt
  exitMessage
}`) as unknown as TypedDocumentString<StepDrillQuery, StepDrillQueryVariables>;
export const ExecutionTaskDocument = new TypedDocumentString(`
    query ExecutionTask($id: ID!) {
  execution(id: $id) {
    id
    task {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ExecutionTaskQuery, ExecutionTaskQueryVariables>;
export const NodeGlanceDocument = new TypedDocumentString(`
    query NodeGlance($id: ID!) {
  execution(id: $id) {
    id
    status
    exitCode
    exitMessage
    errorMessage
    logs(tail: 20) {
      seq
      stream
      text
    }
  }
}
    `) as unknown as TypedDocumentString<NodeGlanceQuery, NodeGlanceQueryVariables>;
export const SearchDocument = new TypedDocumentString(`
    query Search($text: String!, $first: Int!, $byId: Boolean!, $id: ID!) {
  apps(search: $text, first: $first) {
    name
    defaultVersion {
      version
    }
  }
  tasks(search: $text, first: $first) {
    name
    app {
      name
    }
    currentRelease {
      revision
    }
  }
  dags(search: $text, first: $first) {
    name
    definition
  }
  schedules(search: $text, first: $first) {
    name
    cron
    task
    dag
  }
  triggers(search: $text, first: $first) {
    name
    subject
    task
    dag
  }
  execution(id: $id) @include(if: $byId) {
    id
    status
    queuedAt
    task {
      name
    }
  }
  matching: executions(search: $text, first: $first) @skip(if: $byId) {
    edges {
      node {
        id
        status
        queuedAt
        arguments
        exitMessage
        task {
          name
        }
      }
    }
  }
  dagRun(id: $id) @include(if: $byId) {
    id
    status
    dag {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const TaskGridDocument = new TypedDocumentString(`
    query TaskGrid($name: String!, $first: Int) {
  task(name: $name) {
    name
  }
  executions(task: $name, first: $first) {
    edges {
      node {
        id
        status
        queuedAt
        releaseRevision
        exitCode
        steps {
          name
          status
          readCount
          writeCount
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TaskGridQuery, TaskGridQueryVariables>;
export const RelaunchExecutionDocument = new TypedDocumentString(`
    mutation RelaunchExecution($input: RelaunchExecutionInput!) {
  relaunchExecution(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RelaunchExecutionMutation, RelaunchExecutionMutationVariables>;