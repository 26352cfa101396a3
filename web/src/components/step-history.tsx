import type { StatValuesFragment, StepHistoryQuery } from "@/generated/graphql";
import { formatAbsolute, formatDuration } from "@/lib/format";
import { EmptyState } from "./feedback";

type Statistics = StepHistoryQuery["stepStatistics"][number];
type Run = StepHistoryQuery["executions"]["edges"][number]["node"];

/** One finished run of a step, for the chart. */
export interface StepPoint {
  executionId: string;
  queuedAt: string;
  durationMs: number;
  read: number;
  status: string;
}

/** "1,234" or "198.5": counters are whole, their means need not be. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

/** Each step's finished runs in `runs` (newest first), oldest first. */
export function pointsByStep(runs: readonly Run[]): Map<string, StepPoint[]> {
  const out = new Map<string, StepPoint[]>();
  for (const run of [...runs].reverse()) {
    for (const s of run.steps) {
      if (!s.startedAt || !s.endedAt) continue;
      const list = out.get(s.name) ?? [];
      list.push({
        executionId: run.id,
        queuedAt: run.queuedAt,
        durationMs: Date.parse(s.endedAt) - Date.parse(s.startedAt),
        read: s.readCount,
        status: s.status,
      });
      out.set(s.name, list);
    }
  }
  return out;
}

/** Per step: statistics from stepStatistics, and duration and reads run by run. */
export function StepHistory({ data, last }: { data: StepHistoryQuery; last: number }) {
  const stats = data.stepStatistics;
  if (stats.length === 0)
    return (
      <EmptyState title="No finished step yet">
        Steps appear here once a run of this task reports them and they finish (Spring Batch jobs and the Baton SDK
        report steps).
      </EmptyState>
    );
  const points = pointsByStep(data.executions.edges.map((e) => e.node));
  return (
    <div>
      <p className="muted" style={{ marginTop: 0 }}>
        Over the last {last} executions of this task; durations are from the step's start to its end.
      </p>
      {stats.map((s) => (
        <StepCard key={s.step} stats={s} points={points.get(s.step) ?? []} />
      ))}
    </div>
  );
}

function StepCard({ stats, points }: { stats: Statistics; points: readonly StepPoint[] }) {
  const rows: { key: string; label: string; stat: StatValuesFragment; format: (n: number) => string }[] = [
    { key: "duration", label: "Duration", stat: stats.duration, format: formatDuration },
    { key: "read", label: "Read", stat: stats.read, format: formatCount },
    { key: "write", label: "Write", stat: stats.write, format: formatCount },
    { key: "commit", label: "Commit", stat: stats.commit, format: formatCount },
    { key: "skip", label: "Skip", stat: stats.skip, format: formatCount },
  ];
  // Rollbacks and filtered items are rare: shown only when some run had them.
  if (stats.rollback.max) rows.push({ key: "rollback", label: "Rollback", stat: stats.rollback, format: formatCount });
  if (stats.filter.max) rows.push({ key: "filter", label: "Filter", stat: stats.filter, format: formatCount });
  const show = (v: number | null | undefined, format: (n: number) => string): string =>
    v === null || v === undefined ? "–" : format(v);
  return (
    <article className="step-history" data-step-history={stats.step} aria-label={`Step ${stats.step}`}>
      <h3>
        {stats.step}{" "}
        <span className="muted">
          · <span data-stat="runs">{stats.runs}</span> {stats.runs === 1 ? "finished run" : "finished runs"}
        </span>
      </h3>
      <div className="step-history-body">
        <table>
          <thead>
            <tr>
              <th />
              <th className="num">Mean ± stddev</th>
              <th className="num">Min</th>
              <th className="num">Max</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td className="num">
                  <span data-stat={`${r.key}-mean`}>{show(r.stat.mean, r.format)}</span>
                  {r.stat.stddev !== null && r.stat.stddev !== undefined ? (
                    <span className="muted"> ± {r.format(r.stat.stddev)}</span>
                  ) : null}
                </td>
                <td className="num">{show(r.stat.min, r.format)}</td>
                <td className="num">{show(r.stat.max, r.format)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <StepChart step={stats.step} points={points} />
      </div>
    </article>
  );
}

const DURATION = "#1d6fd8";
const READ = "#1f8a4c";

/** Two aligned panels over the same runs (oldest left): duration as a line, reads as bars. */
export function StepChart({ step, points }: { step: string; points: readonly StepPoint[] }) {
  if (points.length === 0) return <p className="muted">No finished run of this step among the recent executions.</p>;
  const W = 480;
  const left = 64;
  const panelH = 70;
  const gap = 26;
  const top1 = 8;
  const top2 = top1 + panelH + gap;
  const H = top2 + panelH + 18;
  const slot = (W - left) / points.length;
  const x = (i: number): number => left + slot * i + slot / 2;
  const maxD = Math.max(1, ...points.map((p) => p.durationMs));
  const maxR = Math.max(1, ...points.map((p) => p.read));
  const yD = (v: number): number => top1 + panelH - (v / maxD) * (panelH - 4);
  const barW = Math.max(2, Math.min(24, slot - 4));
  const line = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${yD(p.durationMs).toFixed(1)}`)
    .join(" ");
  const first = points[0] as StepPoint;
  const last = points[points.length - 1] as StepPoint;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Duration and read count of step ${step} over its last ${points.length} runs`}
      >
        <text x={0} y={top1 + 10}>
          duration
        </text>
        <text x={0} y={top1 + 24}>
          {formatDuration(maxD)}
        </text>
        <line x1={left} x2={W} y1={top1 + panelH} y2={top1 + panelH} stroke="#d9dee7" />
        <path d={line} fill="none" stroke={DURATION} strokeWidth={1.5} />
        {points.map((p, i) => (
          <a key={p.executionId} href={`/executions/${p.executionId}`}>
            <circle cx={x(i)} cy={yD(p.durationMs)} r={3.5} fill={p.status === "COMPLETED" ? DURATION : "#c62828"}>
              <title>{`${formatAbsolute(p.queuedAt)} · ${p.executionId.slice(0, 8)}: ${formatDuration(p.durationMs)} (${p.status})`}</title>
            </circle>
          </a>
        ))}
        <text x={0} y={top2 + 10}>
          read
        </text>
        <text x={0} y={top2 + 24}>
          {formatCount(maxR)}
        </text>
        <line x1={left} x2={W} y1={top2 + panelH} y2={top2 + panelH} stroke="#d9dee7" />
        {points.map((p, i) => {
          const h = (p.read / maxR) * (panelH - 4);
          return (
            <a key={p.executionId} href={`/executions/${p.executionId}`}>
              <rect x={x(i) - barW / 2} y={top2 + panelH - h} width={barW} height={Math.max(h, 0.5)} fill={READ}>
                <title>{`${formatAbsolute(p.queuedAt)} · ${p.executionId.slice(0, 8)}: ${formatCount(p.read)} read`}</title>
              </rect>
            </a>
          );
        })}
        <text x={left} y={H - 4}>
          {formatAbsolute(first.queuedAt).slice(0, 16)}
        </text>
        {points.length > 1 ? (
          <text x={W} y={H - 4} textAnchor="end">
            {formatAbsolute(last.queuedAt).slice(0, 16)}
          </text>
        ) : null}
      </svg>
      <figcaption className="legend">
        <span>
          <i style={{ background: DURATION }} />
          duration per run
        </span>
        <span>
          <i style={{ background: READ }} />
          items read per run
        </span>
        <span>oldest left · queued times in UTC · click a point to open its run</span>
      </figcaption>
    </figure>
  );
}
