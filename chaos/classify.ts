import type { Ledger, LedgerEntry } from "./ledger.js";

/**
 * What the chaos suite concludes from what it saw: pure, so the verdicts are
 * tested on their own (test/chaos.test.ts) apart from the processes.
 */

export const TERMINAL: ReadonlySet<string> = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"]);

export interface DbExecution {
  id: string;
  idempotencyKey: string | null;
  status: string;
  runnerId: string | null;
  /** Epoch ms, or null. */
  startedAt: number | null;
  claimedAt: number | null;
  /** Every STATUS event's status, in seq order. */
  statuses: string[];
  /** The cause the last STATUS event gave, for the report. */
  lastCause?: string | null;
}

/** A runner process that died: killed by the suite, or exited on its own. */
export interface RunnerDeath {
  runnerId: string;
  at: number;
  cause: "kill" | "crash";
  /**
   * When its successor under the same runner id was started (undefined: never).
   * Until then nothing alive answers to that id, so a claim granted in between
   * was asked for by the process that died (a claim in flight).
   */
  restartedAt?: number;
  /** Executions it was seen holding when it died (its child processes, and the database right after). */
  held: string[];
}

export interface ChaosFacts {
  /** Every intended run's idempotency key. */
  keys: string[];
  /** Key -> execution id, for launches that were answered with an id. */
  accepted: Map<string, string>;
  /** The database's rows for those keys. */
  executions: DbExecution[];
  ledger: Ledger;
  runnerDeaths: RunnerDeath[];
  /** Execution id -> runner id -> the first time the suite saw that runner hold it (epoch ms). */
  seenHeld: Map<string, Map<string, number>>;
  /** A LOST run's "end" line this long after its runner died means the work outlived the runner. */
  outliveMarginMs?: number;
}

export interface Counts {
  intended: number;
  accepted: number;
  notAccepted: number;
  /** Rows for keys whose launch was never answered with an id (the answer was lost). */
  recordedUnanswered: number;
  completed: number;
  /** Other terminal statuses than COMPLETED and LOST, by status. */
  otherTerminal: Record<string, number>;
  lost: number;
  trueLost: number;
  falseLost: number;
  stuck: number;
  twice: number;
  vanished: number;
  outlived: number;
  overturned: number;
  phantom: number;
  mismatched: number;
  malformedLedger: number;
}

/**
 * "unaccepted" is listed but is no failure: whether a launch is answered before
 * the suite's deadline depends on how loaded the machine is. Every run the
 * database recorded for a key, answered or not, goes through every check.
 */
export type ProblemKind =
  | "unaccepted"
  | "stuck"
  | "twice"
  | "vanished"
  | "falseLost"
  | "outlived"
  | "overturned"
  | "phantom"
  | "mismatched";

export interface Classification {
  counts: Counts;
  /** Execution ids (or keys) per problem. */
  problems: Record<ProblemKind, string[]>;
  /** One sentence per check that is not 0; empty when the run is clean. */
  failures: string[];
}

const CHECKS: { kind: ProblemKind; what: string }[] = [
  { kind: "stuck", what: "accepted runs that started but are not terminal (stuck)" },
  { kind: "twice", what: "runs executed more than once" },
  { kind: "vanished", what: "accepted runs that never ran and are not terminal (vanished)" },
  { kind: "falseLost", what: "LOST runs whose runner was not killed while holding them (false LOST)" },
  { kind: "outlived", what: "LOST runs whose program kept running after its runner was killed" },
  { kind: "overturned", what: "runs whose terminal status was followed by another status" },
  { kind: "phantom", what: "COMPLETED runs the ledger never saw start" },
  { kind: "mismatched", what: "launch answers or executed ids that do not match the database" },
];

