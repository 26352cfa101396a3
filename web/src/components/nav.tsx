"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

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
];

export function Nav() {
  const path = usePathname();
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
    </nav>
  );
}
