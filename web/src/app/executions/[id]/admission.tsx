import Link from "next/link";
import { StatusBadge } from "@/components/status";
import { Duration, Time } from "@/components/time";
import type { AttemptRowFragment, ExecutionQuery } from "@/generated/graphql";
import { labelPairs } from "../../runners/labels";

type Execution = NonNullable<ExecutionQuery["execution"]>;

/** "Waiting: no runner with 8Gi free (position 3)": why a QUEUED run waits and its place in its pool's line. */
export function waitingLine(reason: string | null | undefined, position: number | null | undefined): string {
  const why = reason ?? "waiting for admission to look at it";
  return position ? `Waiting: ${why} (position ${position})` : `Waiting: ${why}`;
}

/** Shown while the run is QUEUED: why it waits, its place in line, and when it may start or expires. */
export function WaitingNotice({ x }: { x: Execution }) {
  if (x.status !== "QUEUED") return null;
  return (
    <section className="panel waiting-panel" aria-live="polite">
      <strong data-testid="waiting">{waitingLine(x.waitReason, x.queuePosition)}</strong>
      {x.notBefore ? (
        <div className="muted">
          Not started before <Time iso={x.notBefore} />
          {x.attempt > 1 ? " (the retry's backoff)" : null}
        </div>
      ) : null}
      {x.expiresAt ? (
        <div className="muted">
          Ends EXPIRED if still queued at <Time iso={x.expiresAt} />
        </div>
      ) : null}
    </section>
  );
}

/** What the run asks admission for (priority, limits, resources, labels) and what admission did. */
export function AdmissionFacts({ x }: { x: Execution }) {
  const labels = labelPairs(x.runnerLabels);
  return (
    <section className="panel">
      <dl className="facts" data-testid="admission">
        <dt>Pool</dt>
        <dd>
          {x.pool} <span className="muted">({x.platform})</span>
        </dd>
        <dt>Priority</dt>
        <dd data-testid="priority">{x.priority}</dd>
        <dt>Concurrency key</dt>
        <dd>
          {x.concurrencyKey ? (
            <>
              <span className="mono">{x.concurrencyKey}</span>{" "}
              <span className="muted">(at most {x.concurrencyLimit} at once)</span>
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        <dt>Requests</dt>
        <dd data-testid="requests">
          {x.cpu || x.memory ? (
            [x.cpu ? `CPU ${x.cpu}` : null, x.memory ? `memory ${x.memory}` : null].filter(Boolean).join(", ")
          ) : (
            <span className="muted">no CPU or memory request</span>
          )}
        </dd>
        <dt>Runner labels</dt>
        <dd className="mono">{labels.length ? labels.join(", ") : <span className="muted">any runner</span>}</dd>
        <dt>Assigned runner</dt>
        <dd data-testid="assigned-runner">
          {x.assignedRunnerId ? (
            <Link href="/runners" className="mono">
              {x.assignedRunnerId}
            </Link>
          ) : (
            <span className="muted">not yet</span>
          )}
        </dd>
        <dt>Dispatched</dt>
        <dd>
          <Time iso={x.dispatchedAt} />
        </dd>
        {x.notBefore ? (
          <>
            <dt>Not before</dt>
            <dd data-testid="not-before">
              <Time iso={x.notBefore} />
            </dd>
          </>
        ) : null}
        {x.expiresAt ? (
          <>
            <dt>Expires</dt>
            <dd data-testid="expires-at">
              <Time iso={x.expiresAt} />
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** The chain of attempts of one launch (retries), first first, with this one marked. */
export function Attempts({ attempts, currentId }: { attempts: readonly AttemptRowFragment[]; currentId: string }) {
  if (attempts.length <= 1) return null;
  return (
    <section className="panel">
      <h2>Attempts</h2>
      <table data-testid="attempts">
        <thead>
          <tr>
            <th className="num">Attempt</th>
            <th>Execution</th>
            <th>Status</th>
            <th>Queued</th>
            <th>Not before</th>
            <th>Started</th>
            <th>Duration</th>
            <th className="num">Exit</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => {
            const current = a.id === currentId;
            return (
              <tr
                key={a.id}
                data-attempt={a.attempt}
                data-execution-id={a.id}
                aria-current={current ? "true" : undefined}
                style={current ? { background: "#f4f7fd", fontWeight: 600 } : undefined}
              >
                <td className="num">{a.attempt}</td>
                <td>
                  {current ? (
                    <span className="mono">
                      {a.id.slice(0, 8)} <span className="muted">(this one)</span>
                    </span>
                  ) : (
                    <Link href={`/executions/${a.id}`} className="mono">
                      {a.id.slice(0, 8)}
                    </Link>
                  )}
                </td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>
                  <Time iso={a.queuedAt} compact />
                </td>
                <td>{a.notBefore ? <Time iso={a.notBefore} compact /> : <span className="muted">–</span>}</td>
                <td>
                  <Time iso={a.startedAt} compact />
                </td>
                <td>
                  <Duration start={a.startedAt} end={a.endedAt} />
                </td>
                <td className="num">{a.exitCode ?? ""}</td>
                <td>{a.errorMessage ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
