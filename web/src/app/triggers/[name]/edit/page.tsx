import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiUnavailable } from "@/components/feedback";
import { Guarded } from "@/components/viewer";
import { ScheduleTargetsQuery, TriggerDefinitionQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { TriggerForm } from "../../trigger-form";

export default async function EditTriggerPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const [r, targets] = await Promise.all([
    serverQuery(TriggerDefinitionQuery, { name }),
    serverQuery(ScheduleTargetsQuery),
  ]);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  if (!targets.ok) return <ApiUnavailable error={targets.error} />;
  const t = r.data.trigger;
  if (!t) notFound();
  return (
    <>
      <p className="muted">
        <Link href="/triggers">Triggers</Link> / <Link href={`/triggers/${encodeURIComponent(t.name)}`}>{t.name}</Link>{" "}
        / edit
      </p>
      <h1>Edit trigger {t.name}</h1>
      <Guarded needs="SCHEDULE" name={t.task ?? t.dag}>
        <TriggerForm
          mode="update"
          tasks={targets.data.tasks.map((x) => x.name)}
          dags={targets.data.dags.map((d) => d.name)}
          initial={{
            name: t.name,
            task: t.task,
            dag: t.dag,
            subject: t.subject,
            arguments: t.arguments,
            properties: t.properties,
            dedupKey: t.dedupKey,
            dedupWindowSeconds: t.dedupWindowSeconds,
          }}
        />
      </Guarded>
    </>
  );
}
