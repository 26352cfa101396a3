import { decode, encode, type HeldRun, recoverReply, type Subjects } from "@baton/proto";
import type { NatsConnection } from "@nats-io/transport-node";

/** One ask waits this long for a control plane (which first waits for the runs' events to be ingested). */
const ASK_TIMEOUT_MS = 30_000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Asks the control plane which runs this runner id held before this
 * incarnation started, until one answers: a runner must not heartbeat (nor
 * take new runs) before it knows, or runs it could adopt would be declared
 * LOST while their containers still run.
 */
export async function askHeldRuns(
  nc: NatsConnection,
  s: Subjects,
  runnerId: string,
  startedAt: string,
  log: (line: string) => void,
): Promise<HeldRun[]> {
  const request = encode({ v: 1, runnerId, startedAt });
  for (let attempt = 0; ; attempt++) {
    let problem: string;
    try {
      const reply = decode(
        recoverReply,
        (await nc.request(s.recover(runnerId), request, { timeout: ASK_TIMEOUT_MS })).data,
      );
      if (reply.ok) return reply.runs;
      problem = reply.reason ?? "the control plane cannot answer yet";
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    if (attempt === 0 || attempt % 10 === 0)
      log(`waiting for a control plane to say which runs this runner held before: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt)));
  }
}
