import { natsConnectProblem, natsLoginOptions, natsTarget, type Subjects } from "@baton/proto";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { RunnerConfig } from "./config.js";

/**
 * The runner's connection: its own credentials and its own inbox prefix (so
 * NATS can let it subscribe to its replies and nobody else's). A refused
 * login fails at once with a sentence naming NATS_USER; after the first
 * connection it reconnects for ever.
 */
export async function connectRunner(config: RunnerConfig, s: Subjects): Promise<NatsConnection> {
  const { options, login } = natsLoginOptions(config.natsAuth, config.natsUrl);
  try {
    return await connect({
      servers: natsTarget(config.natsUrl).servers,
      name: `baton-runner ${config.runnerId}`,
      inboxPrefix: s.inbox(config.runnerId),
      maxReconnectAttempts: -1,
      // Back soon after NATS is: the control plane allows runners RUNNER_RECONNECT_MS more than itself
      // (services/control-plane/src/services/runners.service.ts) before it may judge them silent.
      reconnectTimeWait: 500,
      reconnectJitter: 100,
      ...options,
    });
  } catch (err) {
    throw new Error(natsConnectProblem(err, config.natsUrl, login));
  }
}

/** NATS refused a publish or subscription for want of permission (nats.js PermissionViolationError, maybe wrapped). */
export function isPermissionViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === "PermissionViolationError" || /permissions violation/i.test(e.message)) return true;
  }
  return false;
}
