import { randomUUID } from "node:crypto";
import type { RequestContext } from "../services/context.js";

const ACTOR = /^[\w.@+-]{1,100}$/;

/** Builds the request context from HTTP headers or graphql-ws connection params. */
export function contextFrom(get: (name: string) => string | undefined): RequestContext {
  const actor = get("x-baton-actor")?.trim();
  const correlationId = get("x-correlation-id")?.trim();
  return {
    actor: actor && ACTOR.test(actor) ? actor : "anonymous",
    correlationId: correlationId && correlationId.length <= 200 ? correlationId : randomUUID(),
  };
}
