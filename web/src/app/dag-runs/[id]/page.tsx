import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiUnavailable } from "@/components/feedback";
import { DagRunQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { LiveDagRun } from "./live-dag-run";

export default async function DagRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const r = await serverQuery(DagRunQuery, { id });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const run = r.data.dagRun;
  if (!run) notFound();
  return (
    <>
      <p className="muted">
        <Link href="/dags">DAGs</Link> / <Link href={`/dags/${encodeURIComponent(run.dag.name)}`}>{run.dag.name}</Link>{" "}
        / run
      </p>
      <LiveDagRun initial={run} origin={run.origin} />
    </>
  );
}
