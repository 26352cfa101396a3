import { query, type SqlClient } from "./sql.js";

/** One live task's release revisions on one app version. */
export interface VersionUseRow {
  appVersionId: string;
  task: string;
  currentRevision: number;
  /** Ascending. */
  revisions: number[];
}

/**
 * Which live (not deleted) tasks have release revisions on each of these app
 * versions: one row per version and task, in one statement whatever the
 * number of versions (the apps page asks for all of its versions at once).
 */
export function versionUseRows(db: SqlClient, appVersionIds: readonly string[]): Promise<VersionUseRow[]> {
  return query<VersionUseRow>(
    db,
    `SELECT r."appVersionId", t.name AS task, t."currentRevision",
            array_agg(r.revision ORDER BY r.revision) AS revisions
       FROM releases r
       JOIN task_definitions t ON t.id = r."taskId"
      WHERE r."appVersionId" = ANY($1::uuid[]) AND t."liveName" IS NOT NULL
      GROUP BY r."appVersionId", t.id, t.name, t."currentRevision"`,
    [[...appVersionIds]],
  );
}
