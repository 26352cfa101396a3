"use client";
import { createContext, useContext, useEffect, useState } from "react";
import { elapsed, formatAbsolute, formatDuration, formatRelative } from "@/lib/format";

/**
 * The server's clock when it rendered the page (the root layout sets it).
 * While the page hydrates, every clock-dependent part renders from it, so the
 * browser's first render is the server's HTML exactly (React error #418 was a
 * running node's duration computed from two different clocks); each then
 * moves to the browser's clock at once.
 */
export const RenderedAt = createContext<number | null>(null);

/** False until the first page has hydrated; components mounted later start from the browser's clock. */
let hydrated = false;

/** Marks hydration done (the root Providers' effect, which runs after every component of the first render). */
export function useMarkHydrated(): void {
  useEffect(() => {
    hydrated = true;
  }, []);
}

/** Re-renders every `ms` so relative times and running durations stay true. */
export function useNow(ms = 1000): number {
  const renderedAt = useContext(RenderedAt);
  const [now, setNow] = useState(() => (!hydrated && renderedAt !== null ? renderedAt : Date.now()));
  useEffect(() => {
    setNow(Date.now());
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
