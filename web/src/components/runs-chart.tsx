export interface RunPoint {
  status: string;
  queuedAt: string;
}

const OUTCOMES: readonly { key: string; label: string; color: string }[] = [
  { key: "COMPLETED", label: "completed", color: "#1f8a4c" },
  { key: "FAILED", label: "failed, timed out, lost", color: "#c62828" },
  { key: "CANCELLED", label: "cancelled", color: "#b26a00" },
  { key: "ACTIVE", label: "queued or running", color: "#1d6fd8" },
];

function outcome(status: string): string {
  if (status === "COMPLETED" || status === "CANCELLED") return status;
  if (status === "FAILED" || status === "TIMED_OUT" || status === "LOST" || status === "EXPIRED") return "FAILED";
  return "ACTIVE";
}

/** Runs per hour over the last 24 hours, stacked by outcome (a plain SVG). */
export function RunsChart({ runs, now }: { runs: readonly RunPoint[]; now: number }) {
  const hour = 3_600_000;
  const end = Math.ceil(now / hour) * hour;
  const buckets = Array.from({ length: 24 }, (_, i) => ({
    start: end - (24 - i) * hour,
    counts: new Map<string, number>(),
  }));
  for (const r of runs) {
    const i = Math.floor((Date.parse(r.queuedAt) - (end - 24 * hour)) / hour);
    const b = buckets[i];
    if (!b) continue;
    const k = outcome(r.status);
    b.counts.set(k, (b.counts.get(k) ?? 0) + 1);
  }
  const max = Math.max(1, ...buckets.map((b) => [...b.counts.values()].reduce((a, c) => a + c, 0)));
  const W = 720;
  const H = 180;
  const bw = W / 24;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H + 20}`}
        width="100%"
        role="img"
        aria-label="Runs per hour, last 24 hours"
      >
        <line x1={0} x2={W} y1={H} y2={H} stroke="#d9dee7" />
        {buckets.map((b, i) => {
          let y = H;
          return (
            <g key={b.start}>
              {OUTCOMES.map((o) => {
                const n = b.counts.get(o.key) ?? 0;
                if (!n) return null;
                const h = (n / max) * (H - 10);
                y -= h;
                return (
                  <rect key={o.key} x={i * bw + 3} y={y} width={bw - 6} height={h} fill={o.color}>
                    <title>{`${new Date(b.start).toISOString().slice(11, 16)} UTC: ${n} ${o.label}`}</title>
                  </rect>
                );
              })}
              {i % 3 === 0 ? (
                <text x={i * bw + bw / 2} y={H + 14} textAnchor="middle">
                  {new Date(b.start).toISOString().slice(11, 16)}
                </text>
              ) : null}
            </g>
          );
        })}
        <text x={2} y={10}>
          {max}
        </text>
      </svg>
      <figcaption className="legend">
        {OUTCOMES.map((o) => (
          <span key={o.key}>
            <i style={{ background: o.color }} />
            {o.label}
          </span>
        ))}
        <span>hours in UTC</span>
      </figcaption>
    </figure>
  );
}
