/**
 * Who is calling and which request this is. Until single sign-on lands, the
 * actor is what the caller says in the X-Baton-Actor header ("anonymous"
 * otherwise); the correlation id is the caller's X-Correlation-Id or a new one.
 */
export interface RequestContext {
  actor: string;
  correlationId: string;
}

export const SYSTEM_CONTEXT: RequestContext = { actor: "system", correlationId: "system" };
