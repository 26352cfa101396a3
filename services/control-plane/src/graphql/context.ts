import { randomUUID } from "node:crypto";
import type { Identity } from "../domain/auth/identity.js";
import type { RequestContext } from "../services/context.js";
import type { DagRunLoaders } from "./dags/dag-run-loaders.js";
import type { RegistryLoaders } from "./registry-loaders.js";

const ACTOR = /^[\w.@+-]{1,100}$/;

type Get = (name: string) => string | undefined;

/** What resolvers get: the request's context, and its loaders, made on first use for this request only. */
export interface GraphQLContext extends RequestContext {
  dagRunLoaders?: DagRunLoaders;
  registryLoaders?: RegistryLoaders;
}

/** The local mode's actor: what X-Baton-Actor says, else "anonymous". */
export function localActor(get: Get): string {
  const actor = get("x-baton-actor")?.trim();
  return actor && ACTOR.test(actor) ? actor : "anonymous";
}

/** The request context for a verified identity, from HTTP headers or graphql-ws connection params. */
export function contextFor(identity: Identity, get: Get): RequestContext {
  const correlationId = get("x-correlation-id")?.trim();
  return {
    actor: identity.name,
    ...(identity.kind === "local" ? {} : { subject: identity.subject }),
    identity,
    correlationId: correlationId && correlationId.length <= 200 ? correlationId : randomUUID(),
  };
}
