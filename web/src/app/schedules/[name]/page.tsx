import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable } from "@/components/feedback";
import { Pager } from "@/components/pager";
import { Time } from "@/components/time";
import { Guarded, GuardedLink } from "@/components/viewer";
import { ScheduleQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { queryString } from "@/lib/statuses";
import { BackfillForm } from "../backfill-form";
import { FireTable } from "../fire-table";
import { TargetLink } from "../outcome";
import { DeleteSchedule, ScheduleToggle } from "../schedule-actions";
import { ZonedTime } from "../zoned-time";

const OVERLAP: Record<string, string> = {
  ALLOW: "allow: a fire starts a run even while the previous one is active",
  SKIP: "skip: a fire starts nothing while the previous run is active",
  QUEUE: "queue: a fire waits for the previous run to end",
};

const MISFIRE: Record<string, string> = {
  RUN_ONCE: "run once for all the fire times missed while no control plane was up",
  SKIP: "skip the fire times missed while no control plane was up",
  RUN_ALL: "run every fire time missed while no control plane was up (capped)",
};

/** Fires shown per page of the history. */
const FIRES = 50;

export default async function SchedulePage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const before = (await searchParams).before || undefined;
  // One more than shown: whether older fires exist. A fire time is unique per schedule: a sound cursor.
  const r = await serverQuery(ScheduleQuery, { name, fires: FIRES + 1, before });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const s = r.data.schedule;
  if (!s) notFound();
  const hasProperties = typeof s.properties === "object" && s.properties !== null && Object.keys(s.properties).length;
  return (
    <>
      <AutoRefresh seconds={2} />
      <p className="muted">
        <Link href="/schedules">Schedules</Link> / {s.name}
      </p>
      <div className="spread">
        <h1>Schedule {s.name}</h1>
        <div className="row">
          <Guarded needs="SCHEDULE" name={s.task ?? s.dag} compact>
            <ScheduleToggle name={s.name} enabled={s.enabled} />
          </Guarded>
          <GuardedLink
            needs="SCHEDULE"
            name={s.task ?? s.dag}
            href={`/schedules/${encodeURIComponent(s.name)}/edit`}
            className="button secondary"
          >
            Edit
          </GuardedLink>
          <Guarded needs="SCHEDULE" name={s.task ?? s.dag} compact>
            <DeleteSchedule name={s.name} />
          </Guarded>
        </div>
      </div>
      <div className="grid">
        <section className="panel">
          <dl className="facts">
            <dt>Starts</dt>
            <dd>
              <TargetLink task={s.task} dag={s.dag} />
            </dd>
            <dt>When</dt>
            <dd>
              <span data-testid="cron-description">{s.description}</span> <code className="muted">{s.cron}</code>
            </dd>
            <dt>Time zone</dt>
            <dd>{s.timezone}</dd>
            <dt>Arguments</dt>
            <dd className="mono">{s.arguments.length ? s.arguments.join(" ") : "none"}</dd>
            {hasProperties ? (
              <>
                <dt>Properties</dt>
                <dd>
                  <pre style={{ margin: 0 }}>{JSON.stringify(s.properties, null, 2)}</pre>
                </dd>
              </>
            ) : null}
            <dt>Overlap</dt>
            <dd>{OVERLAP[s.overlap] ?? s.overlap}</dd>
            <dt>Misfires</dt>
            <dd>{MISFIRE[s.misfire] ?? s.misfire}</dd>
            <dt>Active</dt>
            <dd>
              {s.startAt ? (
                <>
                  from <Time iso={s.startAt} />{" "}
                </>
              ) : null}
              {s.endAt ? (
                <>
                  until <Time iso={s.endAt} />
                </>
              ) : null}
              {!s.startAt && !s.endAt ? "always" : null}
            </dd>
            <dt>Created</dt>
            <dd>
              <Time iso={s.createdAt} compact /> by {s.createdBy}
            </dd>
            <dt>Updated</dt>
            <dd>
              <Time iso={s.updatedAt} compact />
            </dd>
          </dl>
        </section>
        <section className="panel">
          <h2>Next fire times</h2>
          {s.nextFireTimes.length === 0 ? (
            <p className="muted">None left: the schedule is past its end.</p>
          ) : (
            <ol data-testid="next-fires" style={{ margin: 0, paddingLeft: 24 }}>
              {s.nextFireTimes.map((t) => (
                <li key={t}>
                  <ZonedTime iso={t} zone={s.timezone} />
                </li>
              ))}
            </ol>
          )}
          {s.enabled ? null : (
            <p className="muted">Paused: these fire times are recorded as PAUSED and start nothing.</p>
          )}
        </section>
      </div>
      <section className="panel">
        <h2>Backfill</h2>
        <Guarded needs="SCHEDULE" name={s.task ?? s.dag}>
          <BackfillForm name={s.name} zone={s.timezone} />
        </Guarded>
      </section>
      <section className="panel" id="fires">
        <h2>Fire history</h2>
        <FireTable fires={s.fires.slice(0, FIRES)} zone={s.timezone} testId="fires" />
        <Pager
          after={before}
          pageInfo={{
            hasNextPage: s.fires.length > FIRES,
            endCursor: s.fires[FIRES - 1]?.scheduledTime,
          }}
          href={({ after }) => `/schedules/${encodeURIComponent(s.name)}${queryString({ before: after })}#fires`}
        />
      </section>
    </>
  );
}
