import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { GridCell, GridHeading, GridLegend, gridRuns } from "@/components/status-grid";
import { TaskGridQuery } from "@/lib/documents";
import { formatAbsolute } from "@/lib/format";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "Task grid" };

/** A step's status in the colours of the run statuses (Spring Batch's STARTED is running, STOPPED cancelled). */
const STEP_COLOUR: Record<string, string> = { STARTED: "RUNNING", STOPPED: "CANCELLED" };

/**
 * The task's executions over time: its last runs as columns (oldest left,
 * newest right), the run itself and then each step as rows, every cell
 * coloured by status and linked to the execution or the step's page. The DAG
 * grid's counterpart for one task (Airflow's grid, SCDF's job executions).
 */
export default async function TaskGridPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ runs?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const first = gridRuns((await searchParams).runs);
  const r = await serverQuery(TaskGridQuery, { name, first });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  if (!r.data.task) notFound();
  const runs = r.data.executions.edges.map((e) => e.node).reverse();
  // Rows: every step name in the order the runs first reported it.
  const steps: string[] = [];
  for (const run of runs) for (const s of run.steps) if (!steps.includes(s.name)) steps.push(s.name);
  const enc = encodeURIComponent;
  return (
    <>
      <AutoRefresh seconds={5} />
      <p className="muted">
        <Link href="/tasks">Tasks</Link> / <Link href={`/tasks/${enc(name)}`}>{name}</Link> / grid
      </p>
      <GridHeading title={`Grid of ${name}`} count={runs.length} noun="execution" path={`/tasks/${enc(name)}/grid`} />
      <section className="panel">
        {runs.length === 0 ? (
          <EmptyState title="No execution yet">
            Launch the task from its page: each run becomes a column here.
          </EmptyState>
        ) : (
          <table className="dag-grid" data-testid="task-grid">
            <thead>
              <tr>
                <th />
                {runs.map((run) => (
                  <th key={run.id} data-execution-id={run.id} className="muted" style={{ fontSize: 11 }}>
                    r{run.releaseRevision}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr data-row="run">
                <th scope="row">run</th>
                {runs.map((run) => {
                  const label = `Execution of ${formatAbsolute(run.queuedAt)}: ${run.status}${
                    run.exitCode !== null && run.exitCode !== undefined ? ` (exit ${run.exitCode})` : ""
                  }, revision ${run.releaseRevision}`;
                  return (
                    <td key={run.id} data-execution-id={run.id}>
                      <GridCell href={`/executions/${run.id}`} status={run.status} label={label} />
                    </td>
                  );
                })}
              </tr>
              {steps.map((step) => (
                <tr key={step} data-row={`step:${step}`}>
                  <th scope="row">{step}</th>
                  {runs.map((run) => {
                    const s = run.steps.find((x) => x.name === step);
                    const label = `${step} in the execution of ${formatAbsolute(run.queuedAt)}: ${
                      s ? `${s.status}, read ${s.readCount}, written ${s.writeCount}` : "not run"
                    }`;
                    return (
                      <td key={run.id} data-execution-id={run.id}>
                        <GridCell
                          href={s ? `/executions/${run.id}/steps/${enc(step)}` : undefined}
                          status={s ? (STEP_COLOUR[s.status] ?? s.status) : "NOT_RUN"}
                          label={label}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <GridLegend />
      </section>
    </>
  );
}
