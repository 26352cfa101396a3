import type { Identity } from "../domain/auth/identity.js";

/**
 * Who is calling and which request this is. With authentication on, the
 * actor and subject come from the verified identity (OIDC token or API
 * token); in the unauthenticated local mode the actor is what the caller
 * says in the X-Baton-Actor header ("anonymous" otherwise). The correlation
 * id is the caller's X-Correlation-Id or a new one.
 */
export interface RequestContext {
  /** The name audit records and "created by" show. */
  actor: string;
  /** The identity's stable id (OIDC subject, service:<name>), when authentication is on. */
  subject?: string;
  correlationId: string;
  /** The verified identity (absent for the system's own work). */
  identity?: Identity;
}

export const SYSTEM_CONTEXT: RequestContext = { actor: "system", correlationId: "system" };
