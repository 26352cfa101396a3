import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { GridCell, GridHeading, GridLegend, gridRuns } from "@/components/status-grid";
import { DagGridQuery } from "@/lib/documents";
import { formatAbsolute } from "@/lib/format";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "DAG grid" };

/**
 * Airflow's grid view: the DAG's last runs as columns (oldest left, newest
 * right), its nodes as rows, each cell coloured by the node's status in that
 * run and linked to the node's execution (or to the run when the node did not run).
 */
export default async function DagGridPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ runs?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const first = gridRuns((await searchParams).runs);
  const r = await serverQuery(DagGridQuery, { name, first });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const dag = r.data.dag;
  if (!dag) notFound();
  const runs = r.data.dagRuns.edges.map((e) => e.node).reverse();
  // Rows: the current version's nodes, then any node only older runs had.
  const rows = [...dag.nodes.map((n) => n.id)];
  for (const run of runs) for (const n of run.nodes) if (!rows.includes(n.node.id)) rows.push(n.node.id);
  return (
    <>
      <AutoRefresh seconds={5} />
      <p className="muted">
        <Link href="/dags">DAGs</Link> / <Link href={`/dags/${encodeURIComponent(dag.name)}`}>{dag.name}</Link> / grid
      </p>
      <GridHeading
        title={`Grid of ${dag.name}`}
        count={runs.length}
        noun="run"
        path={`/dags/${encodeURIComponent(dag.name)}/grid`}
      />
      <section className="panel">
        {runs.length === 0 ? (
          <EmptyState title="No run yet">Launch the DAG from its page: each run becomes a column here.</EmptyState>
        ) : (
          <table className="dag-grid" data-testid="dag-grid">
            <thead>
              <tr>
                <th>Node</th>
                {runs.map((run) => (
                  <th key={run.id} data-run-id={run.id}>
                    <Link
                      href={`/dag-runs/${run.id}`}
                      className="grid-cell"
                      data-status={run.status}
                      title={`Run of ${formatAbsolute(run.createdAt)}: ${run.status} (version ${run.version}, attempt ${run.attempt})`}
                      aria-label={`Run of ${formatAbsolute(run.createdAt)}: ${run.status}`}
                    />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((nodeId) => (
                <tr key={nodeId} data-node={nodeId}>
                  <th scope="row">{nodeId}</th>
                  {runs.map((run) => {
                    const cell = run.nodes.find((n) => n.node.id === nodeId);
                    const status = cell?.status ?? "NOT_RUN";
                    const label = `${nodeId} in the run of ${formatAbsolute(run.createdAt)}: ${
                      cell?.status
                        ? `${cell.status}${cell.exitStatus ? ` (exit status ${cell.exitStatus})` : ""}`
                        : "not run"
                    }`;
                    return (
                      <td key={run.id} data-run-id={run.id}>
                        <GridCell
                          href={cell?.execution ? `/executions/${cell.execution.id}` : `/dag-runs/${run.id}`}
                          status={status}
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
