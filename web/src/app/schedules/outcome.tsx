import Link from "next/link";
import { StatusBadge } from "@/components/status";

// Outcomes of fires and trigger events, coloured like the run statuses they resemble.
const LOOKS_LIKE: Record<string, string> = {
  STARTED: "COMPLETED",
  WAITING: "QUEUED",
  SKIPPED: "SUPERSEDED",
  PAUSED: "SUPERSEDED",
  DEDUPLICATED: "SUPERSEDED",
  MISSED: "FAILED",
  FAILED: "FAILED",
  REJECTED: "FAILED",
};

/** What came of a fire or a trigger event: STARTED, WAITING, SKIPPED, PAUSED, MISSED, FAILED, DEDUPLICATED, REJECTED. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span className={`badge status-${LOOKS_LIKE[outcome] ?? "SUPERSEDED"}`} data-outcome={outcome}>
      {outcome}
    </span>
  );
}

type RunRef = { id: string; status: string } | null | undefined;

/** A link to the execution or DAG run something started, with its status; "–" when it started none. */
export function RunLink({
  execution,
  dagRun,
  executionId,
  dagRunId,
}: {
  execution?: RunRef;
  dagRun?: RunRef;
  executionId?: string | null;
  dagRunId?: string | null;
}) {
  const id = execution?.id ?? executionId;
  if (id)
    return (
      <span className="row" style={{ gap: 6 }}>
        <Link href={`/executions/${id}`} className="mono" data-testid="run-link">
          execution {id.slice(0, 8)}
        </Link>
        {execution ? <StatusBadge status={execution.status} /> : null}
      </span>
    );
  const runId = dagRun?.id ?? dagRunId;
  if (runId)
    return (
      <span className="row" style={{ gap: 6 }}>
        <Link href={`/dag-runs/${runId}`} className="mono" data-testid="run-link">
          DAG run {runId.slice(0, 8)}
        </Link>
        {dagRun ? <StatusBadge status={dagRun.status} /> : null}
      </span>
    );
  return <span className="muted">–</span>;
}

/** The task or DAG a schedule or trigger starts, linked. */
export function TargetLink({ task, dag }: { task: string | null | undefined; dag: string | null | undefined }) {
  if (task)
    return (
      <>
        task <Link href={`/tasks/${encodeURIComponent(task)}`}>{task}</Link>
      </>
    );
  if (dag)
    return (
      <>
        DAG <Link href={`/dags/${encodeURIComponent(dag)}`}>{dag}</Link>
      </>
    );
  return <span className="muted">–</span>;
}
