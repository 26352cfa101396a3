/**
 * Times typed in a datetime-local input are in the browser's time zone; the
 * API takes and gives ISO UTC. Browser-only (the zone is the browser's):
 * call these after hydration, never on the server.
 */

/** "2026-11-23T19:58" in the browser's time zone, as a datetime-local input shows it. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (the browser's time zone) as ISO UTC; undefined when empty or unreadable. */
export function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
