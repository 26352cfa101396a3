import { isJsonObject, type JsonValue } from "./json.js";

/** What BATON_RESUME carries into a restarted execution (see proto/PROTOCOL.md). */
export interface ResumeInfo {
  /** The execution this one restarts. */
  readonly restartOf: string;
  /** Steps that COMPLETED there: a restart does not run them again. */
  readonly completedSteps: readonly string[];
  /** The last checkpoint each step wrote there. */
  readonly checkpoints: Readonly<Record<string, JsonValue>>;
}

/**
 * Parses BATON_RESUME. Throws on a malformed value rather than running from
 * scratch: a restart that silently redoes committed work could write twice.
 */
export function parseResume(raw: string | undefined): ResumeInfo | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error("BATON_RESUME is not JSON.");
  }
  if (!isJsonObject(value)) throw new Error("BATON_RESUME must be a JSON object.");
  const { restartOf, completedSteps = [], checkpoints = {} } = value;
  if (typeof restartOf !== "string") throw new Error("BATON_RESUME.restartOf must be a string.");
  if (!Array.isArray(completedSteps) || !completedSteps.every((s) => typeof s === "string")) {
    throw new Error("BATON_RESUME.completedSteps must be an array of step names.");
  }
  if (!isJsonObject(checkpoints)) throw new Error("BATON_RESUME.checkpoints must be an object keyed by step name.");
  return { restartOf, completedSteps: completedSteps as string[], checkpoints };
}
