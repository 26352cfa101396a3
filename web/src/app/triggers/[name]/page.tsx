import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { Pager } from "@/components/pager";
import { Time } from "@/components/time";
import { Guarded, GuardedLink } from "@/components/viewer";
import { TriggerQuery } from "@/lib/documents";
import { graphqlUrl, serverQuery } from "@/lib/server-graphql";
import { queryString } from "@/lib/statuses";
import { OutcomeBadge, RunLink, TargetLink } from "../../schedules/outcome";
import { DeleteTrigger, RotateSecret, TriggerToggle } from "../trigger-actions";
import { describeWindow, webhookUrl } from "../webhook";

/** Events shown per page. */
const EVENTS = 50;

/** The events' cursor in the URL: the last event's receivedAt and id ("<iso>_<id>"), as the API pages them. */
function parseCursor(text: string | undefined): { before?: string; beforeId?: string } {
  const [before, beforeId] = (text ?? "").split("_");
  return before && beforeId ? { before, beforeId } : {};
}

export default async function TriggerPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ before?: string }>;
}) {
  const name = decodeURIComponent((await params).name);
  const cursor = (await searchParams).before || undefined;
  const r = await serverQuery(TriggerQuery, { name, events: EVENTS + 1, ...parseCursor(cursor) });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const t = r.data.trigger;
  if (!t) notFound();
  const events = t.events.slice(0, EVENTS);
  const last = events.at(-1);
  const properties = typeof t.properties === "object" && t.properties !== null ? t.properties : {};
  const hook = webhookUrl(graphqlUrl(), t.webhookPath);
  return (
    <>
      <AutoRefresh seconds={3} />
      <p className="muted">
        <Link href="/triggers">Triggers</Link> / {t.name}
      </p>
      <div className="spread">
        <h1>Trigger {t.name}</h1>
        <div className="row">
          <Guarded needs="SCHEDULE" name={t.task ?? t.dag} compact>
            <TriggerToggle name={t.name} enabled={t.enabled} />
          </Guarded>
          <GuardedLink
            needs="SCHEDULE"
            name={t.task ?? t.dag}
            href={`/triggers/${encodeURIComponent(t.name)}/edit`}
            className="button secondary"
          >
            Edit
          </GuardedLink>
          <Guarded needs="SCHEDULE" name={t.task ?? t.dag} compact>
            <DeleteTrigger name={t.name} />
          </Guarded>
        </div>
      </div>
      <div className="grid">
        <section className="panel">
          <dl className="facts">
            <dt>Starts</dt>
            <dd>
              <TargetLink task={t.task} dag={t.dag} />
            </dd>
            <dt>NATS subject</dt>
            <dd>{t.subject ? <code>{t.subject}</code> : <span className="muted">none (webhook only)</span>}</dd>
            <dt>Webhook URL</dt>
            <dd>
              <code data-testid="webhook-url">{hook}</code>
              <div className="muted">
                POST the message as JSON, signed: <code>X-Baton-Signature-256: sha256=&lt;hex HMAC-SHA256&gt;</code>
              </div>
            </dd>
            <dt>Dedup key</dt>
            <dd data-testid="dedup">
              {t.dedupKey ? (
                <>
                  <code>{t.dedupKey}</code>, seen for {describeWindow(t.dedupWindowSeconds)}
                </>
              ) : (
                <span className="muted">none: every message starts a run</span>
              )}
            </dd>
            <dt>Created</dt>
            <dd>
              <Time iso={t.createdAt} compact /> by {t.createdBy}
            </dd>
            <dt>Updated</dt>
            <dd>
              <Time iso={t.updatedAt} compact />
            </dd>
          </dl>
        </section>
        <section className="panel" data-testid="mapping">
          <h2>Mapping</h2>
          <p className="muted">Templates over the message's JSON, such as {"{{ .requestId }}"}.</p>
          <dl className="facts">
            <dt>Arguments</dt>
            <dd>
              {t.arguments.length ? (
                <ol style={{ margin: 0, paddingLeft: 20 }}>
                  {t.arguments.map((a, i) => (
                    // Arguments may repeat; their position is what identifies them.
                    // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity
                    <li key={i}>
                      <code>{a}</code>
                    </li>
                  ))}
                </ol>
              ) : (
                <span className="muted">none</span>
              )}
            </dd>
            <dt>Properties</dt>
            <dd>
              {Object.keys(properties).length ? (
                <pre style={{ margin: 0 }}>{JSON.stringify(properties, null, 2)}</pre>
              ) : (
                <span className="muted">none</span>
              )}
            </dd>
          </dl>
        </section>
      </div>
      <section className="panel">
        <h2>Webhook secret</h2>
        <p className="muted">The secret is shown only when it is made. Lost it? Rotate it and update the sender.</p>
        <Guarded needs="SCHEDULE" name={t.task ?? t.dag}>
          <RotateSecret name={t.name} webhookPath={t.webhookPath} />
        </Guarded>
      </section>
      <section className="panel" id="events">
        <h2>Events</h2>
        {events.length === 0 ? (
          <EmptyState title="Nothing received yet">
            Messages on the subject and signed webhook calls appear here, with the run each one started.
          </EmptyState>
        ) : (
          <table data-testid="events">
            <thead>
              <tr>
                <th>Received</th>
                <th>Source</th>
                <th>Message id</th>
                <th>Outcome</th>
                <th>Reason</th>
                <th>Dedup key</th>
                <th>Run</th>
                <th>Payload</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} id={`event-${e.id}`} data-message-id={e.messageId} data-outcome={e.outcome}>
                  <td>
                    <Time iso={e.receivedAt} compact />
                  </td>
                  <td>{e.source === "HTTP" ? "webhook" : e.source}</td>
                  <td className="mono">{e.messageId}</td>
                  <td>
                    <OutcomeBadge outcome={e.outcome} />
                  </td>
                  <td>
                    {e.reason ?? <span className="muted">–</span>}
                    {e.matchedEventId ? (
                      <div>
                        <a href={`#event-${e.matchedEventId}`}>the first event</a>
                      </div>
                    ) : null}
                  </td>
                  <td>{e.dedupKey ? <code>{e.dedupKey}</code> : <span className="muted">–</span>}</td>
                  <td>
                    <RunLink
                      execution={e.execution}
                      dagRun={e.dagRun}
                      executionId={e.executionId}
                      dagRunId={e.dagRunId}
                    />
                  </td>
                  <td>
                    {e.payload === null || e.payload === undefined ? (
                      <span className="muted">–</span>
                    ) : (
                      <details>
                        <summary>show</summary>
                        <pre style={{ margin: 0, maxWidth: 360, overflow: "auto" }}>
                          {JSON.stringify(e.payload, null, 2)}
                        </pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager
          after={cursor}
          pageInfo={{ hasNextPage: t.events.length > EVENTS, endCursor: last ? `${last.receivedAt}_${last.id}` : null }}
          href={({ after }) => `/triggers/${encodeURIComponent(t.name)}${queryString({ before: after })}#events`}
        />
      </section>
    </>
  );
}
