"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState, useTransition } from "react";
import { ErrorMessage } from "@/components/feedback";
import { FilterSelect } from "@/components/filter-select";
import type { ExecutionStatus } from "@/generated/graphql";
import { toIso, toLocalInput } from "@/lib/local-time";
import { queryString, STATUSES } from "@/lib/statuses";

/**
 * Task, status and queued-at range. The range is typed in local time and sent as
 * ISO UTC (since / until in the URL); `error` is the API's answer to these filters.
 */
export function ExecutionsFilter({
  tasks,
  task,
  status,
  since,
  until,
  error,
}: {
  tasks: readonly string[];
  task?: string;
  status?: ExecutionStatus;
  since?: string;
  until?: string;
  error?: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The time zone is the browser's: fill the inputs after hydration, not on the server.
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  useEffect(() => setFrom(toLocalInput(since)), [since]);
  useEffect(() => setTo(toLocalInput(until)), [until]);
  const [zone, setZone] = useState("local");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const href = `/executions${queryString({
      task: String(f.get("task") ?? "") || undefined,
      status: String(f.get("status") ?? "") || undefined,
      since: toIso(from),
      until: toIso(to),
    })}`;
    startTransition(() => router.push(href));
  };
  const filtered = Boolean(task || status || since || until);
  return (
    <form className="panel" onSubmit={onSubmit} aria-label="Filter executions" aria-busy={pending}>
      <div className="row" style={{ alignItems: "end" }}>
        <FilterSelect label="Task" name="task" value={task} anyLabel="all tasks" options={tasks} />
        <FilterSelect label="Status" name="status" value={status} anyLabel="any status" options={STATUSES} />
        <label>
          Queued from
          <input type="datetime-local" name="from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Queued to
          <input type="datetime-local" name="to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit" disabled={pending}>
          {pending ? "Filtering…" : "Filter"}
        </button>
        {filtered ? (
          <Link href="/executions" className="button secondary">
            Clear
          </Link>
        ) : null}
      </div>
      <p className="muted" style={{ margin: "8px 0 0" }}>
        From and to are in your time zone ({zone}); the API receives them in UTC.
      </p>
      <ErrorMessage error={error} />
    </form>
  );
}
