import Link from "next/link";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { NameList, type NameListSearch, nameListArgs, pageOf } from "@/components/name-list";
import { StatusBadge } from "@/components/status";
import { Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import { TasksQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { CreateTaskForm } from "./create-task-form";

export const metadata = { title: "Tasks" };

export default async function TasksPage({ searchParams }: { searchParams: Promise<NameListSearch> }) {
  const list = nameListArgs(await searchParams);
  const r = await serverQuery(TasksQuery, list.variables);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const { apps, executions } = r.data;
  const page = pageOf(r.data.tasks, list.size);
  const tasks = page.rows;
  const lastRun = new Map<string, { id: string; status: string; queuedAt: string }>();
  for (const { node } of executions.edges) if (!lastRun.has(node.task.name)) lastRun.set(node.task.name, node);
  return (
    <>
      <h1>Tasks</h1>
      <NameList path="/tasks" noun="tasks" list={list} page={page} query={TasksQuery}>
        {tasks.length === 0 ? (
          <EmptyState title="No task is defined yet">
            {apps.length === 0 ? (
              <>
                First register a program under <Link href="/apps">Apps</Link>, then define a task from it below.
              </>
            ) : (
              <>Define a task from one of your apps below, then launch it.</>
            )}
          </EmptyState>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Task</th>
                <th>App</th>
                <th>Revision</th>
                <th>Last run</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => {
                const last = lastRun.get(t.name);
                return (
                  <tr key={t.name}>
                    <td>
                      <Link href={`/tasks/${encodeURIComponent(t.name)}`}>{t.name}</Link>
                    </td>
                    <td>
                      {t.app.name} {t.currentRelease.appVersion.version}
                    </td>
                    <td>
                      {t.currentRelease.revision} <StatusBadge status={t.currentRelease.status} />
                    </td>
                    <td>
                      {last ? (
                        <Link href={`/executions/${last.id}`} className="row" style={{ textDecoration: "none" }}>
                          <StatusBadge status={last.status} /> <Time iso={last.queuedAt} compact />
                        </Link>
                      ) : (
                        <span className="muted">never run</span>
                      )}
                    </td>
                    <td>
                      <Time iso={t.createdAt} compact />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </NameList>
      <section className="panel">
        <h2>Define a task</h2>
        <Guarded needs="CREATE" some>
          <CreateTaskForm apps={apps.map((a) => ({ name: a.name, versions: a.versions.map((v) => v.version) }))} />
        </Guarded>
      </section>
    </>
  );
}
