import type { Identity } from "../domain/auth/identity.js";
import { BatonError } from "../domain/errors.js";

/** graphql-ws's code for a refused connection; clients may reconnect with a fresh token. */
export const AUTH_CLOSE_CODE = 4403;
const MAX_REASON_BYTES = 123;

/** A WebSocket close reason: at most 123 bytes, as the protocol allows. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > MAX_REASON_BYTES) reason = `${reason.slice(0, -4)}...`;
  return reason;
}

interface Session {
  close(reason: string): void;
  timers: NodeJS.Timeout[];
  tokenId?: string;
}

/**
 * The authenticated graphql-ws connections of this instance: each ends when
 * its credential expires, when its API token is revoked here, and (revoked on
 * another instance) when a periodic re-check fails.
 */
export class Sessions {
  private readonly open = new Set<Session>();

  constructor(
    private readonly recheckMs: number,
    private readonly recheck: (credential: string) => Promise<unknown>,
  ) {}

  add(identity: Identity, credential: string | undefined, close: (code: number, reason: string) => void): () => void {
    const session: Session = {
      close: (reason) => close(AUTH_CLOSE_CODE, closeReason(reason)),
      timers: [],
      ...(identity.tokenId ? { tokenId: identity.tokenId } : {}),
    };
    if (identity.expiresAt) {
      // setTimeout holds at most about 24.8 days; a longer-lived credential is re-checked instead.
      const ms = Math.min(identity.expiresAt.getTime() - Date.now(), 2 ** 31 - 1);
      session.timers.push(
        setTimeout(
          () => session.close("Unauthenticated: the token expired; reconnect with a fresh one."),
          Math.max(0, ms),
        ),
      );
    }
    if (identity.tokenId && credential) {
      const timer = setInterval(() => {
        // Only a refusal ends it; a database that cannot answer right now does not.
        this.recheck(credential).catch((err: unknown) => {
          if (err instanceof BatonError && err.code === "UNAUTHENTICATED")
            session.close(`Unauthenticated: ${err.message}`);
        });
      }, this.recheckMs);
      session.timers.push(timer);
    }
    for (const t of session.timers) t.unref();
    this.open.add(session);
    return () => {
      for (const t of session.timers) clearTimeout(t);
      this.open.delete(session);
    };
  }

  /** Ends this instance's subscriptions that use the token at once. */
  revoked(tokenId: string): void {
    for (const s of this.open) if (s.tokenId === tokenId) s.close("Unauthenticated: the API token was revoked.");
  }
}
