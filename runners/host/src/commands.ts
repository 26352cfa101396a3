import {
  type ClaimReply,
  claimReply,
  decode,
  encode,
  type RunCommand,
  runCommand,
  type Subjects,
  token,
} from "@baton/proto";
import type { NatsConnection } from "@nats-io/transport-node";

export interface CommandDeps {
  nc: NatsConnection;
  s: Subjects;
  runnerId: string;
  log: (line: string) => void;
  /** True once the runner is shutting down: stop asking. */
  stopping?: () => boolean;
}

/** Decodes a RunCommand sent to this runner; an Error naming what is wrong otherwise. */
export function decodeCommand(data: Uint8Array): RunCommand | Error {
  try {
    const command = decode(runCommand, data);
    token(command.executionId, "execution id"); // its events subject must exist
    return command;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** How long before a claim is asked again when the control plane says "later" or does not answer. */
const RETRY_DELAY_MS = 1000;
const CLAIM_TIMEOUT_MS = 5000;
const RETRY_MAX_MS = 5000;

/**
 * Asks the control plane for a run before starting it (the control plane
 * alone decides whether it may run; see DESIGN.md "When versus where"): true
 * when this runner should run it, false when it must drop it (cancelled,
 * given to another runner) or is stopping.
 */
export async function claimCommand(command: RunCommand, deps: CommandDeps): Promise<boolean> {
  const id = command.executionId;
  const request = encode({ v: 1, executionId: id, runnerId: deps.runnerId });
  // A claim whose answer never came may still have been granted (the control
  // plane wrote it, then the reply was lost). Claims are idempotent for the
  // same runner, so this runner asks again until it gets a definite answer.
  for (let attempt = 0; ; attempt++) {
    let reply: ClaimReply | undefined;
    try {
      reply = decode(
        claimReply,
        (await deps.nc.request(deps.s.claim(deps.runnerId), request, { timeout: CLAIM_TIMEOUT_MS })).data,
      );
    } catch (err) {
      if (attempt === 0) deps.log(`claim of ${id} got no answer, asking again: ${String(err)}`);
    }
    if (reply?.ok) return true;
    if (reply && !reply.retry) {
      deps.log(`claim of ${id} refused: ${reply.reason ?? "no reason given"}`);
      return false;
    }
    if (reply && attempt === 0) deps.log(`claim of ${id} deferred: ${reply.reason ?? "no reason given"}`);
    if (deps.stopping?.()) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_DELAY_MS * 2 ** attempt)));
  }
}
