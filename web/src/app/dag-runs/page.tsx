import { AutoRefresh } from "@/components/auto-refresh";
import { DagRunsList } from "@/components/dag-runs-list";
import { DagTabs } from "@/components/dag-tabs";
import { ApiUnavailable } from "@/components/feedback";
import { DagRunsQuery, DagsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { parseStatus } from "@/lib/statuses";

export const metadata = { title: "DAG runs" };

const PAGE = 25;

type Search = { dag?: string; status?: string; after?: string };

export default async function DagRunsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const dag = sp.dag || undefined;
  const status = parseStatus(sp.status);
  const after = sp.after || undefined;
  const [dags, runs] = await Promise.all([
    serverQuery(DagsQuery, { first: 500 }),
    serverQuery(DagRunsQuery, { dag, status, first: PAGE, after }),
  ]);
  if (!dags.ok) return <ApiUnavailable error={dags.error} />;
  return (
    <>
      {after ? null : <AutoRefresh seconds={5} />}
      <h1>DAG runs</h1>
      <DagTabs current="runs" />
      <section className="panel">
        <DagRunsList
          path="/dag-runs"
          dag={dag}
          dags={names(dags.data.dags, dag)}
          status={status}
          after={after}
          variables={{ dag, status, first: PAGE, after }}
          result={runs}
        />
      </section>
    </>
  );
}

/** The live DAGs, plus the one filtered on when it has been deleted since (its runs remain). */
function names(dags: readonly { name: string }[], current: string | undefined): string[] {
  const all = dags.map((d) => d.name);
  return current && !all.includes(current) ? [...all, current] : all;
}
