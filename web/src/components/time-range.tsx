"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { toIso, toLocalInput } from "@/lib/local-time";

/** A from / to range typed in the browser's time zone, for a filter whose URL keeps ISO UTC (since, until). */
export interface TimeRange {
  from: string;
  to: string;
  setFrom: (v: string) => void;
  setTo: (v: string) => void;
  /** The range as the API takes it. */
  since: () => string | undefined;
  until: () => string | undefined;
}

/** The inputs start empty and are filled after hydration: the time zone is the browser's, not the server's. */
export function useTimeRange(since: string | undefined, until: string | undefined): TimeRange {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  useEffect(() => setFrom(toLocalInput(since)), [since]);
  useEffect(() => setTo(toLocalInput(until)), [until]);
  return { from, to, setFrom, setTo, since: () => toIso(from), until: () => toIso(to) };
}

/** The range's two inputs, the Filter button and, when something is filtered, Clear. */
export function TimeRangeAndButtons({
  range,
  labels,
  pending,
  filtered,
  clearHref,
}: {
  range: TimeRange;
  labels: [string, string];
  pending: boolean;
  filtered: boolean;
  clearHref: string;
}) {
  return (
    <>
      <label>
        {labels[0]}
        <input type="datetime-local" name="from" value={range.from} onChange={(e) => range.setFrom(e.target.value)} />
      </label>
      <label>
        {labels[1]}
        <input type="datetime-local" name="to" value={range.to} onChange={(e) => range.setTo(e.target.value)} />
      </label>
      <button type="submit" disabled={pending}>
        {pending ? "Filtering…" : "Filter"}
      </button>
      {filtered ? (
        <Link href={clearHref} className="button secondary">
          Clear
        </Link>
      ) : null}
    </>
  );
}
