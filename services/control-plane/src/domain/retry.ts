import { z } from "zod";

/** The end states a run may be retried from; a cancelled or expired run never is. */
export const RETRYABLE = ["FAILED", "TIMED_OUT", "LOST"] as const;
export type RetryableStatus = (typeof RETRYABLE)[number];

const NEVER_RETRIED = new Set(["CANCELLED", "EXPIRED"]);

const DEFAULT_INITIAL_SECONDS = 1;
const DEFAULT_MULTIPLIER = 2;
const DEFAULT_MAX_SECONDS = 300;
const DEFAULT_JITTER = 0;
const DAY_SECONDS = 86400;
const MAX_ATTEMPTS_MESSAGE =
  "maxAttempts counts every attempt including the first: a whole number, at least 1 (1 means no retry) and at most 100";

/** A number in [min, max] whose every refusal says so, naming the field. */
function numberIn(name: string, min: number, max: number): z.ZodNumber {
  const message = `${name} is a number from ${min} to ${max}`;
  return z.number({ error: message }).min(min, { error: message }).max(max, { error: message });
}

function statusMessage(input: unknown): string {
  const allowed = `on lists statuses to retry after: ${RETRYABLE.join(", ")}`;
  if (typeof input === "string" && NEVER_RETRIED.has(input)) {
    return `a cancelled or expired run is never retried (${input}); ${allowed}`;
  }
  return allowed;
}

const backoffSchema = z
  .object({
    initialSeconds: numberIn("backoff.initialSeconds", 0, DAY_SECONDS).optional(),
    multiplier: numberIn("backoff.multiplier", 1, 10).optional(),
    maxSeconds: numberIn("backoff.maxSeconds", 0, DAY_SECONDS).optional(),
    jitter: numberIn("backoff.jitter", 0, 1).optional(),
  })
  .strict();

/** retry (API.md): how many attempts a run gets in all, how long to wait between them, after which end states. */
export const retryPolicySchema = z
  .object({
    maxAttempts: z
      .number({ error: MAX_ATTEMPTS_MESSAGE })
      .int({ error: MAX_ATTEMPTS_MESSAGE })
      .min(1, { error: MAX_ATTEMPTS_MESSAGE })
      .max(100, { error: MAX_ATTEMPTS_MESSAGE }),
    backoff: backoffSchema.optional(),
    on: z
      .array(z.enum(RETRYABLE, { error: (issue) => statusMessage(issue.input) }))
      .min(1, { error: `on lists at least one of ${RETRYABLE.join(", ")} (leave it out for all three)` })
      .refine((list) => new Set(list).size === list.length, { error: "on lists each status once" })
      .optional(),
  })
  .strict();
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/** Delay before attempt `ended + 1`: initial * multiplier^(ended-1), capped at maxSeconds, then jitter: delay * (1 + jitter * (2*random() - 1)), never negative. In ms, integer. */
export function retryDelayMs(policy: RetryPolicy, endedAttempt: number, random: () => number = Math.random): number {
  const initial = policy.backoff?.initialSeconds ?? DEFAULT_INITIAL_SECONDS;
  const multiplier = policy.backoff?.multiplier ?? DEFAULT_MULTIPLIER;
  const max = policy.backoff?.maxSeconds ?? DEFAULT_MAX_SECONDS;
  const jitter = policy.backoff?.jitter ?? DEFAULT_JITTER;
  const exponent = Math.max(0, endedAttempt - 1);
  // initial 0 stays 0 (0 * Infinity would be NaN for huge exponents).
  const grown = initial === 0 ? 0 : initial * multiplier ** exponent;
  const capped = Math.min(grown, max);
  const jittered = capped * (1 + jitter * (2 * random() - 1));
  return Math.max(0, Math.round(jittered * 1000));
}

export type RetryDecision =
  | { retry: false; reason: string }
  | { retry: true; attempt: number; notBefore: Date; delayMs: number; reason: string };

function isRetryable(status: string): status is RetryableStatus {
  return (RETRYABLE as readonly string[]).includes(status);
}

/** Whether the run that ended as `ended` gets another attempt, when, and why (or why not). */
export function decideRetry(
  policy: RetryPolicy | undefined,
  ended: { status: string; attempt: number },
  now: Date,
  random: () => number = Math.random,
): RetryDecision {
  if (!policy) return { retry: false, reason: "no retry policy" };
  const { status, attempt } = ended;
  if (!isRetryable(status)) return { retry: false, reason: `${status} is never retried` };
  if (!(policy.on ?? RETRYABLE).includes(status)) return { retry: false, reason: `${status} is not in retry.on` };
  if (attempt >= policy.maxAttempts) {
    return { retry: false, reason: `attempt ${attempt} of ${policy.maxAttempts} was the last` };
  }
  const delayMs = retryDelayMs(policy, attempt, random);
  const next = attempt + 1;
  return {
    retry: true,
    attempt: next,
    notBefore: new Date(now.getTime() + delayMs),
    delayMs,
    reason: `attempt ${next} of ${policy.maxAttempts} after ${status}, in ${(delayMs / 1000).toFixed(1)} s`,
  };
}
