import { BatonError } from "../errors.js";

/**
 * Runs one of the shared domain checks (checkName, parseAppUri, ...) and turns
 * its BatonError into a reported message, so a parser can collect every error
 * in one pass instead of stopping at the first. Other errors are bugs: rethrown.
 */
export function attempt<T>(
  check: () => T,
  fail: (message: string, details: Record<string, unknown> | undefined) => void,
): T | undefined {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof BatonError)) throw err;
    fail(err.message, err.details);
    return undefined;
  }
}
