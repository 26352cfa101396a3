"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useTransition } from "react";
import { ErrorMessage } from "@/components/feedback";
import { TimeRangeAndButtons, useTimeRange } from "@/components/time-range";
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
  const range = useTimeRange(since, until);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim() || undefined;
    const href = `/audit${queryString({
      actor: text("actor"),
      action: text("action"),
      target: text("target"),
      since: range.since(),
      until: range.until(),
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
        <TimeRangeAndButtons
          range={range}
          labels={["From", "To"]}
          pending={pending}
          filtered={filtered}
          clearHref="/audit"
        />
      </div>
      <p className="muted" style={{ margin: "8px 0 0" }}>
        Actor, action and target match exactly; click one in the list to filter by it. Times are in your time zone.
      </p>
      <ErrorMessage error={error} />
    </form>
  );
}
