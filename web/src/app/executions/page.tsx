import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { ExecutionsTable } from "@/components/executions-table";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import type { ExecutionStatus } from "@/generated/graphql";
import { ExecutionsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "Executions" };

const STATUSES: readonly ExecutionStatus[] = [
  "QUEUED",
  "DISPATCHED",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMED_OUT",
  "LOST",
];
const PAGE = 25;

type Search = { task?: string; status?: string; after?: string };

export default async function ExecutionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const task = sp.task || undefined;
  const status = STATUSES.find((s) => s === sp.status);
  const after = sp.after || undefined;
  const r = await serverQuery(ExecutionsQuery, { task, status, first: PAGE, after });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const { executions, tasks } = r.data;
  const query = (extra: Record<string, string | undefined>): string => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ task, status, ...extra })) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `/executions?${s}` : "/executions";
  };
  return (
    <>
      {after ? null : <AutoRefresh seconds={5} />}
      <h1>Executions</h1>
      <form className="row panel" method="get" action="/executions" aria-label="Filter executions">
        <label>
          Task
          <select name="task" defaultValue={task ?? ""}>
            <option value="">all tasks</option>
            {tasks.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status" defaultValue={status ?? ""}>
            <option value="">any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
        {task || status ? (
          <Link href="/executions" className="button secondary">
            Clear
          </Link>
        ) : null}
      </form>
      <section className="panel">
        {executions.edges.length === 0 ? (
          <EmptyState title={task || status ? "No execution matches these filters" : "Nothing has run yet"}>
            {task || status ? (
              <>Change the filters, or launch a task from its page.</>
            ) : (
              <>
                Launch a task from <Link href="/tasks">Tasks</Link>: its runs appear here.
              </>
            )}
          </EmptyState>
        ) : (
          <ExecutionsTable rows={executions.edges.map((e) => e.node)} />
        )}
        <div className="row" style={{ marginTop: 12 }}>
          {after ? (
            <Link href={query({})} className="button secondary">
              ← Newest
            </Link>
          ) : null}
          {executions.pageInfo.hasNextPage && executions.pageInfo.endCursor ? (
            <Link href={query({ after: executions.pageInfo.endCursor })} className="button secondary">
              Older →
            </Link>
          ) : null}
        </div>
      </section>
    </>
  );
}
