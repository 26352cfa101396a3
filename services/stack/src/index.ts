export { findNatsServer, startNats } from "./nats.js";
export type { RunningService } from "./nats.js";
export { freePort, waitForPort } from "./ports.js";
export { startPostgres } from "./postgres.js";
export type { PostgresService } from "./postgres.js";
