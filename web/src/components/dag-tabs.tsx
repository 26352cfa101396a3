import Link from "next/link";

/** The two lists under DAGs: the definitions and every run. */
export function DagTabs({ current }: { current: "dags" | "runs" }) {
  return (
    <nav className="tabs" aria-label="DAGs">
      <Link
        href="/dags"
        className={`button${current === "dags" ? "" : " secondary"}`}
        aria-current={current === "dags" ? "page" : undefined}
      >
        Definitions
      </Link>
      <Link
        href="/dag-runs"
        className={`button${current === "runs" ? "" : " secondary"}`}
        aria-current={current === "runs" ? "page" : undefined}
      >
        Runs
      </Link>
    </nav>
  );
}
