import type { Classification, DbExecution, ProblemKind } from "./classify.js";
import type { FaultRecord, LaunchRecord } from "./harness.js";
import type { ChaosOptions } from "./options.js";

export interface ReportInput {
  options: ChaosOptions;
  t0: number;
  elapsedMs: number;
  classification: Classification;
  answers: Record<string, number>;
  faults: FaultRecord[];
  leftovers: number;
  executions: DbExecution[];
  launches: Map<string, LaunchRecord>;
}

const SHOWN_PER_PROBLEM = 10;

/** The table, the launch answers, the per-fault log and the problem runs, as plain text. */
export function formatReport(r: ReportInput): string {
  const c = r.classification.counts;
  const o = r.options;
  const rel = (t: number) => `${t >= r.t0 ? "+" : "-"}${(Math.abs(t - r.t0) / 1000).toFixed(1)}s`;
  const row = (label: string, n: number, note = "") =>
    `  ${label.padEnd(26)}${String(n).padStart(6)}${note ? `   ${note}` : ""}`;
  const must = (n: number) => (n === 0 ? "must be 0: ok" : "must be 0: FAIL");
  const other = Object.entries(c.otherTerminal)
    .map(([s, n]) => `${s} ${n}`)
    .join(", ");
  const lines = [
    "",
    `Chaos: seed ${o.seed}, ${o.runs} runs at ${o.rate}/s, ${o.controlPlanes} control planes, ${o.runners} runners ` +
      `(capacity ${o.runnerCapacity}), faults ${o.faults.join(", ") || "none"} x${o.killsPerKind}, ` +
      `${(r.elapsedMs / 1000).toFixed(0)} s`,
    row("intended", c.intended),
    row("accepted", c.accepted),
    row("not accepted", c.notAccepted, "no id before the launch deadline (reported, not a check)"),
    row("recorded, unanswered", c.recordedUnanswered, "in the database though no answer carried its id"),
    row("completed", c.completed),
    row(
      "other terminal",
      Object.values(c.otherTerminal).reduce((a, b) => a + b, 0),
      other,
    ),
    row("LOST", c.lost, `${c.trueLost} held by a runner killed at the time`),
    row("stuck", c.stuck, must(c.stuck)),
    row("executed twice", c.twice, must(c.twice)),
    row("vanished", c.vanished, must(c.vanished)),
    row("false LOST", c.falseLost, must(c.falseLost)),
    row("outlived its runner", c.outlived, must(c.outlived)),
    row("terminal overturned", c.overturned, must(c.overturned)),
    row("completed, never ran", c.phantom, must(c.phantom)),
    row("mismatched ids", c.mismatched, must(c.mismatched)),
    row("malformed ledger lines", c.malformedLedger, must(c.malformedLedger)),
    "",
    `Launch answers: ${
      Object.entries(r.answers)
        .sort((a, b) => b[1] - a[1])
        .map(([code, n]) => `${code} ${n}`)
        .join(", ") || "none"
    }`,
    `Task processes left running at the end (killed): ${r.leftovers}`,
    "",
    "Faults:",
    ...(r.faults.length === 0 ? ["  none"] : []),
    ...r.faults.map((f) => {
      const back = f.restartedAt
        ? `back at ${rel(f.restartedAt)} (${((f.restartedAt - f.at) / 1000).toFixed(1)} s)`
        : f.restartError
          ? `NOT restarted: ${f.restartError}`
          : "not restarted";
      const what =
        f.kind === "crash" ? `${f.target} crashed: ${f.detail ?? ""}` : `kill -9 ${f.kind} ${f.target} (pid ${f.pid})`;
      const held = f.held
        ? `, holding ${f.held.length}${f.held.length ? ` [${f.held.slice(0, 8).join(" ")}${f.held.length > 8 ? " ..." : ""}]` : ""}`
        : "";
      const detail = f.kind !== "crash" && f.detail ? ` (${f.detail})` : "";
      return `  ${rel(f.at)} ${what}${held}${detail}; ${back}`;
    }),
  ];
  const problems = Object.entries(r.classification.problems).filter(([, ids]) => ids.length > 0) as [
    ProblemKind,
    string[],
  ][];
  if (problems.length > 0) {
    lines.push("", "Problem runs:");
    const byId = new Map(r.executions.map((e) => [e.id, e]));
    const at = (t: number | null) => (t === null ? "-" : rel(t));
    for (const [kind, ids] of problems) {
      lines.push(`  ${kind} (${ids.length}):`);
      for (const id of ids.slice(0, SHOWN_PER_PROBLEM)) {
        const e = byId.get(id);
        const l = e?.idempotencyKey ? r.launches.get(e.idempotencyKey) : undefined;
        const launched = l ? ` accepted ${rel(l.at)} by ${l.via} (attempt ${l.attempts})` : "";
        lines.push(
          e
            ? `    ${id} ${e.idempotencyKey}${launched}: ${e.status}, runner ${e.runnerId ?? "-"}, claimed ${at(e.claimedAt)}, started ${at(e.startedAt)}, history ${e.statuses.join(">")}${e.lastCause ? ` ("${e.lastCause}")` : ""}`
            : `    ${id}`,
        );
      }
      if (ids.length > SHOWN_PER_PROBLEM) lines.push("    ...");
    }
  }
  lines.push(
    "",
    r.classification.failures.length === 0
      ? "Result: PASS"
      : `Result: FAIL\n${r.classification.failures.map((f) => `  - ${f}`).join("\n")}`,
    `Replay with: npm run chaos -- --seed ${o.seed} --runs ${o.runs} --rate ${o.rate} --faults ${o.faults.join(",") || "none"} --kills-per-kind ${o.killsPerKind}`,
    "",
  );
  return lines.join("\n");
}
