import Link from "next/link";
import { notFound } from "next/navigation";
import { DagGraph } from "@/components/dag-graph";
import { DagRunsList } from "@/components/dag-runs-list";
import { DeleteDefinition } from "@/components/delete-definition";
import { Disclosure } from "@/components/disclosure";
import { ApiUnavailable } from "@/components/feedback";
import { Pager } from "@/components/pager";
import { Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import { DagQuery, DagRunsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { parseBefore, parseStatus, queryString } from "@/lib/statuses";
import { DagEditor } from "../dag-editor";
import { LaunchDagForm } from "./launch-dag-form";

const RUNS_PAGE = 20;
/** Versions per page of the versions table. */
const VERSIONS_PAGE = 20;

export default async function DagPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  /** versions: the versions table's cursor (the last version of the page before). */
  searchParams: Promise<{ status?: string; after?: string; versions?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const sp = await searchParams;
  const status = parseStatus(sp.status);
  const after = sp.after || undefined;
  const versionsBefore = parseBefore(sp.versions);
  const [r, runs] = await Promise.all([
    serverQuery(DagQuery, { name, versionsFirst: VERSIONS_PAGE + 1, versionsBefore }),
    serverQuery(DagRunsQuery, { dag: name, status, first: RUNS_PAGE, after }),
  ]);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const dag = r.data.dag;
  if (!dag) notFound();
  const versions = dag.versions.slice(0, VERSIONS_PAGE);
  return (
    <>
      <p className="muted">
        <Link href="/dags">DAGs</Link> / {dag.name}
      </p>
      <div className="spread">
        <h1>DAG {dag.name}</h1>
        <span className="row">
          <span className="muted">
            version {dag.version} · max parallel {dag.maxParallel ?? "unbounded"}
          </span>
          <Guarded needs="MODIFY" name={dag.name} compact>
            <DeleteDefinition kind="dag" name={dag.name} />
          </Guarded>
        </span>
      </div>
      <section className="panel">
        <p className="mono">{dag.definition}</p>
        <DagGraph nodes={dag.nodes} edges={dag.edges} />
      </section>
      <div className="grid">
        <section className="panel">
          <h2>Launch</h2>
          <Guarded needs="DEPLOY" name={dag.name}>
            <LaunchDagForm name={dag.name} />
          </Guarded>
        </section>
        <section className="panel" id="versions">
          <h2>Versions</h2>
          <table>
            <thead>
              <tr>
                <th className="num">Version</th>
                <th>Definition</th>
                <th>By</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <td className="num">{v.version}</td>
                  <td className="mono">{v.definition}</td>
                  <td>{v.createdBy}</td>
                  <td>
                    <Time iso={v.createdAt} compact />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            after={versionsBefore?.toString()}
            pageInfo={{
              hasNextPage: dag.versions.length > VERSIONS_PAGE,
              endCursor: versions.at(-1)?.version.toString(),
            }}
            // The runs list keeps its own filter and cursor while the versions page.
            href={({ after: before }) =>
              `/dags/${encodeURIComponent(dag.name)}${queryString({ status, after, versions: before })}#versions`
            }
            noun="versions"
          />
        </section>
      </div>
      <section className="panel" id="runs">
        <div className="spread">
          <h2>Runs</h2>
          <span className="row">
            <Link href={`/dags/${encodeURIComponent(dag.name)}/grid`}>Grid of the last runs</Link>
            <Link href={`/dag-runs?dag=${encodeURIComponent(dag.name)}`}>In the list of all runs</Link>
          </span>
        </div>
        <DagRunsList
          path={`/dags/${encodeURIComponent(dag.name)}`}
          hash="#runs"
          dag={dag.name}
          status={status}
          after={after}
          variables={{ dag: name, status, first: RUNS_PAGE, after }}
          result={runs}
        />
      </section>
      <h2>Edit</h2>
      <Guarded needs="MODIFY" name={dag.name}>
        {/* Closed until asked for: its live preview would draw the graph a second time. */}
        <Disclosure label="Edit this DAG">
          <DagEditor
            key={dag.version}
            mode="update"
            name={dag.name}
            definition={dag.definition}
            maxParallel={dag.maxParallel ?? null}
          />
        </Disclosure>
      </Guarded>
    </>
  );
}
