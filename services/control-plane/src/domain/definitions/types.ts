import type { DeploymentProperties } from "../properties.js";

/** The only document format this Baton reads and writes; bump it when the shape changes incompatibly. */
export const API_VERSION = "baton/v1";

/** Imports are parsed in memory in one request; bigger inputs are refused before parsing. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** A refusal a person can fix: 1-based line (and column when known) of the offending input. */
export interface LineError {
  line: number;
  column?: number;
  message: string;
}

export interface AppVersionDefinition {
  version: string;
  uri: string;
}

export interface AppDefinition {
  name: string;
  /** Absent: the registry's rule applies (the first registered version becomes the default). */
  defaultVersion?: string;
  versions: AppVersionDefinition[];
}

export interface TaskDefinitionDoc {
  name: string;
  /** May name an app outside the document (already registered); the service checks that it exists. */
  app: string;
  /** Absent: the app's default version when the task is created. */
  version?: string;
  properties: DeploymentProperties;
  arguments: string[];
  /** The task's own retention (setTaskRetention); absent fields use the global settings. */
  retention?: TaskRetentionDoc;
}

/** A task's retention in a document: only the limits it sets itself. */
export interface TaskRetentionDoc {
  days?: number;
  runs?: number;
  logDays?: number;
}

/** A composed task in SCDF's DSL; the definition is kept exactly as written (it is the DAG's version text). */
export interface DagDefinitionDoc {
  name: string;
  definition: string;
  /** Absent: no limit of its own on the nodes running at once. */
  maxParallel?: number;
  /** Absent: no limit on the DAG's node executions at once across all its runs. */
  maxConcurrent?: number;
  /**
   * Node id -> deployment properties laid over that node's task's when it runs;
   * absent when no node has any. Stored in the version's graph, so a change is a new version.
   */
  nodeProperties?: Record<string, DeploymentProperties>;
}

/**
 * A cron schedule, normalised as read: timezone, overlap and misfire are
 * always set (UTC, ALLOW, RUN_ONCE when the document leaves them out), cron
 * trimmed, times as ISO 8601 in UTC. The document says everything: what it
 * leaves out is the default, not "keep what is there".
 */
export interface ScheduleDefinitionDoc {
  name: string;
  /** Exactly one of task and dag. */
  task?: string;
  dag?: string;
  cron: string;
  timezone: string;
  arguments: string[];
  /** Deployment properties for the task's runs; empty for a DAG. */
  properties: DeploymentProperties;
  /** ALLOW | SKIP | QUEUE */
  overlap: string;
  /** SKIP | RUN_ONCE | RUN_ALL */
  misfire: string;
  enabled: boolean;
  startAt?: string;
  endAt?: string;
}

/** A message or webhook trigger. Its secret is never in a document: an import creates a fresh one. */
export interface TriggerDefinitionDoc {
  name: string;
  /** Exactly one of task and dag. */
  task?: string;
  dag?: string;
  /** Absent: webhook only. */
  subject?: string;
  /** Templates over the message's JSON. */
  arguments: string[];
  /** Deployment properties whose string values may be templates; empty for a DAG. */
  properties: Record<string, unknown>;
  dedupKey?: string;
  dedupWindowSeconds?: number;
  enabled: boolean;
}

export interface DefinitionsDocument {
  apiVersion: typeof API_VERSION;
  apps: AppDefinition[];
  tasks: TaskDefinitionDoc[];
  dags: DagDefinitionDoc[];
  schedules: ScheduleDefinitionDoc[];
  triggers: TriggerDefinitionDoc[];
}

/** The sections whose entries have a name; used to find where an entry starts. */
export type EntryKind = "app" | "task" | "dag" | "schedule" | "trigger";

/**
 * Where a DAG's definition text sits in the document, so a DSL error (line
 * and column inside the definition) can point at the document's own line.
 */
export interface TextOrigin {
  /** 1-based line and column of the value (for a block scalar, of its | or > header). */
  line: number;
  column: number;
  /** block: a | literal whose text starts on the next line at `indent`; inline: a one-line scalar; other: no mapping. */
  style: "block" | "inline" | "other";
  /** Columns before the text: the block's indentation, or 1 for an opening quote of an inline value. */
  offset: number;
}

/** Lines of the document's entries, for errors found after parsing (references, the DAG DSL against live tasks). */
export interface DocumentLines {
  /** 1-based line where each entry starts, keyed by entryKey(kind, name). */
  entries: Map<string, number>;
  /** Each DAG's definition, by DAG name. */
  definitions: Map<string, TextOrigin>;
}

/** As DagsService: a DAG definition is parsed in one request. */
export const MAX_DAG_DEFINITION_BYTES = 4 * 1024 * 1024;

/** As DagsService: maxParallel is 1..10000. */
export const MAX_PARALLEL = 10_000;

/** As DagsService: maxConcurrent is 1..10000. */
export const MAX_CONCURRENT = 10_000;

/** As TriggersService: a dedup window is at most 30 days. */
export const MAX_DEDUP_WINDOW_SECONDS = 30 * 86_400;
