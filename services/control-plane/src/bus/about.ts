import { type ControlPlaneAbout, controlPlaneAbout, decode, encode } from "@baton/proto";
import type { Msg } from "@nats-io/transport-node";
import type { AboutPeers, NatsFacts } from "../services/about.service.js";
import type { Bus } from "./connection.js";
import { DroppedMessages } from "./dropped.js";

/** How long the asker gathers answers: every healthy instance answers in milliseconds. */
export const ABOUT_WAIT_MS = 500;

/**
 * Answers `<prefix>.ctl.about` with this instance's facts. No queue group:
 * every control plane must answer the one request, so the asker hears all
 * of them (scatter-gather). The request's payload is ignored.
 */
export function startAboutResponder(bus: Bus, facts: () => ControlPlaneAbout, log: (m: string) => void): void {
  const sub = bus.nc.subscribe(bus.s.about);
  (async () => {
    for await (const msg of sub) {
      if (!msg.reply) continue;
      try {
        msg.respond(encode(facts()));
      } catch (err) {
        log(`about: could not answer: ${(err as Error).message}`);
      }
    }
  })().catch((err) => log(`about listener stopped: ${(err as Error).message}`));
}

/**
 * The answers that decode as a ControlPlaneAbout; the rest (another
 * version's shape, garbage) are dropped and counted, so one odd instance
 * cannot take the page down.
 */
export function decodeAboutReplies(
  messages: readonly Pick<Msg, "data" | "subject">[],
  dropped?: DroppedMessages,
): ControlPlaneAbout[] {
  const out: ControlPlaneAbout[] = [];
  for (const m of messages) {
    try {
      out.push(decode(controlPlaneAbout, m.data));
    } catch (err) {
      dropped?.drop(m.subject, (err as Error).message);
    }
  }
  return out;
}

/**
 * Every control plane's facts by one request gathered for ABOUT_WAIT_MS
 * (nats.js `requestMany`, strategy "timer"). NATS down or closing is no
 * error: whatever arrived so far (often nothing) is the answer, and the
 * caller still lists itself.
 */
export function natsAboutPeers(bus: Bus, log: (m: string) => void, waitMs = ABOUT_WAIT_MS): AboutPeers {
  const dropped = new DroppedMessages("about answers dropped", log);
  return {
    async gather(): Promise<ControlPlaneAbout[]> {
      const received: Msg[] = [];
      try {
        const replies = await bus.nc.requestMany(bus.s.about, undefined, { strategy: "timer", maxWait: waitMs });
        for await (const m of replies) received.push(m);
      } catch {
        // No connection, or it closed while gathering: keep what came.
      }
      return decodeAboutReplies(received, dropped);
    },
  };
}

/** The NATS server this connection uses, from its INFO (the last one, while reconnecting), never credentials. */
export function natsFacts(bus: Bus): NatsFacts {
  return {
    facts() {
      const info = bus.nc.info;
      return {
        version: info?.version ?? "",
        serverName: info?.server_name ?? "",
        jetStream: info?.jetstream === true,
        server: bus.nc.getServer(),
      };
    },
  };
}
