export type { RunningService } from "./nats.js";
export { findNatsServer, startNats } from "./nats.js";
export { freePort, waitForPort } from "./ports.js";
export type { PostgresService } from "./postgres.js";
export { startPostgres } from "./postgres.js";
export type { Child } from "./processes.js";
export { startNodeChild, waitForLine } from "./processes.js";
