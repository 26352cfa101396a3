export * from "./client.js";
export type { MigrationFile } from "./migrate.js";
export { applyMigrations, migrationsDir, readMigrations } from "./migrate.js";
