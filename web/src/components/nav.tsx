"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useViewer } from "./viewer";

const LINKS: readonly { href: string; label: string }[] = [
  { href: "/", label: "Overview" },
  { href: "/apps", label: "Apps" },
  { href: "/tasks", label: "Tasks" },
  { href: "/executions", label: "Executions" },
  { href: "/queue", label: "Queue" },
  { href: "/dags", label: "DAGs" },
  { href: "/schedules", label: "Schedules" },
  { href: "/triggers", label: "Triggers" },
  { href: "/runners", label: "Runners" },
  { href: "/audit", label: "Audit" },
  { href: "/about", label: "About" },
];

export function Nav() {
  const path = usePathname();
  const viewer = useViewer();
  const active = (href: string): boolean =>
    href === "/" ? path === "/" : path.startsWith(href) || (href === "/dags" && path.startsWith("/dag-runs"));
  return (
    <nav className="nav" aria-label="Main">
      <Link href="/" className="brand">
        Baton
      </Link>
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} aria-current={active(l.href) ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
      <form method="get" action="/search" className="nav-search" aria-label="Search">
        <input name="q" placeholder="Search" aria-label="Search names and ids" />
      </form>
      {viewer ? (
        <span className="who">
          <span
            data-testid="signed-in-as"
            title={`Roles: ${viewer.grants.map((g) => (g.prefix ? `${g.role} on ${g.prefix}*` : g.role)).join(", ") || "none"}`}
          >
            {viewer.name}
          </span>
          {/* A plain form (no prefetching link): signing out is a POST. */}
          <form method="post" action="/auth/logout">
            <button type="submit" className="link">
              Sign out
            </button>
          </form>
        </span>
      ) : null}
    </nav>
  );
}
