import Link from "next/link";
import { CopyAsGraphQL } from "@/components/copy-graphql";
import { FilterSelect } from "@/components/filter-select";
import type { DagRunsQuery as DagRunsResult, ExecutionStatus } from "@/generated/graphql";
import { DagRunsQuery } from "@/lib/documents";
import { graphqlUrl } from "@/lib/server-graphql";
import { queryString, STATUSES } from "@/lib/statuses";
import { DagRunsTable } from "./dag-runs-table";
import { EmptyState, ErrorMessage } from "./feedback";
import { Pager } from "./pager";

/**
 * DAG runs with a status filter (and a DAG filter when `dags` is given) and
 * keyset pagination. Filters are plain GET forms on `path`.
 */
export function DagRunsList({
  path,
  hash = "",
  dag,
  dags,
  status,
  after,
  variables,
  result,
}: {
  path: string;
  /** "#runs": where the filter and the page links land, when the list is not the top of the page. */
  hash?: string;
  /** The DAG filter in force (fixed on a DAG's page). */
  dag?: string;
  /** DAG names to choose from; without them the DAG is not a filter. */
  dags?: readonly string[];
  status?: ExecutionStatus;
  after?: string;
  /** The variables the page queried DagRunsQuery with (shown under "GraphQL of this list"). */
  variables: Record<string, unknown>;
  result: { ok: true; data: DagRunsResult } | { ok: false; error: string };
}) {
  const href = (extra: Record<string, string | undefined>): string =>
    `${path}${queryString({ dag: dags ? dag : undefined, status, ...extra })}${hash}`;
  const filtered = Boolean(status || (dags && dag));
  const runs = result.ok ? result.data.dagRuns : null;
  return (
    <>
      <form
        className="row"
        method="get"
        action={`${path}${hash}`}
        aria-label="Filter runs"
        style={{ marginBottom: 12 }}
      >
        {dags ? <FilterSelect label="DAG" name="dag" value={dag} anyLabel="all DAGs" options={dags} /> : null}
        <FilterSelect label="Status" name="status" value={status} anyLabel="any status" options={STATUSES} />
        <button type="submit" className="secondary" style={{ alignSelf: "end" }}>
          Filter
        </button>
        {filtered ? (
          <Link href={`${path}${hash}`} className="button secondary" style={{ alignSelf: "end" }}>
            Clear
          </Link>
        ) : null}
      </form>
      {!runs ? (
        <ErrorMessage error={result.ok ? null : result.error} />
      ) : runs.edges.length === 0 ? (
        after ? (
          <EmptyState title="No older run">
            <Link href={href({})}>Back to the newest runs</Link>
          </EmptyState>
        ) : filtered ? (
          <EmptyState title="No run matches these filters">
            Change the filters{dags ? "" : ", or launch the DAG above"}.
          </EmptyState>
        ) : dags ? (
          <EmptyState title="No DAG has run yet">
            Launch one from its page under <Link href="/dags">DAGs</Link>: its runs appear here.
          </EmptyState>
        ) : (
          <EmptyState title="This DAG has not run yet">Launch it above: its runs appear here.</EmptyState>
        )
      ) : (
        <DagRunsTable rows={runs.edges.map((e) => e.node)} showDag={Boolean(dags)} />
      )}
      {runs ? <CopyAsGraphQL url={graphqlUrl()} query={DagRunsQuery.toString()} variables={variables} /> : null}
      {runs ? <Pager after={after} pageInfo={runs.pageInfo} href={href} /> : null}
    </>
  );
}
