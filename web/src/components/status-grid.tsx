import Link from "next/link";

/** How many runs a grid shows unless ?runs= says otherwise (1 to 100). */
export const DEFAULT_GRID_RUNS = 25;

/** The `runs` URL parameter of a grid page, checked. */
export function gridRuns(param: string | undefined): number {
  const wanted = Number(param ?? DEFAULT_GRID_RUNS);
  return Number.isInteger(wanted) && wanted >= 1 && wanted <= 100 ? wanted : DEFAULT_GRID_RUNS;
}

/** A grid page's title with how many runs it shows and links to show 10, 25, 50 or 100. */
export function GridHeading({
  title,
  count,
  noun,
  path,
}: {
  title: string;
  count: number;
  noun: string;
  path: string;
}) {
  return (
    <div className="spread">
      <h1>{title}</h1>
      <span className="muted">
        last {count} {noun}
        {count === 1 ? "" : "s"}, oldest left ·{" "}
        {[10, 25, 50, 100].map((n) => (
          <span key={n}>
            {" "}
            <Link href={`${path}?runs=${n}`}>{n}</Link>
          </span>
        ))}
      </span>
    </div>
  );
}

/** What each square's colour means. */
export function GridLegend() {
  return (
    <p className="legend" style={{ marginTop: 10 }}>
      {["COMPLETED", "FAILED", "RUNNING", "QUEUED", "CANCELLED", "NOT_RUN"].map((s) => (
        <span key={s}>
          <span className="grid-cell" data-status={s} /> {s === "NOT_RUN" ? "not run" : s.toLowerCase()}
        </span>
      ))}
    </p>
  );
}

/** One square: coloured by `status`, described by `label`, a link when there is somewhere to go. */
export function GridCell({ status, label, href }: { status: string; label: string; href?: string }) {
  return href ? (
    <Link href={href} className="grid-cell" data-status={status} title={label} aria-label={label} />
  ) : (
    <span className="grid-cell" data-status={status} title={label} role="img" aria-label={label} />
  );
}
