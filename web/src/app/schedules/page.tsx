import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { NameList, type NameListSearch, nameListArgs, pageOf } from "@/components/name-list";
import { Time } from "@/components/time";
import { Guarded, GuardedLink } from "@/components/viewer";
import { SchedulesQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { OutcomeBadge, RunLink, TargetLink } from "./outcome";
import { ScheduleToggle } from "./schedule-actions";
import { ZonedTime } from "./zoned-time";

export const metadata = { title: "Schedules" };

export default async function SchedulesPage({ searchParams }: { searchParams: Promise<NameListSearch> }) {
  const list = nameListArgs(await searchParams);
  const r = await serverQuery(SchedulesQuery, list.variables);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const page = pageOf(r.data.schedules, list.size);
  const schedules = page.rows;
  return (
    <>
      <AutoRefresh seconds={5} />
      <div className="spread">
        <h1>Schedules</h1>
        <GuardedLink needs="SCHEDULE" some href="/schedules/new">
          New schedule
        </GuardedLink>
      </div>
      <NameList path="/schedules" noun="schedules" list={list} page={page} query={SchedulesQuery}>
        {schedules.length === 0 ? (
          <EmptyState title="No schedule yet">
            A schedule starts a task or a DAG on a cron, such as <code>0 2 * * *</code> (every day at 02:00).{" "}
            <Link href="/schedules/new">Create one</Link>.
          </EmptyState>
        ) : (
          <table data-testid="schedules">
            <thead>
              <tr>
                <th>Schedule</th>
                <th>Starts</th>
                <th>When</th>
                <th>Time zone</th>
                <th>Next fire</th>
                <th>Last fire</th>
                <th>Enabled</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.name} data-schedule={s.name}>
                  <td>
                    <Link href={`/schedules/${encodeURIComponent(s.name)}`}>{s.name}</Link>
                  </td>
                  <td>
                    <TargetLink task={s.task} dag={s.dag} />
                  </td>
                  <td>
                    <div data-testid="cron-description">{s.description}</div>
                    <code className="muted">{s.cron}</code>
                  </td>
                  <td>{s.timezone}</td>
                  <td data-testid="next-fire">
                    {s.nextFireAt ? (
                      <ZonedTime iso={s.nextFireAt} zone={s.timezone} />
                    ) : (
                      <span className="muted">none left</span>
                    )}
                  </td>
                  <td data-testid="last-fire">
                    {s.lastFire ? (
                      <div className="stack" style={{ display: "grid", gap: 4 }}>
                        <span className="row" style={{ gap: 6 }}>
                          <OutcomeBadge outcome={s.lastFire.outcome} />
                          <Time iso={s.lastFire.scheduledTime} compact />
                        </span>
                        <RunLink
                          execution={s.lastFire.execution}
                          dagRun={s.lastFire.dagRun}
                          executionId={s.lastFire.executionId}
                          dagRunId={s.lastFire.dagRunId}
                        />
                      </div>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>
                    <Guarded needs="SCHEDULE" name={s.task ?? s.dag} compact>
                      <ScheduleToggle name={s.name} enabled={s.enabled} />
                    </Guarded>
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
