/** The absolute webhook URL: the API's origin (from its GraphQL URL) and the trigger's webhookPath. */
export function webhookUrl(graphqlUrl: string, webhookPath: string): string {
  try {
    return new URL(webhookPath, new URL(graphqlUrl).origin).toString();
  } catch {
    return webhookPath;
  }
}

/** "600 s", "10 min", "2 h", "1 d": a dedup window; "while its run is active" when there is none. */
export function describeWindow(seconds: number | null | undefined): string {
  if (!seconds) return "while its run is active";
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
