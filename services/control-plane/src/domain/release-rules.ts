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
