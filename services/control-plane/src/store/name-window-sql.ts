import { likePattern, type NameWindow } from "../domain/name-window.js";

/** WHERE / ORDER BY / LIMIT of one page of a table ordered by its unique `name` column. */
export function nameWindowSql(window: NameWindow | undefined): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  if (window?.after !== undefined) {
    params.push(window.after);
    where.push(`name > $${params.length}`);
  }
  if (window?.search !== undefined) {
    params.push(likePattern(window.search));
    where.push(`name ILIKE $${params.length}`);
  }
  let sql = `${where.length > 0 ? `WHERE ${where.join(" AND ")} ` : ""}ORDER BY name`;
  if (window?.limit !== undefined) {
    params.push(window.limit);
    sql += ` LIMIT $${params.length}`;
  }
  return { sql, params };
}
