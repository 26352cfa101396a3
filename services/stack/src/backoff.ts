/** How a crashed child is restarted: 1 s, 2 s, 4 s... up to `maxMs`, from 1 s again after a good run. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A child that stayed up this long counts as healthy: its next crash waits `initialMs` again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/**
 * The restart delays of one supervised child. `next(uptimeMs)` is called
 * each time it exits, with how long that run lasted, and gives the wait
 * before the next start.
 */
export class Backoff {
  private failures = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  next(uptimeMs: number): number {
    if (uptimeMs >= this.policy.resetAfterMs) this.failures = 0;
    const delay = Math.min(this.policy.initialMs * 2 ** this.failures, this.policy.maxMs);
    this.failures++;
    return delay;
  }
}
