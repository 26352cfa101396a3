/** One hour of the overview's server-side counts: runs queued in it, by their status now. */
export interface RunBucket {
  start: string;
  counts: readonly { status: string; count: number }[];
}

const OUTCOMES: readonly { key: string; label: string; color: string }[] = [
  { key: "COMPLETED", label: "completed", color: "#1f8a4c" },
  { key: "FAILED", label: "failed, timed out, lost, expired", color: "#c62828" },
  { key: "CANCELLED", label: "cancelled", color: "#b26a00" },
  { key: "ACTIVE", label: "queued or running", color: "#1d6fd8" },
];

function outcome(status: string): string {
  if (status === "COMPLETED" || status === "CANCELLED") return status;
  if (status === "FAILED" || status === "TIMED_OUT" || status === "LOST" || status === "EXPIRED") return "FAILED";
  return "ACTIVE";
}

/** Runs per hour, stacked by outcome (a plain SVG), from the server's hourly counts. */
export function RunsChart({ buckets: rows, hours }: { buckets: readonly RunBucket[]; hours: number }) {
  const buckets = rows.map((h) => {
    const counts = new Map<string, number>();
    for (const c of h.counts) counts.set(outcome(c.status), (counts.get(outcome(c.status)) ?? 0) + c.count);
    return { start: Date.parse(h.start), counts };
  });
  const n = Math.max(1, buckets.length);
  const every = Math.ceil(n / 8);
  const max = Math.max(1, ...buckets.map((b) => [...b.counts.values()].reduce((a, c) => a + c, 0)));
  const W = 720;
  const H = 180;
  const bw = W / n;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H + 20}`}
        width="100%"
        role="img"
        aria-label={`Runs per hour, last ${hours} hours`}
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
                  <rect
                    key={o.key}
                    x={i * bw + Math.min(3, bw / 4)}
                    y={y}
                    width={Math.max(1, bw - Math.min(6, bw / 2))}
                    height={h}
                    fill={o.color}
                  >
                    <title>{`${new Date(b.start).toISOString().slice(11, 16)} UTC: ${n} ${o.label}`}</title>
                  </rect>
                );
              })}
              {i % every === 0 ? (
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
