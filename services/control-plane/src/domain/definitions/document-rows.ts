/**
 * Stored DAGs, schedules and triggers as document entries. Export writes
 * these, and import compares a document's entry with the one its stored row
 * gives: equal means unchanged, so importing an export changes nothing. Pure.
 * A DAG's nodeProperties live in its current version's graph, not its row.
 */
import { type DagGraph, nodePropertiesOf } from "../dag/index.js";
import type { DeploymentProperties } from "../properties.js";
import { manifestsEqual } from "./diff.js";
import type { DagDefinitionDoc, ScheduleDefinitionDoc, TriggerDefinitionDoc } from "./types.js";

/** The columns of a schedule that a document carries (not its fire state). */
export interface ScheduleColumns {
  name: string;
  taskName: string | null;
  dagName: string | null;
  cron: string;
  timezone: string;
  arguments: string[];
  properties: unknown;
  enabled: boolean;
  startAt: Date | null;
  endAt: Date | null;
  overlap: string;
  misfire: string;
}

/** The columns of a trigger that a document carries (never its secret). */
export interface TriggerColumns {
  name: string;
  taskName: string | null;
  dagName: string | null;
  subject: string | null;
  arguments: string[];
  properties: unknown;
  dedupKey: string | null;
  dedupWindowSeconds: number | null;
  enabled: boolean;
}

const target = (row: { taskName: string | null; dagName: string | null }): { task?: string; dag?: string } =>
  row.taskName !== null ? { task: row.taskName } : row.dagName !== null ? { dag: row.dagName } : {};

const object = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** A DAG's columns and its current version's text and graph (whose nodes carry the DAG's nodeProperties). */
export interface DagColumns {
  name: string;
  maxParallel: number | null;
  maxConcurrent: number | null;
  definition: string;
  /** The version's graph JSON; null when there is none. */
  graph: unknown;
}

/** What an import does to a stored DAG: nothing, update its row's limits, or add a version. */
export type DagChange = "unchanged" | "limits" | "version";

const isGraph = (value: unknown): value is DagGraph => Array.isArray(object(value).nodes);

export function dagEntry(row: DagColumns): DagDefinitionDoc {
  const nodeProperties = isGraph(row.graph) ? nodePropertiesOf(row.graph) : null;
  return {
    name: row.name,
    definition: row.definition,
    ...(row.maxParallel === null ? {} : { maxParallel: row.maxParallel }),
    ...(row.maxConcurrent === null ? {} : { maxConcurrent: row.maxConcurrent }),
    ...(nodeProperties === null ? {} : { nodeProperties }),
  };
}

/**
 * A new version when the definition text or nodeProperties (compared as
 * JSON, key order aside) differ, since runs are pinned to a version's graph;
 * only the row when maxParallel or maxConcurrent differ.
 */
export function dagChange(stored: DagDefinitionDoc, wanted: DagDefinitionDoc): DagChange {
  const sameNodes = manifestsEqual(stored.nodeProperties ?? {}, wanted.nodeProperties ?? {});
  if (stored.definition !== wanted.definition || !sameNodes) return "version";
  const sameLimits = stored.maxParallel === wanted.maxParallel && stored.maxConcurrent === wanted.maxConcurrent;
  return sameLimits ? "unchanged" : "limits";
}

export function scheduleEntry(row: ScheduleColumns): ScheduleDefinitionDoc {
  return {
    name: row.name,
    ...target(row),
    cron: row.cron,
    timezone: row.timezone,
    arguments: [...row.arguments],
    properties: object(row.properties) as DeploymentProperties,
    overlap: row.overlap,
    misfire: row.misfire,
    enabled: row.enabled,
    ...(row.startAt === null ? {} : { startAt: row.startAt.toISOString() }),
    ...(row.endAt === null ? {} : { endAt: row.endAt.toISOString() }),
  };
}

export function triggerEntry(row: TriggerColumns): TriggerDefinitionDoc {
  return {
    name: row.name,
    ...target(row),
    ...(row.subject === null ? {} : { subject: row.subject }),
    arguments: [...row.arguments],
    properties: object(row.properties),
    ...(row.dedupKey === null ? {} : { dedupKey: row.dedupKey }),
    ...(row.dedupWindowSeconds === null ? {} : { dedupWindowSeconds: row.dedupWindowSeconds }),
    enabled: row.enabled,
  };
}

/** Deep equality of two entries; key order does not matter, list order does. */
export function sameEntry<T extends object>(a: T, b: T): boolean {
  return manifestsEqual(a, b);
}

/** Whether a schedule's fire times change: its cron, time zone or bounds differ. */
export function timingChanged(before: ScheduleDefinitionDoc, after: ScheduleDefinitionDoc): boolean {
  return (
    before.cron !== after.cron ||
    before.timezone !== after.timezone ||
    before.startAt !== after.startAt ||
    before.endAt !== after.endAt
  );
}
