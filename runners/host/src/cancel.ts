import { cancelRequest, decode, encode } from "@baton/proto";
import type { Msg } from "@nats-io/transport-node";
import type { Execution } from "./run.js";

/**
 * Answers CancelRequests sent to this runner. The reply only says whether the
 * run is held here; that it ended is reported by its `exited` event. A
 * repeated request for a run already stopping changes nothing.
 */
export function onCancelRequest(
  running: ReadonlyMap<string, Execution>,
  log: (line: string, execution: Execution) => void,
): (err: Error | null, msg: Msg) => void {
  return (err, msg) => {
    if (err) return;
    let reply: { ok: boolean; reason?: string };
    try {
      const request = decode(cancelRequest, msg.data);
      const execution = running.get(request.executionId);
      if (execution) {
        const first = execution.cancel(request.graceMs);
        log(
          first
            ? `cancel of ${request.executionId} requested (grace ${request.graceMs} ms)`
            : `cancel of ${request.executionId} requested again: already stopping, deadline unchanged`,
          execution,
        );
        reply = { ok: true };
      } else {
        reply = { ok: false, reason: "not running here" };
      }
    } catch (decodeError) {
      reply = { ok: false, reason: String(decodeError) };
    }
    msg.respond(encode(reply));
  };
}
