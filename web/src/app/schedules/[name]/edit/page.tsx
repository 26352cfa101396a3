import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiUnavailable } from "@/components/feedback";
import { Guarded } from "@/components/viewer";
import { ScheduleQuery, ScheduleTargetsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { ScheduleForm } from "../../schedule-form";

export default async function EditSchedulePage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  const [r, targets] = await Promise.all([serverQuery(ScheduleQuery, { name }), serverQuery(ScheduleTargetsQuery)]);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  if (!targets.ok) return <ApiUnavailable error={targets.error} />;
  const s = r.data.schedule;
  if (!s) notFound();
  return (
    <>
      <p className="muted">
        <Link href="/schedules">Schedules</Link> /{" "}
        <Link href={`/schedules/${encodeURIComponent(s.name)}`}>{s.name}</Link> / edit
      </p>
      <h1>Edit schedule {s.name}</h1>
      <Guarded needs="SCHEDULE" name={s.task ?? s.dag}>
        <ScheduleForm
          mode="update"
          tasks={targets.data.tasks.map((t) => t.name)}
          dags={targets.data.dags.map((d) => d.name)}
          initial={{
            name: s.name,
            task: s.task,
            dag: s.dag,
            cron: s.cron,
            timezone: s.timezone,
            arguments: s.arguments,
            properties: s.properties,
            enabled: s.enabled,
            startAt: s.startAt,
            endAt: s.endAt,
            overlap: s.overlap,
            misfire: s.misfire,
          }}
        />
      </Guarded>
    </>
  );
}
