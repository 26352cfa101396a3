"use client";
import { formatDuration } from "@/lib/format";
import { useNow } from "./time";

export interface GanttRow {
  id: string;
  status: string | null;
  startedAt: string | null | undefined;
  endedAt: string | null | undefined;
}

const COLORS: Record<string, string> = {
  COMPLETED: "#1f8a4c",
  FAILED: "#c62828",
  TIMED_OUT: "#c62828",
  LOST: "#c62828",
  EXPIRED: "#8d6e63",
  CANCELLED: "#b26a00",
  RUNNING: "#1d6fd8",
};

/** Each node's start and end on one time axis (running bars grow with the clock). */
export function Gantt({ rows }: { rows: readonly GanttRow[] }) {
  const now = useNow(1000);
  const started = rows.filter((r) => r.startedAt);
  if (started.length === 0) return <p className="muted">No node has started yet.</p>;
  const t0 = Math.min(...started.map((r) => Date.parse(r.startedAt as string)));
  const t1 = Math.max(t0 + 1000, ...started.map((r) => (r.endedAt ? Date.parse(r.endedAt) : now)));
  const W = 720;
  const label = 160;
  const rowH = 24;
  const scale = (t: number) => label + ((t - t0) / (t1 - t0)) * (W - label - 10);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${rows.length * rowH + 20}`}
      width="100%"
      role="img"
      aria-label="Timeline of the nodes"
    >
      {rows.map((r, i) => {
        const y = i * rowH;
        const s = r.startedAt ? Date.parse(r.startedAt) : null;
        const e = r.endedAt ? Date.parse(r.endedAt) : now;
        return (
          <g key={r.id}>
            <text x={0} y={y + 16}>
              {r.id}
            </text>
            {s !== null ? (
              <rect
                x={scale(s)}
                y={y + 4}
                width={Math.max(2, scale(e) - scale(s))}
                height={rowH - 8}
                rx={3}
                fill={COLORS[r.status ?? ""] ?? "#8a94a6"}
              >
                <title>{`${r.id}: ${r.status ?? "not run"}, ${formatDuration(e - s)}`}</title>
              </rect>
            ) : null}
          </g>
        );
      })}
      <text x={label} y={rows.length * rowH + 14}>
        0 s
      </text>
      <text x={W - 10} y={rows.length * rowH + 14} textAnchor="end" suppressHydrationWarning>
        {formatDuration(t1 - t0)}
      </text>
    </svg>
  );
}
