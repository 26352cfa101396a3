import Link from "next/link";
import type { ReactNode } from "react";
import { AutoRefresh } from "@/components/auto-refresh";
import { ExecutionsTable } from "@/components/executions-table";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { RunsChart } from "@/components/runs-chart";
import { StatusBadge } from "@/components/status";
import { Duration, Time } from "@/components/time";
import { OverviewQuery } from "@/lib/documents";
import { GRAFANA_PANELS, type GrafanaPanel, grafanaConfig, panelUrl } from "@/lib/grafana";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "Overview" };

/** The window of the cards and the chart. */
const HOURS = 24;

export default async function OverviewPage() {
  const r = await serverQuery(OverviewQuery, { hours: HOURS });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const { overview, runners, running, recent } = r.data;
  const active = (status: string): number => overview.active.find((c) => c.status === status)?.count ?? 0;
  const runningNow = active("RUNNING");
  const grafana = grafanaConfig();
  const link = (panel: GrafanaPanel) =>
    grafana.kind === "dashboard" ? <GrafanaLink href={panelUrl(grafana.url, panel, HOURS)} panel={panel} /> : null;
  return (
    <>
      <AutoRefresh seconds={5} />
      <h1>Overview</h1>
      {grafana.kind === "invalid" ? (
        <p role="alert" className="muted" data-testid="grafana-error">
          {grafana.error}
        </p>
      ) : null}
      <div className="cards">
        <Card
          label="running now"
          value={runningNow}
          href="/executions?status=RUNNING"
          grafana={link(GRAFANA_PANELS.slots)}
        />
        <Card
          label="queued"
          value={active("QUEUED")}
          href="/executions?status=QUEUED"
          grafana={link(GRAFANA_PANELS.queue)}
        />
        <Card
          label={`failed in the last ${HOURS} h`}
          value={overview.failed}
          href="/executions?status=FAILED"
          grafana={link(GRAFANA_PANELS.failures)}
        />
        <Card label="runners" value={overview.runners} grafana={link(GRAFANA_PANELS.runners)} />
      </div>
      {recent.edges.length === 0 ? (
        <div className="panel">
          <EmptyState title="Nothing has run yet">
            Register a program under <Link href="/apps">Apps</Link>, define a task from it under{" "}
            <Link href="/tasks">Tasks</Link>, then launch it.
          </EmptyState>
        </div>
      ) : null}
      <div className="grid">
        <section className="panel">
          <h2>
            Runs per hour (last {HOURS} h, from the server&apos;s counts) {link(GRAFANA_PANELS.runs)}
          </h2>
          <RunsChart buckets={overview.buckets} hours={HOURS} />
        </section>
        <section className="panel">
          <h2>Runners {link(GRAFANA_PANELS.runners)}</h2>
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
        <h2>
          Running now
          {runningNow > running.edges.length ? ` (the first ${running.edges.length} of ${runningNow})` : ""}{" "}
          {link(GRAFANA_PANELS.slots)}
        </h2>
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
      {recent.edges.length > 0 ? (
        <section className="panel">
          <h2>
            Latest runs <Link href="/executions">(all)</Link>
          </h2>
          <ExecutionsTable rows={recent.edges.map((e) => e.node)} />
        </section>
      ) : null}
    </>
  );
}

function Card({ label, value, href, grafana }: { label: string; value: number; href?: string; grafana?: ReactNode }) {
  const body = (
    <>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </>
  );
  return (
    <div className="card" data-card={label}>
      {href ? (
        <Link href={href} style={{ color: "inherit", textDecoration: "none", display: "block" }}>
          {body}
        </Link>
      ) : (
        body
      )}
      {grafana}
    </div>
  );
}

/** "Open in Grafana": the dashboard showing the matching panel over the same window. */
function GrafanaLink({ href, panel }: { href: string; panel: GrafanaPanel }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer"
      className="grafana-link"
      data-grafana-panel={panel.id}
      data-grafana-title={panel.title}
      title={`Grafana: ${panel.title}`}
      style={{ fontSize: "0.8rem", fontWeight: "normal" }}
    >
      Open in Grafana
    </a>
  );
}
