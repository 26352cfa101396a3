import Link from "next/link";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { Guarded } from "@/components/viewer";
import { ScheduleTargetsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { TriggerForm } from "../trigger-form";

export const metadata = { title: "New trigger" };

export default async function NewTriggerPage() {
  const r = await serverQuery(ScheduleTargetsQuery);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const tasks = r.data.tasks.map((t) => t.name);
  const dags = r.data.dags.map((d) => d.name);
  return (
    <>
      <p className="muted">
        <Link href="/triggers">Triggers</Link> / new
      </p>
      <h1>New trigger</h1>
      {tasks.length === 0 && dags.length === 0 ? (
        <section className="panel">
          <EmptyState title="Nothing to trigger yet">
            A trigger starts a task or a DAG: define a <Link href="/tasks">task</Link> or a{" "}
            <Link href="/dags/new">DAG</Link> first.
          </EmptyState>
        </section>
      ) : (
        <Guarded needs="SCHEDULE" some>
          <TriggerForm tasks={tasks} dags={dags} />
        </Guarded>
      )}
    </>
  );
}
