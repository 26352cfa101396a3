"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Disclosure } from "@/components/disclosure";
import { ErrorMessage } from "@/components/feedback";
import { type LogEntry, LogViewer } from "@/components/log-viewer";
import { Origin } from "@/components/origin";
import { StatusBadge } from "@/components/status";
import { Duration, Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import type {
  ExecutionEventsSubscription as EventsResult,
  ExecutionLiveQuery as ExecutionLiveResult,
  ExecutionQuery as ExecutionResult,
  StepRowFragment,
} from "@/generated/graphql";
import { cancelVerdict, relaunchVerdict, restartVerdict } from "@/lib/actions";
import { browserRequest, useGraphQLUrl, useMutation, useSubscription } from "@/lib/client-graphql";
import {
  CancelExecutionMutation,
  ExecutionEventsSubscription,
  ExecutionLiveQuery,
  RestartExecutionMutation,
} from "@/lib/documents";
import { shellQuote } from "@/lib/format";
import { isFinal, STATUSES } from "@/lib/statuses";
import { AdmissionFacts, Attempts, WaitingNotice } from "./admission";
import { RelaunchForm } from "./relaunch-form";
import { RunSpecPanel } from "./run-spec";

type Execution = NonNullable<ExecutionResult["execution"]>;
type LiveFacts = NonNullable<ExecutionLiveResult["execution"]>;
type Event = EventsResult["executionEvents"];

/** How often the page re-reads why a QUEUED run waits (and other attempts of the chain while they go on). */
const WAITING_POLL_MS = 2000;

/** QUEUED, DISPATCHED, RUNNING, then any end status: a status never goes back down this order. */
const stage = (status: string): number => Math.min((STATUSES as readonly string[]).indexOf(status), 3);

/** The re-read facts over what the page has, except a status older than the one events already gave. */
function mergeFacts(prev: Execution, live: LiveFacts): Execution {
  const next = { ...prev, ...live };
  return stage(live.status) < stage(prev.status) ? { ...next, status: prev.status } : next;
}

const COUNTERS: readonly (keyof StepRowFragment)[] = [
  "readCount",
  "writeCount",
  "commitCount",
  "rollbackCount",
  "skipCount",
  "filterCount",
];

/** The execution page: first paint from the server, then every event live (replayed from the start). */
export function LiveExecution({ initial }: { initial: Execution }) {
  const router = useRouter();
  const url = useGraphQLUrl();
  const [x, setX] = useState<Execution>(initial);
  const [logs, setLogs] = useState<LogEntry[]>([]);
  const [liveError, setLiveError] = useState<string | null>(null);
  const [streaming, setStreaming] = useState(true);
  const pending = useRef<Event[]>([]);
  const lastLogSeq = useRef(0);

  const refreshFacts = useCallback(async () => {
    const d = await browserRequest(url, ExecutionLiveQuery, { id: initial.id }).catch(() => undefined);
    if (d?.execution) {
      const live = d.execution;
      setX((prev) => mergeFacts(prev, live));
    }
  }, [url, initial.id]);

  // Apply buffered events at most ten times a second, so fast output stays smooth.
  useEffect(() => {
    const t = setInterval(() => {
      const batch = pending.current;
      if (batch.length === 0) return;
      pending.current = [];
      const newLogs: LogEntry[] = [];
      // Any status change re-reads the facts: admission's (runner, attempts) change with it.
      const statusChanged = batch.some((e) => e.kind === "STATUS");
      setX((prev) => {
        let next = prev;
        for (const e of batch) {
          if (e.kind === "STATUS" && e.status) {
            next = { ...next, status: e.status };
            if (e.status === "RUNNING" && !next.startedAt) next = { ...next, startedAt: e.at };
            if (isFinal(e.status) && !next.endedAt) next = { ...next, endedAt: e.at };
          } else if (e.kind === "STEP" && e.step) {
            const step = e.step;
            const steps = next.steps.some((s) => s.name === step.name)
              ? next.steps.map((s) => (s.name === step.name ? step : s))
              : [...next.steps, step];
            next = { ...next, steps };
          }
        }
        return next;
      });
      for (const e of batch) {
        if (e.kind === "LOG" && e.log && e.log.seq > lastLogSeq.current) {
          lastLogSeq.current = e.log.seq;
          newLogs.push({ seq: e.log.seq, stream: e.log.stream, text: e.log.text, at: e.log.at });
        }
      }
      if (newLogs.length) setLogs((prev) => [...prev, ...newLogs]);
      if (statusChanged) void refreshFacts();
    }, 100);
    return () => clearInterval(t);
  }, [refreshFacts]);

  useSubscription(
    ExecutionEventsSubscription,
    { id: initial.id },
    {
      onData: (d) => {
        pending.current.push(d.executionEvents);
      },
      onError: (m) => setLiveError(m),
      onComplete: () => setStreaming(false),
    },
  );

  // While it waits (or another attempt of its chain goes on), why and where it waits is re-read.
  const watching =
    x.status === "QUEUED" || (isFinal(x.status) && x.attempts.some((a) => a.id !== x.id && !isFinal(a.status)));
  useEffect(() => {
    if (!watching) return;
    const t = setInterval(() => {
      if (document.visibilityState === "visible") void refreshFacts();
    }, WAITING_POLL_MS);
    return () => clearInterval(t);
  }, [watching, refreshFacts]);

  const [cancel, c] = useMutation(CancelExecutionMutation);
  const [restart, r] = useMutation(RestartExecutionMutation);
  const done = isFinal(x.status);
  const cancelWhyNot = cancelVerdict(x.status);
  const restartWhyNot = restartVerdict(x.status);
  const relaunchWhyNot = relaunchVerdict(x.status);

  return (
    <>
      <div className="spread">
        <h1>
          Execution <span className="mono">{x.id.slice(0, 8)}</span> of {x.task.name}{" "}
          <span data-testid="execution-status">
            <StatusBadge status={x.status} />
          </span>
        </h1>
        <Guarded needs="DEPLOY" name={x.task.name} compact>
          <div className="row">
            <button
              type="button"
              className="danger"
              disabled={cancelWhyNot !== null || c.pending}
              title={cancelWhyNot ?? undefined}
              onClick={async () => {
                if (!window.confirm(`Cancel execution ${x.id.slice(0, 8)} of ${x.task.name}?`)) return;
                const d = await cancel({ id: x.id });
                if (d) setX((prev) => ({ ...prev, status: d.cancelExecution.status }));
              }}
            >
              {c.pending ? "Cancelling…" : "Cancel"}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={restartWhyNot !== null || r.pending}
              title={restartWhyNot ?? undefined}
              onClick={async () => {
                const d = await restart({ id: x.id });
                if (d) router.push(`/executions/${d.restartExecution.id}`);
              }}
            >
              Restart
            </button>
          </div>
        </Guarded>
      </div>
      {done && restartWhyNot ? (
        <p className="muted" data-testid="unavailable-actions">
          Restart: {restartWhyNot}
        </p>
      ) : null}
      <ErrorMessage error={c.error ?? r.error} />
      <ErrorMessage error={liveError} />
      <WaitingNotice x={x} />
      <div className="grid">
        <section className="panel">
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={x.status} /> {streaming && !done ? <span className="muted">live</span> : null}
            </dd>
            <dt>Origin</dt>
            <dd>
              <Origin origin={x.origin} />
            </dd>
            <dt>Arguments</dt>
            <dd className="mono" data-testid="arguments">
              {x.arguments.length ? shellQuote(x.arguments) : "none"}
            </dd>
            <dt>Revision</dt>
            <dd>{x.releaseRevision}</dd>
            <dt>Exit code</dt>
            <dd data-testid="exit-code">{x.exitCode ?? "–"}</dd>
            <dt>Exit message</dt>
            <dd>{x.exitMessage ?? x.errorMessage ?? "–"}</dd>
            <dt>Runner</dt>
            <dd>
              {x.runnerId ?? "–"} ({x.platform} / {x.pool})
            </dd>
            <dt>Attempt</dt>
            <dd data-testid="attempt">
              {x.attempt}
              {x.retryOf ? (
                <>
                  {" "}
                  <span className="muted">retries</span>{" "}
                  <a href={`/executions/${x.retryOf.id}`} className="mono">
                    {x.retryOf.id.slice(0, 8)}
                  </a>{" "}
                  <span className="muted">(attempt {x.retryOf.attempt},</span> <StatusBadge status={x.retryOf.status} />
                  <span className="muted">)</span>
                </>
              ) : null}
            </dd>
          </dl>
        </section>
        <section className="panel">
          <dl className="facts">
            <dt>Queued</dt>
            <dd>
              <Time iso={x.queuedAt} />
            </dd>
            <dt>Started</dt>
            <dd>
              <Time iso={x.startedAt} />
            </dd>
            <dt>Ended</dt>
            <dd>
              <Time iso={x.endedAt} />
            </dd>
            <dt>Duration</dt>
            <dd>
              <Duration start={x.startedAt} end={x.endedAt} />
            </dd>
            {x.restartOf ? (
              <>
                <dt>Restart of</dt>
                <dd>
                  <a href={`/executions/${x.restartOf.id}`} className="mono">
                    {x.restartOf.id.slice(0, 8)}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
        <AdmissionFacts x={x} />
      </div>
      <Attempts attempts={x.attempts} currentId={x.id} />
      <RunSpecPanel spec={x.runSpec} />
      <Guarded needs="DEPLOY" name={x.task.name}>
        <section className="panel">
          <h2>Relaunch</h2>
          {relaunchWhyNot ? (
            <p className="muted">{relaunchWhyNot}</p>
          ) : (
            <Disclosure label="Relaunch with these arguments and properties">
              <RelaunchForm
                id={x.id}
                defaultArguments={shellQuote(x.arguments)}
                launchProperties={x.launchProperties ?? null}
              />
            </Disclosure>
          )}
        </section>
      </Guarded>
      <section className="panel">
        <h2>Steps</h2>
        {x.steps.length === 0 ? (
          <p className="muted">
            No steps reported{done ? "" : " yet"}. Programs report steps with <code>::baton::</code> step lines.
          </p>
        ) : (
          <table data-testid="steps">
            <thead>
              <tr>
                <th>Step</th>
                <th>Status</th>
                <th className="num">Read</th>
                <th className="num">Write</th>
                <th className="num">Commit</th>
                <th className="num">Rollback</th>
                <th className="num">Skip</th>
                <th className="num">Filter</th>
                <th>Duration</th>
              </tr>
            </thead>
            <tbody>
              {x.steps.map((s) => (
                <tr key={s.name} data-step={s.name}>
                  <td>
                    <a href={`/executions/${x.id}/steps/${encodeURIComponent(s.name)}`}>{s.name}</a>
                  </td>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  {COUNTERS.map((k) => (
                    <td key={k} className="num" data-counter={k}>
                      {String(s[k] ?? 0)}
                    </td>
                  ))}
                  <td>
                    <Duration start={s.startedAt ?? x.startedAt} end={s.endedAt ?? (done ? x.endedAt : null)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h2>Log</h2>
        <LogViewer lines={logs} live={streaming && !done} downloadHref={`/executions/${x.id}/log`} />
      </section>
    </>
  );
}
