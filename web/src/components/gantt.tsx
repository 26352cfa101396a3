"use client";
import { formatDuration } from "@/lib/format";
import { useNow } from "./time";

/** One attempt of a node: a bar from its start to its end (or to now while it runs). */
export interface GanttBar {
  attempt: number;
  status: string | null;
  startedAt: string | null | undefined;
  endedAt: string | null | undefined;
}

export interface GanttRow {
  id: string;
  /** Every attempt, the current one last. */
  bars: readonly GanttBar[];
}

/**
 * Each node's attempts on one time axis (running bars grow with the clock).
 * Plain HTML, so the labels keep the page's font size at any width; an
 * earlier attempt is drawn faded behind the current one.
 */
export function Gantt({ rows }: { rows: readonly GanttRow[] }) {
  const now = useNow(1000);
  const bars = rows.flatMap((r) => r.bars).filter((b) => b.startedAt);
  if (bars.length === 0) return <p className="muted">No node has started yet.</p>;
  const t0 = Math.min(...bars.map((b) => Date.parse(b.startedAt as string)));
  const t1 = Math.max(t0 + 1000, ...bars.map((b) => (b.endedAt ? Date.parse(b.endedAt) : now)));
  const pct = (t: number) => `${(((t - t0) / (t1 - t0)) * 100).toFixed(3)}%`;
  return (
    <div className="gantt" role="img" aria-label="Timeline of the nodes and their attempts" data-testid="gantt">
      {rows.map((r) => (
        <div className="gantt-row" key={r.id} data-gantt-node={r.id}>
          <span className="gantt-label" title={r.id}>
            {r.id}
          </span>
          <span className="gantt-track">
            {r.bars.map((b, i) => {
              if (!b.startedAt) return null;
              const s = Date.parse(b.startedAt);
              const e = b.endedAt ? Date.parse(b.endedAt) : now;
              const current = i === r.bars.length - 1;
              const text = `${r.id}, attempt ${b.attempt}: ${b.status ?? "not run"}, ${formatDuration(e - s)}`;
              return (
                <span
                  key={b.attempt}
                  className={current ? "gantt-bar" : "gantt-bar earlier"}
                  data-status={b.status ?? "NOT_RUN"}
                  data-attempt={b.attempt}
                  style={{ left: pct(s), width: `max(3px, calc(${pct(e)} - ${pct(s)}))` }}
                  title={text}
                />
              );
            })}
          </span>
        </div>
      ))}
      <div className="gantt-row gantt-axis">
        <span className="gantt-label" />
        <span className="gantt-track">
          <span>0 s</span>
          <span>{formatDuration(t1 - t0)}</span>
        </span>
      </div>
    </div>
  );
}