export function classify(facts: ChaosFacts): Classification {
  const margin = facts.outliveMarginMs ?? 100;
  const problems: Record<ProblemKind, string[]> = {
    unaccepted: [],
    stuck: [],
    twice: [],
    vanished: [],
    falseLost: [],
    outlived: [],
    overturned: [],
    phantom: [],
    mismatched: [],
  };
  const byKey = new Map<string, DbExecution>();
  for (const e of facts.executions) if (e.idempotencyKey !== null) byKey.set(e.idempotencyKey, e);
  const counts: Counts = {
    intended: facts.keys.length,
    accepted: 0,
    notAccepted: 0,
    recordedUnanswered: 0,
    completed: 0,
    otherTerminal: {},
    lost: 0,
    trueLost: 0,
    falseLost: 0,
    stuck: 0,
    twice: 0,
    vanished: 0,
    outlived: 0,
    overturned: 0,
    phantom: 0,
    mismatched: 0,
    malformedLedger: facts.ledger.malformed.length,
  };
  const ours = new Set<string>();
  const noLedger: LedgerEntry = { starts: [], ends: [] };

  for (const key of facts.keys) {
    const answered = facts.accepted.get(key);
    const row = byKey.get(key);
    if (answered !== undefined) counts.accepted++;
    else {
      counts.notAccepted++;
      problems.unaccepted.push(key);
    }
    if (answered === undefined && row === undefined) continue;
    if (answered === undefined) counts.recordedUnanswered++;
    const id = answered ?? (row as DbExecution).id;
    ours.add(id);
    if (row && row.id !== id) problems.mismatched.push(`${key}: answered ${id}, database has ${row.id}`);
    const ran = facts.ledger.runs.get(id) ?? noLedger;
    if (ran.starts.length > 1) problems.twice.push(id);
    if (!row) {
      problems.vanished.push(id); // accepted, and the database does not have it
      continue;
    }
    const terminalAt = row.statuses.findIndex((s) => TERMINAL.has(s));
    if (terminalAt >= 0 && terminalAt < row.statuses.length - 1) problems.overturned.push(id);
    if (!TERMINAL.has(row.status)) {
      (ran.starts.length > 0 ? problems.stuck : problems.vanished).push(id);
      continue;
    }
    if (row.status === "COMPLETED") {
      counts.completed++;
      if (ran.starts.length === 0) problems.phantom.push(id);
    } else if (row.status === "LOST") {
      counts.lost++;
      const death = lostBecause(row, ran, facts);
      if (!death) {
        problems.falseLost.push(id);
        continue;
      }
      counts.trueLost++;
      if (ran.ends.some((end) => end.at > death.at + margin)) problems.outlived.push(id);
    } else {
      counts.otherTerminal[row.status] = (counts.otherTerminal[row.status] ?? 0) + 1;
    }
  }
  for (const id of facts.ledger.runs.keys()) {
    if (!ours.has(id)) problems.mismatched.push(`${id}: executed, but no launch of this suite has that id`);
  }

  counts.stuck = problems.stuck.length;
  counts.twice = problems.twice.length;
  counts.vanished = problems.vanished.length;
  counts.falseLost = problems.falseLost.length;
  counts.outlived = problems.outlived.length;
  counts.overturned = problems.overturned.length;
  counts.phantom = problems.phantom.length;
  counts.mismatched = problems.mismatched.length;
  const failures = CHECKS.filter((c) => problems[c.kind].length > 0).map((c) => `${problems[c.kind].length} ${c.what}`);
  if (counts.malformedLedger > 0) failures.push(`${counts.malformedLedger} malformed ledger lines`);
  return { counts, problems, failures };
}

/**
 * The death of the run's runner that makes its LOST true: a death of that
 * runner after the run was claimed by it (seen held, started, or claimed
 * before the death, or before its successor started). A runner restarted
 * under the same id starts empty, so a run it claimed after its restart is
 * not explained by the earlier death.
 */
export function lostBecause(row: DbExecution, ran: LedgerEntry, facts: ChaosFacts): RunnerDeath | undefined {
  if (row.runnerId === null) return undefined;
  const seen = facts.seenHeld.get(row.id)?.get(row.runnerId);
  const evidence = [seen, row.startedAt, row.claimedAt, ...ran.starts.map((s) => s.at)].filter(
    (t): t is number => typeof t === "number",
  );
  const heldSince = evidence.length > 0 ? Math.min(...evidence) : undefined;
  return facts.runnerDeaths
    .filter((d) => d.runnerId === row.runnerId)
    .sort((a, b) => a.at - b.at)
    .find(
      (d) =>
        d.held.includes(row.id) || (heldSince !== undefined && heldSince < (d.restartedAt ?? Number.POSITIVE_INFINITY)),
    );
}
