import { type ClaimReply, claimReply, decode, encode, type RunCommand, runCommand, type Subjects } from "@baton/proto";
import type { JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

export interface CommandDeps {
  nc: NatsConnection;
  s: Subjects;
  runnerId: string;
  log: (line: string) => void;
  /** True for a run this runner already holds. */
  holds: (executionId: string) => boolean;
  /** True once the runner is shutting down: stop asking and leave the command to others. */
  stopping?: () => boolean;
}

/** How long a command waits before it is offered again when the control plane says "later" or does not answer. */
const RETRY_DELAY_MS = 1000;
const CLAIM_TIMEOUT_MS = 5000;
const RETRY_MAX_MS = 5000;

/**
 * Takes one command off the work queue: decodes it and asks the control plane
 * for it (the control plane alone decides whether it may run; see DESIGN.md
 * "When versus where"). Returns the command when this runner should run it;
 * otherwise the message has been acked, nak'ed or terminated accordingly.
 * term() carries no reason: nats-server 2.9 (Debian's) does not understand
 * "+TERM reason" and would leave the command pending, to be offered again.
 */
export async function acceptCommand(msg: JsMsg, deps: CommandDeps): Promise<RunCommand | undefined> {
  let command: RunCommand;
  try {
    command = decode(runCommand, msg.data);
    deps.s.events(command.executionId); // its events subject must exist
  } catch (err) {
    deps.log(`dropping an undecodable run command (stream seq ${msg.seq}): ${String(err)}`);
    msg.term();
    return undefined;
  }
  const id = command.executionId;
  if (deps.holds(id)) {
    // A redelivery (our ack was lost) of a run already going here.
    deps.log(`${id} is already running here; dropping the duplicate command`);
    msg.term();
    return undefined;
  }
  const request = encode({ v: 1, executionId: id, runnerId: deps.runnerId });
  // A claim whose answer never came may still have been granted (the control
  // plane wrote it, then the reply was lost): handing the command to another
  // runner would then leave it refused ("claimed by ...") and the run stuck.
  // Claims are idempotent for the same runner, so this runner asks again until
  // it gets a definite answer, keeping the command in progress meanwhile.
  for (let attempt = 0; ; attempt++) {
    let reply: ClaimReply | undefined;
    try {
      reply = decode(claimReply, (await deps.nc.request(deps.s.claim, request, { timeout: CLAIM_TIMEOUT_MS })).data);
    } catch (err) {
      if (attempt === 0) deps.log(`claim of ${id} got no answer, asking again: ${String(err)}`);
    }
    if (reply?.ok) {
      msg.ack();
      return command;
    }
    if (reply && !reply.retry) {
      deps.log(`claim of ${id} refused: ${reply.reason ?? "no reason given"}`);
      msg.term();
      return undefined;
    }
    if (reply && attempt === 0) deps.log(`claim of ${id} deferred: ${reply.reason ?? "no reason given"}`);
    if (deps.stopping?.()) {
      msg.nak(RETRY_DELAY_MS);
      return undefined;
    }
    msg.working();
    await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_DELAY_MS * 2 ** attempt)));
  }
}
