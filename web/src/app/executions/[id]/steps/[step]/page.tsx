import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable } from "@/components/feedback";
import { StatusBadge } from "@/components/status";
import { Duration, Time } from "@/components/time";
import { ExecutionTaskQuery, StepDrillQuery } from "@/lib/documents";
import { elapsed, formatDuration } from "@/lib/format";
import { serverQuery } from "@/lib/server-graphql";
import { stepProgress } from "@/lib/step-progress";

export const metadata = { title: "Step" };

/** The task's finished runs the history compares against. */
const HISTORY = 100;

const COUNTERS = [
  ["readCount", "Read"],
  ["writeCount", "Write"],
  ["commitCount", "Commit"],
  ["rollbackCount", "Rollback"],
  ["skipCount", "Skip"],
  ["filterCount", "Filter"],
] as const;

/**
 * Spring Cloud Data Flow's step execution page: one step of one run, its
 * counters and exit description, its duration against the task's last runs
 * of it, a progress estimate while it runs, and the checkpoint a restart
 * would resume it from.
 */
export default async function StepPage({ params }: { params: Promise<{ id: string; step: string }> }) {
  const { id, step: raw } = await params;
  const name = decodeURIComponent(raw);
  const t = await serverQuery(ExecutionTaskQuery, { id });
  if (!t.ok) return <ApiUnavailable error={t.error} />;
  if (!t.data.execution) notFound();
  const r = await serverQuery(StepDrillQuery, { id, task: t.data.execution.task.name, last: HISTORY });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const x = r.data.execution;
  const step = x?.steps.find((s) => s.name === name);
  if (!x || !step) notFound();
  const stats = r.data.stepStatistics.find((s) => s.step === name);
  const running = step.status === "STARTED";
  const tookMs = elapsed(step.startedAt ?? x.startedAt, step.endedAt ?? (running ? null : x.endedAt));
  const progress = stepProgress(step, stats, tookMs);
  const completed = x.resumePoint.completedSteps.includes(name);
  const checkpoint = (x.resumePoint.checkpoints as Record<string, unknown>)[name];
  return (
    <>
      {running ? <AutoRefresh seconds={2} /> : null}
      <p className="muted">
        <Link href="/executions">Executions</Link> /{" "}
        <Link href={`/tasks/${encodeURIComponent(x.task.name)}`}>{x.task.name}</Link> /{" "}
        <Link href={`/executions/${x.id}`} className="mono">
          {x.id.slice(0, 8)}
        </Link>{" "}
        / step
      </p>
      <h1>
        Step {step.name} <StatusBadge status={step.status} />
      </h1>
      <div className="grid">
        <section className="panel">
          <dl className="facts">
            <dt>Exit description</dt>
            <dd data-testid="step-exit">{step.exitMessage ?? "–"}</dd>
            <dt>Started</dt>
            <dd>
              <Time iso={step.startedAt ?? x.startedAt} />
            </dd>
            <dt>Ended</dt>
            <dd>
              <Time iso={step.endedAt} />
            </dd>
            <dt>Duration</dt>
            <dd data-testid="step-duration">
              <Duration start={step.startedAt ?? x.startedAt} end={step.endedAt ?? (running ? null : x.endedAt)} />
              {stats && stats.runs > 0 ? (
                <span className="muted">
                  {" "}
                  · mean of the last {stats.runs} run{stats.runs === 1 ? "" : "s"}:{" "}
                  {formatDuration(stats.duration.mean ?? 0)}
                  {tookMs !== null && !running && stats.duration.mean
                    ? ` (this one ${(tookMs / stats.duration.mean).toFixed(1)}×)`
                    : ""}
                </span>
              ) : (
                <span className="muted"> · no finished run of this step to compare with yet</span>
              )}
            </dd>
            {running ? (
              <>
                <dt>Progress</dt>
                <dd data-testid="step-progress">{progress}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section className="panel">
          <h2>Counters</h2>
          <table data-testid="step-counters">
            <thead>
              <tr>
                <th>Counter</th>
                <th className="num">This run</th>
              </tr>
            </thead>
            <tbody>
              {COUNTERS.map(([key, label]) => (
                <tr key={key} data-counter={key}>
                  <td>{label}</td>
                  <td className="num">{step[key]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {stats ? (
            <p className="muted">
              Mean over the task's last {stats.runs} finished run{stats.runs === 1 ? "" : "s"} of this step: read{" "}
              {Math.round(stats.read.mean ?? 0)}, write {Math.round(stats.write.mean ?? 0)}.
            </p>
          ) : null}
        </section>
      </div>
      <section className="panel" data-testid="step-restart">
        <h2>On restart</h2>
        {completed ? (
          <p>This step completed: a restart of this run skips it.</p>
        ) : checkpoint !== undefined ? (
          <>
            <p>A restart of this run resumes this step from its last checkpoint:</p>
            <pre className="mono" data-testid="step-checkpoint">
              {JSON.stringify(checkpoint, null, 2)}
            </pre>
          </>
        ) : (
          <p>This step reported no checkpoint: a restart runs it from the start.</p>
        )}
        <p className="muted">
          The restarted run gets this in <code>BATON_RESUME</code> (completed steps and checkpoints along the chain of
          restarts).
        </p>
      </section>
    </>
  );
}
