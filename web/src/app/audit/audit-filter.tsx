"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState, useTransition } from "react";
import { ErrorMessage } from "@/components/feedback";
import { toIso, toLocalInput } from "@/lib/local-time";
import { queryString } from "@/lib/statuses";

/** Actor, action and target (exact), and a time range typed in the browser's zone and sent as UTC. */
export function AuditFilter({
  actor,
  action,
  target,
  since,
  until,
  error,
}: {
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  error?: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  useEffect(() => setFrom(toLocalInput(since)), [since]);
  useEffect(() => setTo(toLocalInput(until)), [until]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim() || undefined;
    const href = `/audit${queryString({
      actor: text("actor"),
      action: text("action"),
      target: text("target"),
      since: toIso(from),
      until: toIso(to),
    })}`;
    startTransition(() => router.push(href));
  };
  const filtered = Boolean(actor || action || target || since || until);
  return (
    <form className="panel" onSubmit={onSubmit} aria-label="Filter audit records" aria-busy={pending}>
      <div className="row" style={{ alignItems: "end" }}>
        <label>
          Actor
          <input type="text" name="actor" defaultValue={actor} placeholder="alice@example.com" />
        </label>
        <label>
          Action
          <input type="text" name="action" defaultValue={action} placeholder="launchTask" />
        </label>
        <label>
          Target
          <input type="text" name="target" defaultValue={target} placeholder="a task, DAG or run id" />
        </label>
        <label>
          From
          <input type="datetime-local" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" disabled={pending}>
          {pending ? "Filtering…" : "Filter"}
        </button>
        {filtered ? (
          <Link href="/audit" className="button secondary">
            Clear
          </Link>
        ) : null}
      </div>
      <p className="muted" style={{ margin: "8px 0 0" }}>
        Actor, action and target match exactly; click one in the list to filter by it. Times are in your time zone.
      </p>
      <ErrorMessage error={error} />
    </form>
  );
}
