import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { CopyAsGraphQL } from "@/components/copy-graphql";
import { ExecutionsTable } from "@/components/executions-table";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { Pager } from "@/components/pager";
import { ExecutionsQuery, TaskNamesQuery } from "@/lib/documents";
import { graphqlUrl, serverQuery } from "@/lib/server-graphql";
import { parseStatus, queryString } from "@/lib/statuses";
import { BulkExecutions } from "./bulk-actions";
import { ExecutionsFilter } from "./executions-filter";

export const metadata = { title: "Executions" };

const PAGE = 25;

type Search = { task?: string; status?: string; since?: string; until?: string; after?: string; search?: string };

export default async function ExecutionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const task = sp.task || undefined;
  const status = parseStatus(sp.status);
  const since = sp.since || undefined;
  const until = sp.until || undefined;
  const after = sp.after || undefined;
  const search = sp.search?.trim() || undefined;
  const [tasks, r] = await Promise.all([
    serverQuery(TaskNamesQuery),
    serverQuery(ExecutionsQuery, { task, status, since, until, first: PAGE, after, search }),
  ]);
  // The task list fails only when the API does; the executions query also when a filter is wrong.
  if (!tasks.ok) return <ApiUnavailable error={tasks.error} />;
  const executions = r.ok ? r.data.executions : null;
  const filtered = Boolean(task || status || since || until || search);
  const query = (extra: Record<string, string | undefined>): string =>
    `/executions${queryString({ task, status, since, until, search, ...extra })}`;
  return (
    <>
      {after || !executions ? null : <AutoRefresh seconds={5} />}
      <h1>Executions</h1>
      <ExecutionsFilter
        key={JSON.stringify([task, status, since, until, search])}
        tasks={tasks.data.tasks.map((t) => t.name)}
        task={task}
        status={status}
        since={since}
        until={until}
        search={search}
        error={r.ok ? null : r.error}
      />
      {executions ? (
        <section className="panel">
          {executions.edges.length === 0 ? (
            after ? (
              <EmptyState title="No older execution">
                <Link href={query({})}>Back to the newest</Link>
              </EmptyState>
            ) : (
              <EmptyState title={filtered ? "No execution matches these filters" : "Nothing has run yet"}>
                {filtered ? (
                  <>
                    Change the filters{since || until ? " or widen the time range" : ""}, or launch a task from its
                    page.
                  </>
                ) : (
                  <>
                    Launch a task from <Link href="/tasks">Tasks</Link>: its runs appear here.
                  </>
                )}
              </EmptyState>
            )
          ) : (
            <BulkExecutions
              rows={executions.edges.map(({ node }) => ({
                id: node.id,
                status: node.status,
                task: node.task.name,
                arguments: node.arguments,
              }))}
            >
              <ExecutionsTable rows={executions.edges.map((e) => e.node)} selectable />
            </BulkExecutions>
          )}
          <CopyAsGraphQL
            url={graphqlUrl()}
            query={ExecutionsQuery.toString()}
            variables={{ task, status, since, until, first: PAGE, after, search }}
          />
          <Pager after={after} pageInfo={executions.pageInfo} href={query} />
        </section>
      ) : null}
    </>
  );
}
