import { conflict, notFound } from "./errors.js";

export type ReleaseStatus = "DEPLOYED" | "SUPERSEDED" | "FAILED" | "PENDING";
export type ReleaseKind = "CREATE" | "UPGRADE" | "ROLLBACK";

export interface ReleaseSummary {
  revision: number;
  status: ReleaseStatus;
}

/**
 * Which revision a rollback copies: the named one, or by default the newest
 * revision before the current one that was ever deployed. History is never
 * rewritten: the copy becomes a new revision.
 */
export function rollbackTarget(
  task: string,
  releases: readonly ReleaseSummary[],
  current: number,
  requested?: number | null,
): number {
  if (requested !== undefined && requested !== null) {
    const target = releases.find((r) => r.revision === requested);
    if (!target) {
      const known = releases.map((r) => r.revision).join(", ");
      throw notFound(`Task ${task} has no revision ${requested}; its revisions are ${known}.`);
    }
    if (requested === current) throw conflict(`Revision ${requested} of ${task} is already the current one.`);
    if (target.status === "FAILED" || target.status === "PENDING") {
      throw conflict(
        `Revision ${requested} of ${task} was never deployed (${target.status}); pick a revision that was.`,
      );
    }
    return requested;
  }
  const earlier = releases
    .filter((r) => r.revision < current && (r.status === "DEPLOYED" || r.status === "SUPERSEDED"))
    .sort((a, b) => b.revision - a.revision)[0];
  if (!earlier) throw conflict(`Task ${task} has no earlier deployed revision to roll back to.`);
  return earlier.revision;
}

/**
 * What an upgrade does with the properties it is given, said once for the
 * API's description, README and the console: they replace the task's as a
 * whole (what `releasesService.upgrade` does: `properties ?? current`).
 */
export const UPGRADE_PROPERTIES_RULE =
  "Replaces the task's deployment properties as a whole when given; nothing is merged, so a property you leave " +
  "out (an env entry included) is removed: repeat every one you want to keep. Omitted or null: the current " +
  "properties are kept unchanged. (Launch-time properties, by contrast, merge over the task's, env key by key.)";

/** The same for default arguments: given, they replace the task's list; omitted, it is kept. */
export const UPGRADE_ARGUMENTS_RULE =
  "Replaces the task's default arguments as a whole when given (an empty list removes them all); omitted or " +
  "null: the current ones are kept.";
