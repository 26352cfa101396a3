import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import { AppsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { RegisterAppForm } from "./register-app-form";
import { VersionActions } from "./version-actions";

export const metadata = { title: "Apps" };

export default async function AppsPage() {
  const r = await serverQuery(AppsQuery);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const apps = r.data.apps;
  return (
    <>
      <h1>Apps</h1>
      <section className="panel">
        <h2>Register a version</h2>
        <Guarded needs="CREATE">
          <RegisterAppForm apps={apps.map((a) => a.name)} />
        </Guarded>
      </section>
      {apps.length === 0 ? (
        <div className="panel">
          <EmptyState title="No app is registered yet">
            Register your first program above: a name, a version such as 1.0.0 and where it lives, for example{" "}
            <code>file:///opt/jobs/export.mjs</code>.
          </EmptyState>
        </div>
      ) : (
        apps.map((app) => (
          <section className="panel" key={app.name} data-testid={`app-${app.name}`}>
            <div className="spread">
              <h2>{app.name}</h2>
              <span className="muted">
                default {app.defaultVersion?.version ?? "none"} · registered <Time iso={app.createdAt} compact />
              </span>
            </div>
            <table>
              <thead>
                <tr>
                  <th>Version</th>
                  <th>URI</th>
                  <th>Registered</th>
                  <th>Actions</th>
                </tr>
              </thead>
              <tbody>
                {app.versions.map((v) => (
                  <tr key={v.version}>
                    <td>
                      {v.version}{" "}
                      {v.version === app.defaultVersion?.version ? <span className="badge">default</span> : null}
                    </td>
                    <td className="mono">{v.uri}</td>
                    <td>
                      <Time iso={v.createdAt} />
                    </td>
                    <td>
                      <VersionActions
                        app={app.name}
                        version={v.version}
                        isDefault={v.version === app.defaultVersion?.version}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </>
  );
}
