"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState, useTransition } from "react";
import { ErrorMessage } from "@/components/feedback";
import { FilterSelect } from "@/components/filter-select";
import { TimeRangeAndButtons, useTimeRange } from "@/components/time-range";
import type { ExecutionStatus } from "@/generated/graphql";
import { queryString, STATUSES } from "@/lib/statuses";

/**
 * Task, status, text in the arguments or exit message, and queued-at range. The
 * range is typed in local time and sent as ISO UTC (since / until in the URL);
 * `error` is the API's answer to these filters.
 */
export function ExecutionsFilter({
  tasks,
  task,
  status,
  since,
  until,
  search,
  error,
}: {
  tasks: readonly string[];
  task?: string;
  status?: ExecutionStatus;
  since?: string;
  until?: string;
  search?: string;
  error?: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const range = useTimeRange(since, until);
  const [zone, setZone] = useState("local");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const href = `/executions${queryString({
      task: String(f.get("task") ?? "") || undefined,
      status: String(f.get("status") ?? "") || undefined,
      search: String(f.get("search") ?? "").trim() || undefined,
      since: range.since(),
      until: range.until(),
    })}`;
    startTransition(() => router.push(href));
  };
  const filtered = Boolean(task || status || since || until || search);
  return (
    <form className="panel" onSubmit={onSubmit} aria-label="Filter executions" aria-busy={pending}>
      <div className="row" style={{ alignItems: "end" }}>
        <FilterSelect label="Task" name="task" value={task} anyLabel="all tasks" options={tasks} />
        <FilterSelect label="Status" name="status" value={status} anyLabel="any status" options={STATUSES} />
        <label>
          Arguments or message contain
          <input name="search" defaultValue={search ?? ""} placeholder="--date=2024-01-31" maxLength={200} />
        </label>
        <TimeRangeAndButtons
          range={range}
          labels={["Queued from", "Queued to"]}
          pending={pending}
          filtered={filtered}
          clearHref="/executions"
        />
      </div>
      <p className="muted" style={{ margin: "8px 0 0" }}>
        From and to are in your time zone ({zone}); the API receives them in UTC.
      </p>
      <ErrorMessage error={error} />
    </form>
  );
}
