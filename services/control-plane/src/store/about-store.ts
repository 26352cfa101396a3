import type { Queryable } from "./run-store.js";

/** What the About page asks the database itself (the rest comes from its URL). */
export class AboutStore {
  constructor(private readonly db: Queryable) {}

  /** The server's version as it reports it ("16.4", or "16.4 (Debian 16.4-1.pgdg120+2)"). */
  async serverVersion(): Promise<string> {
    const { rows } = await this.db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    return rows[0]?.version ?? "";
  }
}
