export type { RunningService } from "./nats.js";
export { findNatsServer, NATS_CONFIG_FILE, startNats } from "./nats.js";
export type { NatsAuthorizationInput, NatsLogin } from "./nats-auth.js";
export { natsAuthorization, newPassword } from "./nats-auth.js";
export { freePort, waitForPort } from "./ports.js";
export type { PostgresService } from "./postgres.js";
export { startPostgres } from "./postgres.js";
export type { Child } from "./processes.js";
export { startNodeChild, waitForLine } from "./processes.js";
