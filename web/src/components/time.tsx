"use client";
import { useEffect, useState } from "react";
import { elapsed, formatAbsolute, formatDuration, formatRelative } from "@/lib/format";

/** Re-renders every `ms` so relative times and running durations stay true. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** "3 m ago" with the absolute UTC time beside it (and as the tooltip). */
export function Time({ iso, compact = false }: { iso: string | null | undefined; compact?: boolean }) {
  const now = useNow(10_000);
  if (!iso) return <span className="muted">–</span>;
  const absolute = formatAbsolute(iso);
  return (
    <time dateTime={iso} title={absolute} suppressHydrationWarning>
      {formatRelative(iso, now)}
      {compact ? null : <span className="muted"> · {absolute}</span>}
    </time>
  );
}

/** Duration between start and end; ticks while the end is still open. */
export function Duration({ start, end }: { start: string | null | undefined; end: string | null | undefined }) {
  const now = useNow(1000);
  const ms = elapsed(start, end, now);
  if (ms === null) return <span className="muted">–</span>;
  return <span suppressHydrationWarning>{formatDuration(ms)}</span>;
}
