/** Why a run started. API.md: Execution.origin and DagRun.origin. */
export type OriginKind = "MANUAL" | "SCHEDULE" | "TRIGGER" | "DAG" | "RESTART" | "VERIFY";

export const ORIGIN_KINDS: readonly OriginKind[] = ["MANUAL", "SCHEDULE", "TRIGGER", "DAG", "RESTART", "VERIFY"];

export interface Origin {
  kind: OriginKind;
  /** The schedule, trigger or DAG by name. */
  name?: string | null;
  /** Who asked (a manual launch, a restart, an upgrade's verification). */
  actor?: string | null;
  scheduleId?: string | null;
  /** The fire time a schedule started it for (ISO 8601); also BATON_SCHEDULED_TIME. */
  scheduledTime?: string | null;
  /** SCHEDULED, MISFIRE or BACKFILL, for a schedule's run. */
  fireKind?: string | null;
  triggerId?: string | null;
  /** The trigger's message: "stream:<seq>" or the webhook delivery id. */
  messageId?: string | null;
  dagRunId?: string | null;
  restartOf?: string | null;
  /** The execution a manual relaunch repeated (kind MANUAL). */
  relaunchOf?: string | null;
}

/**
 * The environment a run gets from its origin: BATON_SCHEDULED_TIME for a
 * schedule's runs (and the nodes of its DAG runs), BATON_TRIGGER and
 * BATON_TRIGGER_MESSAGE for a trigger's.
 */
export function originEnv(origin: Origin | null | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  if (origin?.scheduledTime) env.BATON_SCHEDULED_TIME = origin.scheduledTime;
  if (origin?.kind === "TRIGGER" && origin.name) env.BATON_TRIGGER = origin.name;
  if (origin?.kind === "TRIGGER" && origin.messageId) env.BATON_TRIGGER_MESSAGE = origin.messageId;
  return env;
}
