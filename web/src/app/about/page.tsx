import { ApiUnavailable } from "@/components/feedback";
import { StatusBadge } from "@/components/status";
import { Time } from "@/components/time";
import { AboutQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";

export const metadata = { title: "About" };

/** What this installation is made of: Baton's version, its control planes and runners, its database and NATS. */
export default async function AboutPage() {
  const r = await serverQuery(AboutQuery);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const { about, runners } = r.data;
  return (
    <>
      <h1>About Baton</h1>
      <section className="panel">
        <dl className="facts">
          <dt>Version</dt>
          <dd data-testid="baton-version">{about.version}</dd>
          <dt>Database</dt>
          <dd data-testid="database">
            {about.database.version} at {about.database.host}
            {about.database.port ? `:${about.database.port}` : ""} / {about.database.name}
          </dd>
          <dt>NATS</dt>
          <dd data-testid="nats">
            {about.nats.serverName ? `${about.nats.serverName}, ` : ""}version {about.nats.version} at {about.nats.url}
            {about.nats.jetStream ? " (JetStream on)" : " (JetStream off: Baton needs it)"}
          </dd>
        </dl>
      </section>
      <section className="panel">
        <h2>Control planes</h2>
        <p className="muted">
          Every control plane that answered within half a second; the one that drew this page first.
        </p>
        <table data-testid="control-planes">
          <thead>
            <tr>
              <th>Instance</th>
              <th>Version</th>
              <th>Host</th>
              <th>Started</th>
              <th>Role</th>
            </tr>
          </thead>
          <tbody>
            {about.controlPlanes.map((c) => (
              <tr key={c.instance} data-instance={c.instance}>
                <td className="mono">{c.instance}</td>
                <td>{c.version}</td>
                <td>
                  {c.hostname} (pid {c.pid})
                </td>
                <td>
                  <Time iso={c.startedAt} />
                </td>
                <td>{c.leader ? "leader (runs the background loops)" : "serves requests"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Runners</h2>
        {runners.length === 0 ? (
          <p className="muted">No runner has ever been heard from.</p>
        ) : (
          <table data-testid="about-runners">
            <thead>
              <tr>
                <th>Runner</th>
                <th>Version</th>
                <th>Platform / pool</th>
                <th>Host</th>
                <th>State</th>
                <th>Last heard</th>
              </tr>
            </thead>
            <tbody>
              {runners.map((x) => (
                <tr key={x.id} data-runner={x.id}>
                  <td className="mono">{x.id}</td>
                  <td>{x.version ?? <span className="muted">unknown (it did not say)</span>}</td>
                  <td>
                    {x.platform} / {x.pool}
                  </td>
                  <td>{x.hostname}</td>
                  <td>
                    <StatusBadge status={x.state} />
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
    </>
  );
}
