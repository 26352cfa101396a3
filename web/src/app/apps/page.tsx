import Link from "next/link";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { NameList, type NameListSearch, nameListArgs, pageOf } from "@/components/name-list";
import { Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import { AppsQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { RegisterAppForm } from "./register-app-form";
import { VersionActions } from "./version-actions";

export const metadata = { title: "Apps" };

export default async function AppsPage({ searchParams }: { searchParams: Promise<NameListSearch> }) {
  const list = nameListArgs(await searchParams);
  const r = await serverQuery(AppsQuery, list.variables);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const page = pageOf(r.data.apps, list.size);
  const apps = page.rows;
  return (
    <>
      <h1>Apps</h1>
      <section className="panel">
        <h2>Register a version</h2>
        <Guarded needs="CREATE">
          <RegisterAppForm apps={apps.map((a) => a.name)} />
        </Guarded>
      </section>
      <NameList path="/apps" noun="apps" list={list} page={page} query={AppsQuery}>
        {apps.length === 0 ? (
          <EmptyState title="No app is registered yet">
            Register your first program above: a name, a version such as 1.0.0 and where it lives, for example{" "}
            <code>file:///opt/jobs/export.mjs</code>.
          </EmptyState>
        ) : (
          apps.map((app) => (
            <div className="app-block" key={app.name} data-testid={`app-${app.name}`}>
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
                    <th>Used by</th>
                    <th>Registered</th>
                    <th>Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {app.versions.map((v) => (
                    <tr key={v.version} data-version={v.version}>
                      <td>
                        {v.version}{" "}
                        {v.version === app.defaultVersion?.version ? <span className="badge">default</span> : null}
                      </td>
                      <td>
                        <span className="mono">{v.uri}</span>
                        {v.warnings.map((w) => (
                          <div key={w.code} className="warning" data-warning={w.code}>
                            ⚠ {w.message}
                          </div>
                        ))}
                      </td>
                      <td data-testid={`used-by-${v.version}`}>
                        {v.tasks.length === 0 ? (
                          <span className="muted">no task</span>
                        ) : (
                          v.tasks.map((u) => (
                            <div key={u.task}>
                              <Link href={`/tasks/${encodeURIComponent(u.task)}`}>{u.task}</Link>{" "}
                              <span className="muted">
                                {u.current ? "current" : "earlier"}, revision{u.revisions.length > 1 ? "s" : ""}{" "}
                                {u.revisions.join(", ")}
                              </span>
                            </div>
                          ))
                        )}
                      </td>
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
            </div>
          ))
        )}
      </NameList>
    </>
  );
}
