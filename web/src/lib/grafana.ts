// Links from the console's overview to the Grafana dashboard of deploy/grafana/baton.json.
// Pure: no Next.js, no I/O, so tests import it directly.

/** A panel of deploy/grafana/baton.json; test/console.test.ts checks ids and titles against the file. */
export interface GrafanaPanel {
  id: number;
  title: string;
}

/** The dashboard's panels the overview links to, by what the overview shows. */
export const GRAFANA_PANELS = {
  runs: { id: 2, title: "Runs ended per second, by status" },
  failures: { id: 3, title: "Failure rate by task" },
  queue: { id: 7, title: "Queue depth by pool and reason" },
  slots: { id: 10, title: "Slots by pool (control plane's view)" },
  runners: { id: 13, title: "Slots per runner (runners' own /metrics)" },
} as const satisfies Record<string, GrafanaPanel>;

/**
 * BATON_GRAFANA_URL, read per request like BATON_GRAPHQL_URL: none (no
 * links), a dashboard URL, or a sentence saying why the value is unusable.
 */
export type GrafanaConfig = { kind: "none" } | { kind: "dashboard"; url: URL } | { kind: "invalid"; error: string };

export function grafanaConfig(value: string | undefined = process.env.BATON_GRAFANA_URL): GrafanaConfig {
  const v = value?.trim();
  if (!v) return { kind: "none" };
  const url = URL.canParse(v) ? new URL(v) : undefined;
  if (!url || !/^https?:$/.test(url.protocol))
    return {
      kind: "invalid",
      error: `BATON_GRAFANA_URL must be the http:// or https:// URL of a Grafana dashboard (like http://127.0.0.1:3001/d/baton-overview); got "${v}". Fix it and restart the console to link these panels to Grafana.`,
    };
  return { kind: "dashboard", url };
}

/** The dashboard showing one panel over the last `hours`, keeping the URL's own parameters (orgId...). */
export function panelUrl(dashboard: URL, panel: GrafanaPanel, hours: number): string {
  const u = new URL(dashboard);
  u.searchParams.set("viewPanel", String(panel.id));
  u.searchParams.set("from", `now-${hours}h`);
  u.searchParams.set("to", "now");
  return u.toString();
}
