import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { NameList, type NameListSearch, nameListArgs, pageOf } from "@/components/name-list";
import { Guarded, GuardedLink } from "@/components/viewer";
import { TriggersQuery } from "@/lib/documents";
import { graphqlUrl, serverQuery } from "@/lib/server-graphql";
import { TargetLink } from "../schedules/outcome";
import { TriggerToggle } from "./trigger-actions";
import { describeWindow, webhookUrl } from "./webhook";

export const metadata = { title: "Triggers" };

export default async function TriggersPage({ searchParams }: { searchParams: Promise<NameListSearch> }) {
  const list = nameListArgs(await searchParams);
  const r = await serverQuery(TriggersQuery, list.variables);
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const page = pageOf(r.data.triggers, list.size);
  const triggers = page.rows;
  const api = graphqlUrl();
  return (
    <>
      <AutoRefresh seconds={5} />
      <div className="spread">
        <h1>Triggers</h1>
        <GuardedLink needs="SCHEDULE" some href="/triggers/new">
          New trigger
        </GuardedLink>
      </div>
      <NameList path="/triggers" noun="triggers" list={list} page={page} query={TriggersQuery}>
        {triggers.length === 0 ? (
          <EmptyState title="No trigger yet">
            A trigger starts a task or a DAG when a message arrives on a NATS subject or a signed webhook call comes in.{" "}
            <Link href="/triggers/new">Create one</Link>.
          </EmptyState>
        ) : (
          <table data-testid="triggers">
            <thead>
              <tr>
                <th>Trigger</th>
                <th>Starts</th>
                <th>Listens on</th>
                <th>Dedup</th>
                <th>Enabled</th>
              </tr>
            </thead>
            <tbody>
              {triggers.map((t) => (
                <tr key={t.name} data-trigger={t.name}>
                  <td>
                    <Link href={`/triggers/${encodeURIComponent(t.name)}`}>{t.name}</Link>
                  </td>
                  <td>
                    <TargetLink task={t.task} dag={t.dag} />
                  </td>
                  <td>
                    {t.subject ? (
                      <div>
                        subject <code>{t.subject}</code>
                      </div>
                    ) : null}
                    <div>
                      webhook <code data-testid="webhook-url">{webhookUrl(api, t.webhookPath)}</code>
                    </div>
                  </td>
                  <td>
                    {t.dedupKey ? (
                      <>
                        <code>{t.dedupKey}</code>{" "}
                        <span className="muted">· {describeWindow(t.dedupWindowSeconds)}</span>
                      </>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td>
                    <Guarded needs="SCHEDULE" name={t.task ?? t.dag} compact>
                      <TriggerToggle name={t.name} enabled={t.enabled} />
                    </Guarded>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </NameList>
    </>
  );
}
