import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { verifySignature } from "../domain/trigger/index.js";
import { checkName } from "../domain/validation.js";
import { MAX_MESSAGE_BYTES } from "../services/triggers/intake.js";
import type { TriggerEventRow, TriggerRow } from "../store/trigger-store.js";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "../store/unavailable.js";
import { httpErrorBody } from "./errors.js";

/** What the webhook route needs: find a trigger, hand it a message. */
export interface HookPort {
  get(name: string): Promise<TriggerRow | undefined>;
  receive(trigger: TriggerRow, messageId: string, body: Buffer): Promise<{ event: TriggerEventRow; replayed: boolean }>;
}

const SIGNATURE_HEADERS = ["x-baton-signature-256", "x-hub-signature-256"];
const DELIVERY_HEADERS = ["x-baton-delivery", "x-github-delivery", "x-gitlab-event-uuid", "x-request-id"];
const DELIVERY = /^[\x21-\x7e]{1,200}$/;

/**
 * POST /hooks/<trigger>: the body is the message; the signature header is
 * "sha256=" + HMAC-SHA256(body, trigger secret), as GitHub sends it. A
 * delivery id header makes a retried delivery change nothing. Answers 401
 * for a missing or wrong signature (and records nothing), otherwise the
 * outcome: 200 started or deduplicated, 422 rejected.
 */
export function hooksRouter(port: HookPort, log: (m: string) => void): Router {
  const router = express.Router();
  router.post(
    "/:name",
    express.raw({ type: () => true, limit: MAX_MESSAGE_BYTES }),
    async (req: Request, res: Response) => {
      const raw = String(req.params.name ?? "");
      let name: string;
      try {
        name = checkName(raw, "trigger");
      } catch (err) {
        res.status(404).json(httpErrorBody((err as Error).message, "NOT_FOUND"));
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      try {
        const trigger = await port.get(name);
        if (!trigger) {
          res.status(404).json(httpErrorBody(`No trigger named ${name}.`, "NOT_FOUND"));
          return;
        }
        const signature = SIGNATURE_HEADERS.map((h) => req.get(h)).find((v) => v !== undefined);
        if (!verifySignature(trigger.secret, body, signature)) {
          res
            .status(401)
            .json(
              httpErrorBody(
                signature
                  ? "The signature does not match the body; sign the exact body with the trigger's secret: X-Baton-Signature-256: sha256=<hex HMAC-SHA256>."
                  : "The request has no signature; send X-Baton-Signature-256: sha256=<hex HMAC-SHA256 of the body with the trigger's secret>.",
                "UNAUTHENTICATED",
              ),
            );
          return;
        }
        const given = DELIVERY_HEADERS.map((h) => req.get(h)).find((v) => v !== undefined);
        if (given !== undefined && !DELIVERY.test(given)) {
          res
            .status(400)
            .json(httpErrorBody("The delivery id header must be 1-200 printable characters.", "BAD_REQUEST"));
          return;
        }
        const messageId = given ?? `http:${crypto.randomUUID()}`;
        const { event, replayed } = await port.receive(trigger, messageId, body);
        res.status(event.outcome === "REJECTED" ? 422 : 200).json({
          outcome: event.outcome,
          event: event.id,
          messageId: event.messageId,
          executionId: event.executionId,
          dagRunId: event.dagRunId,
          duplicateOf: event.matchedEventId,
          reason: event.reason,
          replayed,
        });
      } catch (err) {
        if (isDatabaseUnavailable(err)) {
          res.status(503).json(httpErrorBody(DATABASE_UNAVAILABLE, "SERVICE_UNAVAILABLE"));
          return;
        }
        log(`webhook for ${name} failed: ${(err as Error).stack ?? err}`);
        res
          .status(500)
          .json(httpErrorBody("Internal error; the control plane logged the details.", "INTERNAL_SERVER_ERROR"));
      }
    },
  );
  // A body over the limit never reaches the route: answer here, with the webhook's own limit.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const e = err as { type?: unknown };
    if (e.type !== "entity.too.large") {
      next(err);
      return;
    }
    res
      .status(413)
      .json(
        httpErrorBody(
          `The body is larger than ${MAX_MESSAGE_BYTES} bytes, the most a trigger takes; send a smaller message (a reference to the data, not the data).`,
          "PAYLOAD_TOO_LARGE",
        ),
      );
  });
  return router;
}
