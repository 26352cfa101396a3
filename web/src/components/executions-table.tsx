import Link from "next/link";
import type { ExecutionRowFragment } from "@/generated/graphql";
import { shellQuote } from "@/lib/format";
import { isFinal } from "@/lib/statuses";
import { StatusBadge } from "./status";
import { Duration, Time } from "./time";

export function ExecutionsTable({
  rows,
  showTask = true,
  selectable = false,
}: {
  rows: readonly ExecutionRowFragment[];
  showTask?: boolean;
  /** A checkbox per row (name "execution") and one for all (name "all"), for the bulk actions around the table. */
  selectable?: boolean;
}) {
  return (
    <table>
      <thead>
        <tr>
          {selectable ? (
            <th>
              <input type="checkbox" name="all" aria-label="Select every execution on this page" />
            </th>
          ) : null}
          <th>Execution</th>
          {showTask ? <th>Task</th> : null}
          <th>Status</th>
          <th>Revision</th>
          <th>Arguments</th>
          <th>Queued</th>
          <th>Duration</th>
          <th className="num">Exit</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((x) => (
          <tr key={x.id} data-execution-id={x.id}>
            {selectable ? (
              <td>
                <input type="checkbox" name="execution" value={x.id} aria-label={`Select ${x.id.slice(0, 8)}`} />
              </td>
            ) : null}
            <td>
              <Link href={`/executions/${x.id}`} className="mono">
                {x.id.slice(0, 8)}
              </Link>
            </td>
            {showTask ? (
              <td>
                <Link href={`/tasks/${encodeURIComponent(x.task.name)}`}>{x.task.name}</Link>
              </td>
            ) : null}
            <td>
              <StatusBadge status={x.status} />
              {x.status === "QUEUED" && x.waitReason ? (
                <div className="muted" data-testid="wait-reason" style={{ fontSize: 12 }}>
                  {x.waitReason}
                </div>
              ) : null}
            </td>
            <td>{x.releaseRevision}</td>
            <td className="mono">{shellQuote(x.arguments)}</td>
            <td>
              <Time iso={x.queuedAt} />
            </td>
            <td>
              <Duration
                start={x.startedAt}
                end={x.endedAt ?? (x.startedAt && isFinal(x.status) ? x.startedAt : null)}
              />
            </td>
            <td className="num">{x.exitCode ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
