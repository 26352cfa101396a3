import Link from "next/link";
import { CopyAsGraphQL } from "@/components/copy-graphql";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { Pager } from "@/components/pager";
import { Time } from "@/components/time";
import { AuditRecordsQuery } from "@/lib/documents";
import { graphqlUrl, serverQuery } from "@/lib/server-graphql";
import { queryString } from "@/lib/statuses";
import { AuditFilter } from "./audit-filter";

export const metadata = { title: "Audit" };

const PAGE = 50;

type Search = { actor?: string; action?: string; target?: string; since?: string; until?: string; after?: string };

/** Who did what to what, and when: every mutation, newest first, with its (masked) input. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const filter = {
    actor: sp.actor || undefined,
    action: sp.action || undefined,
    target: sp.target || undefined,
    since: sp.since || undefined,
    until: sp.until || undefined,
  };
  const after = sp.after || undefined;
  const r = await serverQuery(AuditRecordsQuery, { filter, first: PAGE, after });
  const filtered = Object.values(filter).some(Boolean);
  const query = (extra: Record<string, string | undefined>): string => `/audit${queryString({ ...filter, ...extra })}`;
  // A wrong filter (since after until) is the API's sentence under the form; anything else is an outage.
  const badFilter = !r.ok && /since|until|cursor/i.test(r.error);
  if (!r.ok && !badFilter) return <ApiUnavailable error={r.error} />;
  const records = r.ok ? r.data.auditRecords : null;
  return (
    <>
      <h1>Audit</h1>
      <AuditFilter key={JSON.stringify(filter)} {...filter} error={r.ok ? null : r.error} />
      {records ? (
        <section className="panel">
          {records.edges.length === 0 ? (
            <EmptyState title={filtered ? "No record matches these filters" : "Nothing recorded yet"}>
              {filtered
                ? "Change the filters or widen the time range."
                : "Every change made through the API is recorded here."}
            </EmptyState>
          ) : (
            <table data-testid="audit-records">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>Action</th>
                  <th>Target</th>
                  <th>Input</th>
                </tr>
              </thead>
              <tbody>
                {records.edges.map(({ node: a }) => (
                  <tr key={a.id} data-audit-id={a.id} data-action={a.action}>
                    <td>
                      <Time iso={a.at} />
                    </td>
                    <td>
                      <Link href={query({ actor: a.actor, after: undefined })}>{a.actor}</Link>
                    </td>
                    <td>
                      <Link href={query({ action: a.action, after: undefined })}>{a.action}</Link>
                    </td>
                    <td className="mono">
                      {a.target ? <Link href={query({ target: a.target, after: undefined })}>{a.target}</Link> : "–"}
                    </td>
                    <td className="mono audit-input">{JSON.stringify(a.input)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <CopyAsGraphQL
            url={graphqlUrl()}
            query={AuditRecordsQuery.toString()}
            variables={{ filter, first: PAGE, after }}
          />
          <Pager after={after} pageInfo={records.pageInfo} href={query} />
        </section>
      ) : null}
    </>
  );
}
