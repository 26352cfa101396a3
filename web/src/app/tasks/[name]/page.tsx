import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteDefinition } from "@/components/delete-definition";
import { ExecutionsTable } from "@/components/executions-table";
import { ApiUnavailable, EmptyState, ErrorMessage } from "@/components/feedback";
import { Pager } from "@/components/pager";
import { StatusBadge } from "@/components/status";
import { StepHistory } from "@/components/step-history";
import { Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import { StepHistoryQuery, TaskQuery } from "@/lib/documents";
import { serverQuery } from "@/lib/server-graphql";
import { parseBefore, queryString } from "@/lib/statuses";
import { DiffView } from "./diff-view";
import { LaunchForm } from "./launch-form";
import { RollbackForm, UpgradeForm } from "./release-forms";

/** Executions the step history covers (statistics and chart alike). */
const HISTORY = 50;
/** Release revisions per page of the release history. */
const RELEASES_PAGE = 20;

export default async function TaskPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  /** releases: the release history's cursor (the last revision of the page before). */
  searchParams: Promise<{ releases?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const releasesBefore = parseBefore((await searchParams).releases);
  const [r, history] = await Promise.all([
    serverQuery(TaskQuery, { name, releasesFirst: RELEASES_PAGE + 1, releasesBefore }),
    serverQuery(StepHistoryQuery, { task: name, last: HISTORY }),
  ]);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const task = r.data.task;
  if (!task) notFound();
  const current = task.currentRelease;
  const executions = r.data.executions.edges.map((e) => e.node);
  // Every revision (numbers only), for rolling back and comparing; the history table shows a page of them.
  const revisions = task.revisions.map((x) => x.revision);
  const releases = task.releases.slice(0, RELEASES_PAGE);
  return (
    <>
      <div className="spread">
        <h1>
          Task {task.name} <StatusBadge status={current.status} />
        </h1>
        <span className="row">
          <span className="muted">
            {task.app.name} {current.appVersion.version} · revision {current.revision} · created{" "}
            <Time iso={task.createdAt} compact />
          </span>
          <Guarded needs="MODIFY" name={task.name} compact>
            <DeleteDefinition kind="task" name={task.name} />
          </Guarded>
        </span>
      </div>
      <div className="grid">
        <section className="panel">
          <h2>Launch</h2>
          <Guarded needs="DEPLOY" name={task.name}>
            <LaunchForm task={task.name} />
          </Guarded>
        </section>
        <section className="panel">
          <h2>Current manifest (revision {current.revision})</h2>
          <pre className="mono" style={{ margin: 0, whiteSpace: "pre-wrap" }}>
            {JSON.stringify(current.manifest, null, 2)}
          </pre>
        </section>
      </div>
      <section className="panel">
        <h2>Executions</h2>
        {executions.length === 0 ? (
          <EmptyState title="This task has not run yet">Launch it above.</EmptyState>
        ) : (
          <>
            <ExecutionsTable rows={executions} showTask={false} />
            <p>
              <Link href={`/executions?task=${encodeURIComponent(task.name)}`}>All executions of {task.name}</Link> ·{" "}
              <Link href={`/tasks/${encodeURIComponent(task.name)}/grid`}>Grid of the last runs</Link>
            </p>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="step-history" data-testid="step-history">
        <h2 id="step-history">Step history</h2>
        {history.ok ? <StepHistory data={history.data} last={HISTORY} /> : <ErrorMessage error={history.error} />}
      </section>
      <section className="panel" id="release-history">
        <h2>Release history</h2>
        <table data-testid="release-history">
          <thead>
            <tr>
              <th>Revision</th>
              <th>Status</th>
              <th>Kind</th>
              <th>Version</th>
              <th>Created by</th>
              <th>Reason</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((x) => (
              <tr key={x.revision} data-revision={x.revision}>
                <td>{x.revision}</td>
                <td>
                  <StatusBadge status={x.status} />
                  {x.failureReason ? <div className="error">{x.failureReason}</div> : null}
                </td>
                <td>
                  {x.kind}
                  {x.sourceRevision ? ` of ${x.sourceRevision}` : ""}
                </td>
                <td>{x.appVersion.version}</td>
                <td>{x.createdBy}</td>
                <td>{x.reason ?? <span className="muted">–</span>}</td>
                <td>
                  <Time iso={x.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager
          after={releasesBefore?.toString()}
          pageInfo={{
            hasNextPage: task.releases.length > RELEASES_PAGE,
            endCursor: releases.at(-1)?.revision.toString(),
          }}
          href={({ after }) =>
            `/tasks/${encodeURIComponent(task.name)}${queryString({ releases: after })}#release-history`
          }
          noun="revisions"
        />
      </section>
      <div className="grid">
        <section className="panel">
          <h2>Upgrade</h2>
          <Guarded needs="MODIFY" name={task.name}>
            <UpgradeForm
              task={task.name}
              versions={task.app.versions.map((v) => v.version)}
              currentVersion={current.appVersion.version}
              currentProperties={(current.manifest as { properties?: unknown }).properties ?? {}}
            />
          </Guarded>
        </section>
        <section className="panel">
          <h2>Roll back</h2>
          <Guarded needs="MODIFY" name={task.name}>
            <RollbackForm task={task.name} revisions={revisions.filter((x) => x !== current.revision)} />
          </Guarded>
        </section>
      </div>
      <section className="panel">
        <h2>Compare revisions</h2>
        {revisions.length < 2 ? (
          <EmptyState title="Only one revision so far">Upgrade the task to compare what changed.</EmptyState>
        ) : (
          // Keyed by the newest revision: a new one resets the comparison to the two latest.
          <DiffView key={revisions[0]} task={task.name} revisions={revisions} />
        )}
      </section>
    </>
  );
}
