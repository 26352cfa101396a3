import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiUnavailable } from "@/components/feedback";
import { ExecutionQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { LiveExecution } from "./live-execution";

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const r = await serverQuery(ExecutionQuery, { id });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const x = r.data.execution;
  if (!x) notFound();
  return (
    <>
      <p className="muted">
        <Link href="/executions">Executions</Link> /{" "}
        <Link href={`/tasks/${encodeURIComponent(x.task.name)}`}>{x.task.name}</Link>
      </p>
      {/* Keyed by id: moving to another attempt's page starts over (state, subscription). */}
      <LiveExecution key={x.id} initial={x} />
    </>
  );
}
