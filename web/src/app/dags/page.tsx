import Link from "next/link";
import { DagTabs } from "@/components/dag-tabs";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { NameList, type NameListSearch, nameListArgs, pageOf } from "@/components/name-list";
import { Time } from "@/components/time";
import { GuardedLink } from "@/components/viewer";
import { DagsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "DAGs" };

export default async function DagsPage({ searchParams }: { searchParams: Promise<NameListSearch> }) {
  const list = nameListArgs(await searchParams);
  const r = await serverQuery(DagsQuery, list.variables);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const page = pageOf(r.data.dags, list.size);
  const dags = page.rows;
  return (
    <>
      <div className="spread">
        <h1>DAGs</h1>
        <GuardedLink needs="CREATE" some href="/dags/new">
          New DAG
        </GuardedLink>
      </div>
      <DagTabs current="dags" />
      <NameList path="/dags" noun="DAGs" list={list} page={page} query={DagsQuery}>
        {dags.length === 0 ? (
          <EmptyState title="No DAG is defined yet">
            A DAG chains tasks: <code>extract &amp;&amp; &lt;report || export&gt;</code>. Define tasks first, then{" "}
            <Link href="/dags/new">write a DAG</Link>.
          </EmptyState>
        ) : (
          <table>
            <thead>
              <tr>
                <th>DAG</th>
                <th>Definition</th>
                <th className="num">Nodes</th>
                <th className="num">Version</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {dags.map((d) => (
                <tr key={d.name}>
                  <td>
                    <Link href={`/dags/${encodeURIComponent(d.name)}`}>{d.name}</Link>
                  </td>
                  <td className="mono">{d.definition}</td>
                  <td className="num">{d.nodes.length}</td>
                  <td className="num">{d.version}</td>
                  <td>
                    <Time iso={d.createdAt} compact />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </NameList>
    </>
  );
}
