"use client";
import Link from "next/link";
import { Fragment, useMemo, useState } from "react";
import { DagGraph } from "@/components/dag-graph";
import { ErrorMessage } from "@/components/feedback";
import { Gantt } from "@/components/gantt";
import { Origin } from "@/components/origin";
import { StatusBadge } from "@/components/status";
import { Duration, Time } from "@/components/time";
import { Guarded } from "@/components/viewer";
import type { DagRunViewFragment, OriginFieldsFragment } from "@/generated/graphql";
import { dagCancelVerdict, dagRestartVerdict } from "@/lib/actions";
import { useMutation, useSubscription } from "@/lib/client-graphql";
import { CancelDagRunMutation, DagRunEventsSubscription, RestartDagRunMutation } from "@/lib/documents";
import { shellQuote } from "@/lib/format";
import { isFinal } from "@/lib/statuses";
import { NodeGlance } from "./node-glance";

/** A DAG run: the graph coloured by node status, a timeline, and the nodes, all live (dagRunEvents). */
export function LiveDagRun({ initial, origin }: { initial: DagRunViewFragment; origin: OriginFieldsFragment }) {
  const [run, setRun] = useState(initial);
  const [liveError, setLiveError] = useState<string | null>(null);
  // Restart starts a new attempt: subscribe again (the attempt is part of the key).
  const [attemptKey, setAttemptKey] = useState(0);
  useSubscription(DagRunEventsSubscription, { id: initial.id, k: attemptKey } as unknown as { id: string }, {
    onData: (d) => setRun(d.dagRunEvents),
    onError: setLiveError,
  });
  const [cancel, c] = useMutation(CancelDagRunMutation);
  const [restart, r] = useMutation(RestartDagRunMutation);
  const nodes = useMemo(() => run.nodes.map((n) => n.node), [run.nodes]);
  const statuses = useMemo(() => Object.fromEntries(run.nodes.map((n) => [n.node.id, n.status ?? null])), [run.nodes]);
  const links = useMemo(
    () =>
      Object.fromEntries(
        run.nodes.flatMap((n) => (n.execution ? [[n.node.id, `/executions/${n.execution.id}`] as const] : [])),
      ),
    [run.nodes],
  );
  const done = isFinal(run.status);
  /** Nodes whose execution is open inline under their row. */
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const cancelWhyNot = dagCancelVerdict(run.status);
  const restartWhyNot = dagRestartVerdict(run.status);
  return (
    <>
      <div className="spread">
        <h1>
          Run of {run.dag.name}{" "}
          <span data-testid="dag-run-status">
            <StatusBadge status={run.status} />
          </span>
        </h1>
        <Guarded needs="DEPLOY" name={run.dag.name} compact>
          <div className="row">
            <button
              type="button"
              className="danger"
              disabled={cancelWhyNot !== null || c.pending}
              title={cancelWhyNot ?? undefined}
              onClick={async () => {
                if (!window.confirm(`Cancel this run of ${run.dag.name}? Its running nodes are stopped.`)) return;
                const d = await cancel({ id: run.id });
                if (d) setRun((prev) => ({ ...prev, status: d.cancelDagRun.status }));
              }}
            >
              Cancel run
            </button>
            <button
              type="button"
              className="secondary"
              disabled={restartWhyNot !== null || r.pending}
              title={restartWhyNot ?? undefined}
              onClick={async () => {
                const d = await restart({ id: run.id });
                if (d) {
                  setRun((prev) => ({ ...prev, status: d.restartDagRun.status, attempt: d.restartDagRun.attempt }));
                  setAttemptKey((k) => k + 1);
                }
              }}
            >
              Restart failed nodes
            </button>
          </div>
        </Guarded>
      </div>
      {done && restartWhyNot ? (
        <p className="muted" data-testid="unavailable-actions">
          Restart failed nodes: {restartWhyNot}
        </p>
      ) : null}
      <ErrorMessage error={c.error ?? r.error} />
      <ErrorMessage error={liveError} />
      <p className="muted">
        <Origin origin={origin} /> · version {run.version} · attempt {run.attempt} · started{" "}
        <Time iso={run.createdAt} /> · duration <Duration start={run.createdAt} end={run.endedAt} />
        {run.arguments.length ? (
          <>
            {" "}
            · arguments <span className="mono">{shellQuote(run.arguments)}</span>
          </>
        ) : null}
      </p>
      {run.errorMessage ? <p className="error">{run.errorMessage}</p> : null}
      <section className="panel">
        <DagGraph nodes={nodes} edges={run.edges} statuses={statuses} links={links} />
      </section>
      <section className="panel">
        <h2>Timeline</h2>
        <Gantt
          rows={run.nodes.map((n) => ({
            id: n.node.id,
            bars:
              n.attempts.length > 0
                ? n.attempts.map((a) => ({
                    attempt: a.attempt,
                    status: a.status,
                    startedAt: a.execution.startedAt,
                    endedAt: a.execution.endedAt,
                  }))
                : [{ attempt: 1, status: n.status ?? null, startedAt: n.startedAt, endedAt: n.endedAt }],
          }))}
        />
      </section>
      <div className="grid">
        <section className="panel">
          <h2>Nodes</h2>
          <table data-testid="dag-nodes">
            <thead>
              <tr>
                <th>Node</th>
                <th>Status</th>
                <th>Exit status</th>
                <th>Duration</th>
                <th>Attempts</th>
              </tr>
            </thead>
            <tbody>
              {run.nodes.map((n) => (
                <Fragment key={n.node.id}>
                  <tr data-node={n.node.id}>
                    <td>
                      {n.execution ? (
                        <>
                          <Link href={`/executions/${n.execution.id}`}>{n.node.id}</Link>{" "}
                          <button
                            type="button"
                            className="link-button"
                            aria-expanded={open.has(n.node.id)}
                            aria-label={`${open.has(n.node.id) ? "Hide" : "Show"} ${n.node.id}'s last lines`}
                            onClick={() => toggle(n.node.id)}
                          >
                            {open.has(n.node.id) ? "▾" : "▸"}
                          </button>
                        </>
                      ) : (
                        n.node.id
                      )}
                    </td>
                    <td>
                      <StatusBadge status={n.status} />
                    </td>
                    <td data-testid="exit-status">{n.exitStatus ?? "–"}</td>
                    <td>
                      <Duration start={n.startedAt} end={n.endedAt} />
                    </td>
                    <td>
                      {n.attempts.length === 0
                        ? "–"
                        : n.attempts.map((a, i) => (
                            <span key={a.attempt}>
                              {i > 0 ? ", " : null}
                              <Link href={`/executions/${a.execution.id}`}>#{a.attempt}</Link> {a.status}
                            </span>
                          ))}
                    </td>
                  </tr>
                  {n.execution && open.has(n.node.id) ? (
                    <tr data-node-glance={n.node.id}>
                      <td colSpan={5}>
                        <NodeGlance executionId={n.execution.id} status={n.status ?? null} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
