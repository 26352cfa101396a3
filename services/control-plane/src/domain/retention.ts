import { badInput } from "./errors.js";

/**
 * History retention (docs/architecture.md, "Retention"). Every number is a
 * whole number; 0 switches that limit off.
 */
export interface RetentionPolicy {
  /** Executions that ended more than this many days ago are deleted; 0 keeps them forever. */
  days: number;
  /** Only the last this many runs of a task are kept (older ended ones are deleted); 0: no count limit. */
  runs: number;
  /** Log lines of executions that ended more than this many days ago are deleted; 0: as long as the execution. */
  logDays: number;
}

/** The global settings (config.ts, BATON_RETENTION_*) and how the leader's pass runs. */
export interface RetentionConfig extends RetentionPolicy {
  /** Audit records older than this many days are deleted; 0 keeps them forever. */
  auditDays: number;
  /** How often the leader runs a pass. */
  intervalMs: number;
  /** Rows per statement. */
  batch: number;
  /** A pass stops after this long and the next one continues (default: half the interval, at most 10 s). */
  passBudgetMs?: number;
}

/** A task's own settings; null means "the global one". */
export interface RetentionOverride {
  retentionDays: number | null;
  retentionRuns: number | null;
  logRetentionDays: number | null;
}

/** What one pass should do for one task. */
export interface TaskRules {
  taskId: string;
  /** Delete ended executions older than this many days (absent: no age limit). */
  days?: number;
  /** Keep the last this many runs (absent: no count limit). */
  keepRuns?: number;
  /** Delete the log lines of executions ended more than this many days ago (absent: none). */
  logDays?: number;
}

/** The longest setting accepted: 100 years, in days (and runs). */
export const MAX_RETENTION = 36_500;

/** The policy that applies to a task: each of its own settings wins over the global one. */
export function effectiveRetention(global: RetentionPolicy, task: RetentionOverride): RetentionPolicy {
  return {
    days: task.retentionDays ?? global.days,
    runs: task.retentionRuns ?? global.runs,
    logDays: task.logRetentionDays ?? global.logDays,
  };
}

/**
 * The log-line horizon in days, or undefined when log lines live as long as
 * their execution: logDays is 0, or not shorter than the execution's own days.
 */
export function logHorizon(policy: RetentionPolicy): number | undefined {
  if (policy.logDays <= 0) return undefined;
  if (policy.days > 0 && policy.logDays >= policy.days) return undefined;
  return policy.logDays;
}

/** One pass's rules per task; tasks with nothing to delete are left out. */
export function taskRules(
  global: RetentionPolicy,
  tasks: readonly (RetentionOverride & { id: string })[],
): TaskRules[] {
  const rules: TaskRules[] = [];
  for (const t of tasks) {
    const p = effectiveRetention(global, t);
    const logDays = logHorizon(p);
    const rule: TaskRules = {
      taskId: t.id,
      ...(p.days > 0 ? { days: p.days } : {}),
      ...(p.runs > 0 ? { keepRuns: p.runs } : {}),
      ...(logDays !== undefined ? { logDays } : {}),
    };
    if (rule.days !== undefined || rule.keepRuns !== undefined || rule.logDays !== undefined) rules.push(rule);
  }
  return rules;
}

/** The moment before which something of the given age in days is due; undefined for 0 (forever). */
export function cutoff(now: Date, days: number): Date | undefined {
  return days > 0 ? new Date(now.getTime() - days * 86_400_000) : undefined;
}

const FIELDS = {
  days: "days (executions are kept this many days after they end; 0 keeps them forever)",
  runs: "runs (the last this many runs are kept; 0 is no count limit)",
  logDays: "logDays (log lines are kept this many days after the run ends; 0 keeps them as long as the run)",
} as const;

/** Checks setTaskRetention's input: each field null (the global setting) or a whole number 0..36500. */
export function checkRetentionInput(input: {
  days?: number | null;
  runs?: number | null;
  logDays?: number | null;
}): RetentionOverride {
  const one = (key: keyof typeof FIELDS): number | null => {
    const v = input[key];
    if (v === undefined || v === null) return null;
    if (!Number.isInteger(v) || v < 0 || v > MAX_RETENTION) {
      throw badInput(
        `retention.${key} must be a whole number from 0 to ${MAX_RETENTION}, or null to use the global setting; got ${v}. It is ${FIELDS[key]}.`,
        { field: `retention.${key}` },
      );
    }
    return v;
  };
  return { retentionDays: one("days"), retentionRuns: one("runs"), logRetentionDays: one("logDays") };
}
