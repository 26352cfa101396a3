import Link from "next/link";
import { ApiUnavailable, EmptyState } from "@/components/feedback";
import { StatusBadge } from "@/components/status";
import { Time } from "@/components/time";
import { SearchQuery } from "@/lib/documents";
import { shellQuote } from "@/lib/format";
import { serverQuery } from "@/lib/server-graphql";
import { queryString } from "@/lib/statuses";

export const metadata = { title: "Search" };

/** Hits per kind; "more" links to that list filtered by the same text. */
const FIRST = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Hit = { key: string; href: string; label: string; detail?: React.ReactNode };

function Group({ title, hits, more }: { title: string; hits: Hit[]; more?: string }) {
  if (hits.length === 0) return null;
  return (
    <section className="panel" data-testid={`hits-${title.toLowerCase()}`}>
      <h2>{title}</h2>
      <ul className="hits">
        {hits.slice(0, FIRST).map((h) => (
          <li key={h.key}>
            <Link href={h.href}>{h.label}</Link> {h.detail ? <span className="muted">{h.detail}</span> : null}
          </li>
        ))}
      </ul>
      {hits.length > FIRST && more ? <Link href={more}>Every {title.toLowerCase()} matching →</Link> : null}
    </section>
  );
}

/**
 * One box for apps, tasks, DAGs, schedules and triggers by name (any case),
 * executions by their arguments or exit message, and an execution or DAG run
 * by its id. A task hit links to its executions.
 */
export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const text = (await searchParams).q?.trim() ?? "";
  if (!text) {
    return (
      <>
        <h1>Search</h1>
        <div className="panel">
          <EmptyState title="Type a name, an argument or an id">
            Apps, tasks, DAGs, schedules and triggers are found by any part of their name; executions by any part of
            their arguments or exit message; an execution or a DAG run by its id.
          </EmptyState>
        </div>
      </>
    );
  }
  const byId = UUID.test(text);
  const r = await serverQuery(SearchQuery, {
    text: text.slice(0, 200),
    first: FIRST + 1,
    byId,
    id: byId ? text : "00000000-0000-0000-0000-000000000000",
  });
  if (!r.ok) return <ApiUnavailable error={r.error} />;
  const d = r.data;
  const enc = encodeURIComponent;
  const more = (path: string): string => `${path}${queryString({ q: text })}`;
  const groups: { title: string; hits: Hit[]; more?: string }[] = [
    {
      title: "Executions",
      more: `/executions${queryString({ search: text })}`,
      hits: [
        ...(d.execution ? [{ ...d.execution, arguments: [] as string[], exitMessage: null }] : []),
        ...(d.matching?.edges.map((e) => e.node) ?? []),
      ].map((x) => ({
        key: x.id,
        href: `/executions/${x.id}`,
        label: `${x.task.name} · ${x.id}`,
        detail: (
          <>
            <StatusBadge status={x.status} /> <Time iso={x.queuedAt} compact />
            {x.arguments.length > 0 ? <> · {shellQuote(x.arguments)}</> : null}
            {x.exitMessage ? <> · {x.exitMessage}</> : null}
          </>
        ),
      })),
    },
    {
      title: "DAG runs",
      hits: d.dagRun
        ? [
            {
              key: d.dagRun.id,
              href: `/dag-runs/${d.dagRun.id}`,
              label: `${d.dagRun.dag.name} · ${d.dagRun.id}`,
              detail: <StatusBadge status={d.dagRun.status} />,
            },
          ]
        : [],
    },
    {
      title: "Tasks",
      more: more("/tasks"),
      hits: d.tasks.map((t) => ({
        key: t.name,
        href: `/tasks/${enc(t.name)}`,
        label: t.name,
        detail: (
          <>
            {t.app.name} · revision {t.currentRelease.revision} ·{" "}
            <Link href={`/executions${queryString({ task: t.name })}`}>its executions</Link>
          </>
        ),
      })),
    },
    {
      title: "Apps",
      more: more("/apps"),
      hits: d.apps.map((a) => ({
        key: a.name,
        href: `/apps${queryString({ q: a.name })}`,
        label: a.name,
        detail: a.defaultVersion ? `default ${a.defaultVersion.version}` : undefined,
      })),
    },
    {
      title: "DAGs",
      more: more("/dags"),
      hits: d.dags.map((g) => ({ key: g.name, href: `/dags/${enc(g.name)}`, label: g.name, detail: g.definition })),
    },
    {
      title: "Schedules",
      more: more("/schedules"),
      hits: d.schedules.map((s) => ({
        key: s.name,
        href: `/schedules/${enc(s.name)}`,
        label: s.name,
        detail: `${s.cron} → ${s.task ?? s.dag}`,
      })),
    },
    {
      title: "Triggers",
      more: more("/triggers"),
      hits: d.triggers.map((t) => ({
        key: t.name,
        href: `/triggers/${enc(t.name)}`,
        label: t.name,
        detail: `${t.subject ?? "webhook"} → ${t.task ?? t.dag}`,
      })),
    },
  ];
  const found = groups.some((g) => g.hits.length > 0);
  return (
    <>
      <h1>Search: “{text}”</h1>
      {found ? (
        groups.map((g) => <Group key={g.title} {...g} />)
      ) : (
        <div className="panel">
          <EmptyState title="Nothing matches">
            No app, task, DAG, schedule or trigger has “{text}” in its name
            {byId ? ", and no execution or DAG run has this id" : ", and no execution in its arguments or exit message"}
            .
          </EmptyState>
        </div>
      )}
    </>
  );
}
