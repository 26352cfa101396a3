import Link from "next/link";
import type { DagRunRowFragment } from "@/generated/graphql";
import { isFinal } from "@/lib/statuses";
import { StatusBadge } from "./status";
import { Duration, Time } from "./time";

/** DAG runs, newest first: each row links to its run page. */
export function DagRunsTable({ rows, showDag = true }: { rows: readonly DagRunRowFragment[]; showDag?: boolean }) {
  return (
    <table data-testid="dag-runs">
      <thead>
        <tr>
          <th>Run</th>
          {showDag ? <th>DAG</th> : null}
          <th>Status</th>
          <th className="num">Attempt</th>
          <th className="num">Version</th>
          <th>Arguments</th>
          <th>Started</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((x) => (
          <tr key={x.id} data-run-id={x.id} data-status={x.status}>
            <td>
              <Link href={`/dag-runs/${x.id}`} className="mono" aria-label={`Run ${x.id.slice(0, 8)} of ${x.dag.name}`}>
                {x.id.slice(0, 8)}
              </Link>
            </td>
            {showDag ? (
              <td>
                <Link href={`/dags/${encodeURIComponent(x.dag.name)}`}>{x.dag.name}</Link>
              </td>
            ) : null}
            <td>
              <StatusBadge status={x.status} />
            </td>
            <td className="num">{x.attempt}</td>
            <td className="num">{x.version}</td>
            <td className="mono">{x.arguments.join(" ")}</td>
            <td>
              <Time iso={x.createdAt} />
            </td>
            <td>
              <Duration start={x.createdAt} end={x.endedAt ?? (isFinal(x.status) ? x.createdAt : null)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
