/**
 * Which tables a backup holds, in an order that satisfies every foreign key
 * (a table comes after the tables it references), and why each table of
 * schema.prisma is in or out. backup/tables.test.ts checks this list against
 * schema.prisma: every model classified, keys and references as declared.
 */

/** definitions: always; history: with --with-history; audit: with --with-audit. */
export type TableGroup = "definitions" | "history" | "audit";

export interface TableSpec {
  name: string;
  group: TableGroup;
  /** Primary key columns: rows are written in this order. */
  primaryKey: readonly string[];
  /** Tables this one has foreign keys to (they are loaded first). */
  references: readonly string[];
  /**
   * Columns that name history rows without a foreign key: NULL in a backup
   * without history, so restored definitions point only at restored rows.
   */
  clearWithoutHistory?: readonly string[];
  why: string;
}

export const BACKUP_TABLES: readonly TableSpec[] = [
  {
    name: "apps",
    group: "definitions",
    primaryKey: ["id"],
    references: [],
    why: "registered apps (defaultVersionId names an app_versions row, also restored)",
  },
  {
    name: "app_versions",
    group: "definitions",
    primaryKey: ["id"],
    references: ["apps"],
    why: "every version, unregistered ones too: old releases name them",
  },
  {
    name: "task_definitions",
    group: "definitions",
    primaryKey: ["id"],
    references: ["apps"],
    why: "tasks, deleted ones too (their releases and history name them); currentRevision names a restored release",
  },
  {
    name: "releases",
    group: "definitions",
    primaryKey: ["id"],
    references: ["task_definitions", "app_versions"],
    clearWithoutHistory: ["verifyExecutionId"],
    why: "every revision of every task: the release history, rollbacks included",
  },
  {
    name: "pools",
    group: "definitions",
    primaryKey: ["name"],
    references: [],
    why: "pool limits an operator set",
  },
  {
    name: "dags",
    group: "definitions",
    primaryKey: ["id"],
    references: [],
    why: "DAGs, deleted ones too (like tasks)",
  },
  {
    name: "dag_versions",
    group: "definitions",
    primaryKey: ["id"],
    references: ["dags"],
    why: "every version of every DAG",
  },
  {
    name: "schedules",
    group: "definitions",
    primaryKey: ["id"],
    references: [],
    why: "schedules (they name their task or DAG); nextFireAt is kept, so fire times missed while restoring follow the misfire policy",
  },
  {
    name: "triggers",
    group: "definitions",
    primaryKey: ["id"],
    references: [],
    why: "triggers with their webhook secrets (webhooks keep working after a restore)",
  },
  {
    name: "api_tokens",
    group: "definitions",
    primaryKey: ["id"],
    references: [],
    why: "API tokens: only their SHA-256 hashes, so scripts keep their access",
  },
  {
    name: "audit_records",
    group: "audit",
    primaryKey: ["id"],
    references: [],
    why: "the audit trail: large and append-only, so an option",
  },
  {
    name: "executions",
    group: "history",
    primaryKey: ["id"],
    references: ["task_definitions"],
    why: "runs (their schedule, DAG, retry and restart links point at restored rows)",
  },
  {
    name: "step_executions",
    group: "history",
    primaryKey: ["executionId", "name"],
    references: ["executions"],
    why: "per-step counters and checkpoints",
  },
  {
    name: "execution_events",
    group: "history",
    primaryKey: ["executionId", "seq"],
    references: ["executions"],
    why: "status changes and step updates",
  },
  {
    name: "execution_log_chunks",
    group: "history",
    primaryKey: ["executionId", "lastSeq"],
    references: ["executions"],
    why: "log lines, up to 1,000 consecutive lines of a run a row",
  },
  {
    name: "dag_runs",
    group: "history",
    primaryKey: ["id"],
    references: ["dags"],
    why: "DAG runs",
  },
  {
    name: "dag_node_runs",
    group: "history",
    primaryKey: ["id"],
    references: ["dag_runs"],
    why: "which execution ran which node of a DAG run",
  },
  {
    name: "schedule_fires",
    group: "history",
    primaryKey: ["id"],
    references: ["schedules"],
    why: "fire times handled (a restored schedule does not fire them again)",
  },
  {
    name: "trigger_events",
    group: "history",
    primaryKey: ["id"],
    references: ["triggers"],
    why: "messages and webhook calls received (deduplication keeps working)",
  },
];

/** Tables of the database a backup never holds, and why. */
export const EXCLUDED_TABLES: readonly { name: string; why: string }[] = [
  {
    name: "runners",
    why: "live state of running processes (heartbeats, slots in use): runners register again when they connect to the restored database; restored runs whose runner never comes back end LOST as usual",
  },
  {
    name: "_prisma_migrations",
    why: "restore applies the migrations itself; the header lists the backup's",
  },
];

/** The tables a backup with these options holds, in load order. */
export function tablesFor(options: { history: boolean; audit: boolean }): TableSpec[] {
  return BACKUP_TABLES.filter(
    (t) =>
      t.group === "definitions" || (t.group === "history" && options.history) || (t.group === "audit" && options.audit),
  );
}

export function tableSpec(name: string): TableSpec | undefined {
  return BACKUP_TABLES.find((t) => t.name === name);
}
