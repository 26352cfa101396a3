import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { RunsChart } from "@/components/runs-chart";
import { StatusBadge } from "@/components/status";
import { Duration, Time } from "@/components/time";
import { OverviewQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const r = await serverQuery(OverviewQuery);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const { runners, running, queued, recent } = r.data;
  const now = Date.now();
  const runs = recent.edges.map((e) => e.node);
  const failed24h = runs.filter(
    (x) => ["FAILED", "TIMED_OUT", "LOST", "EXPIRED"].includes(x.status) && now - Date.parse(x.queuedAt) < 86_400_000,
  );
  return (
    <>
      <AutoRefresh seconds={5} />
      <h1>Overview</h1>
      <div className="cards">
        <Card label="running now" value={running.edges.length} href="/executions?status=RUNNING" />
        <Card label="queued" value={queued.edges.length} href="/executions?status=QUEUED" />
        <Card label="failed in the last 24 h" value={failed24h.length} href="/executions?status=FAILED" />
        <Card label="runners" value={runners.length} />
      </div>
      {runs.length === 0 ? (
        <div className="panel">
          <EmptyState title="Nothing has run yet">
            Register a program under <Link href="/apps">Apps</Link>, define a task from it under{" "}
            <Link href="/tasks">Tasks</Link>, then launch it.
          </EmptyState>
        </div>
      ) : null}
      <div className="grid">
        <section className="panel">
          <h2>Runs per hour (last 24 h, from the latest 500 runs)</h2>
          <RunsChart runs={runs} now={now} />
        </section>
        <section className="panel">
          <h2>Runners</h2>
          {runners.length === 0 ? (
            <EmptyState title="No runner is connected">
              Runs stay queued until a runner starts: <code>npm start</code> starts one.
            </EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Runner</th>
                  <th>Platform / pool</th>
                  <th className="num">Load</th>
                  <th>Last heartbeat</th>
                </tr>
              </thead>
              <tbody>
                {runners.map((x) => (
                  <tr key={x.id}>
                    <td>
                      {x.id}
                      <div className="muted">{x.hostname}</div>
                    </td>
                    <td>
                      {x.platform} / {x.pool}
                    </td>
                    <td className="num">
                      {x.running} / {x.capacity}
                      <meter min={0} max={x.capacity} value={x.running} style={{ display: "block", width: "100%" }} />
                    </td>
                    <td>
                      <Time iso={x.lastHeartbeatAt} compact />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <section className="panel">
        <h2>Running now</h2>
        {running.edges.length === 0 ? (
          <p className="muted">Nothing is running.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Execution</th>
                <th>Task</th>
                <th>Status</th>
                <th>Started</th>
                <th>Running for</th>
              </tr>
            </thead>
            <tbody>
              {running.edges.map(({ node: x }) => (
                <tr key={x.id}>
                  <td>
                    <Link href={`/executions/${x.id}`}>{x.id.slice(0, 8)}</Link>
                  </td>
                  <td>{x.task.name}</td>
                  <td>
                    <StatusBadge status={x.status} />
                  </td>
                  <td>
                    <Time iso={x.startedAt} />
                  </td>
                  <td>
                    <Duration start={x.startedAt} end={null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Card({ label, value, href }: { label: string; value: number; href?: string }) {
  const body = (
    <>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </>
  );
  return href ? (
    <Link href={href} className="card" style={{ color: "inherit", textDecoration: "none" }}>
      {body}
    </Link>
  ) : (
    <div className="card">{body}</div>
  );
}
