/** One dependency /readyz looks at: undefined when fine, else why not (a sentence). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<string | undefined>;
}

export interface Readiness {
  ok: boolean;
  /** Per check: true, or the reason it is not ready. */
  checks: Record<string, true | string>;
}

const CHECK_TIMEOUT_MS = 2000;
const CACHE_MS = 1000;

/**
 * /readyz: every check at once, each bounded by a timeout, the answer cached
 * for a second so a probe storm does not become a database storm.
 */
export function readinessOf(checks: readonly ReadinessCheck[]): () => Promise<Readiness> {
  let cached: { at: number; value: Promise<Readiness> } | undefined;
  return () => {
    const now = Date.now();
    if (cached && now - cached.at < CACHE_MS) return cached.value;
    const value = Promise.all(checks.map((c) => run(c))).then((results) => {
      const out: Readiness = { ok: true, checks: {} };
      checks.forEach((c, i) => {
        const reason = results[i];
        out.checks[c.name] = reason === undefined ? true : reason;
        if (reason !== undefined) out.ok = false;
      });
      return out;
    });
    cached = { at: now, value };
    return value;
  };
}

async function run(c: ReadinessCheck): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CHECK_TIMEOUT_MS} ms`), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([c.check().catch((err: unknown) => (err as Error).message || String(err)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
