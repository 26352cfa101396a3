/** "zone=eu-1", one per label, sorted by key: a runner's labels or the labels a run asks for (a JSON object). */
export function labelPairs(labels: unknown): string[] {
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) return [];
  return Object.entries(labels as Record<string, unknown>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
}
