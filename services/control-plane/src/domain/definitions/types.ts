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
}

/** Reserved: composed tasks in SCDF's DSL. The shape is read and kept; the DSL is checked by the service. */
export interface DagDefinitionDoc {
  name: string;
  definition: string;
}

/** Reserved: the shape is read and kept; cron, timezone and overlap are checked by the service. */
export interface ScheduleDefinitionDoc {
  name: string;
  /** Exactly one of task and dag. */
  task?: string;
  dag?: string;
  cron: string;
  timezone?: string;
  arguments: string[];
  overlap?: string;
  enabled: boolean;
}

export interface DefinitionsDocument {
  apiVersion: typeof API_VERSION;
  apps: AppDefinition[];
  tasks: TaskDefinitionDoc[];
  dags: DagDefinitionDoc[];
  schedules: ScheduleDefinitionDoc[];
}
