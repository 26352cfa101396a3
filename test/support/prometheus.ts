import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@baton/stack";
import { waitFor } from "./flows.js";

/** Debian's prometheus package (2.42); `.ci/run` installs it on a fresh machine. */
export const PROMETHEUS_BINARY = process.env.PROMETHEUS_BINARY ?? "/usr/bin/prometheus";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface ScrapeTarget {
  /** The scrape job's name (the `job` label of every series it scrapes). */
  job: string;
  /** The full /metrics URL, e.g. http://127.0.0.1:4000/metrics. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  bearer?: string;
}

export interface PrometheusOptions {
  targets: ScrapeTarget[];
  /** Scrape (and rule evaluation) interval; 1 s by default. */
  scrapeIntervalMs?: number;
  /** Also scrape Prometheus' own /metrics as job "prometheus" (off by default: its process_* series would mix with Baton's). */
  scrapeSelf?: boolean;
}

/** One element of an instant query's vector result. */
export interface Sample {
  metric: Record<string, string>;
  /** [unix seconds, value as text] */
  value: [number, string];
}

/** The query API's answer as it is: `status` "error" with `errorType` "bad_data" for an expression that does not parse. */
export interface QueryAnswer {
  status: "success" | "error";
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

export interface Prometheus {
  /** http://127.0.0.1:PORT */
  url: string;
  /** An instant query at the present; fails unless the answer is a success with a vector (scalars become one sample). */
  query(expr: string): Promise<Sample[]>;
  /** An instant query's answer whatever it is (for parse checks). */
  queryRaw(expr: string): Promise<QueryAnswer>;
  /** Every metric name in the TSDB (/api/v1/label/__name__/values). */
  metricNames(): Promise<string[]>;
  /** Until every target of `job` is up and has been scraped after `after` (a Date.now() value; now by default). */
  waitForScrape(job: string, after?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The scrape configuration for the targets, in Prometheus' YAML (JSON is YAML). */
export function prometheusConfig(targets: readonly ScrapeTarget[], scrapeIntervalMs: number): string {
  const interval = `${scrapeIntervalMs}ms`;
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    scrape_configs: targets.map((t) => {
      const u = new URL(t.url);
      if (u.protocol !== "http:" && u.protocol !== "https:") {
        throw new Error(`scrape target ${t.job}: ${t.url} is not an http(s) URL`);
      }
      return {
        job_name: t.job,
        scheme: u.protocol.slice(0, -1),
        metrics_path: u.pathname,
        ...(u.search ? { params: Object.fromEntries([...u.searchParams].map(([k, v]) => [k, [v]])) } : {}),
        ...(t.bearer ? { authorization: { type: "Bearer", credentials: t.bearer } } : {}),
        static_configs: [{ targets: [u.host] }],
      };
    }),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * A real Prometheus of the test's own: its config and TSDB in a temp folder, listening on a free
 * port on 127.0.0.1, scraping `targets` every `scrapeIntervalMs`. Resolves once /-/ready answers.
 * Its output goes to test-output/prometheus-<port>.log.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  if (!existsSync(PROMETHEUS_BINARY)) {
    throw new Error(
      `${PROMETHEUS_BINARY} does not exist: install Debian's prometheus package (apt-get install -y prometheus) or set PROMETHEUS_BINARY`,
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const targets = options.scrapeSelf
    ? [...options.targets, { job: "prometheus", url: `${url}/metrics` }]
    : options.targets;
  const config = prometheusConfig(targets, options.scrapeIntervalMs ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), "baton-prometheus-"));
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(configFile, config);
  mkdirSync(join(repoRoot, "test-output"), { recursive: true });
  const log = createWriteStream(join(repoRoot, "test-output", `prometheus-${port}.log`), { flags: "a" });
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=1h",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  const stop = async (): Promise<void> => {
    if (!gone()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    return (await res.json()) as T;
  };
  const queryRaw = (expr: string): Promise<QueryAnswer> =>
    api<QueryAnswer>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  const query = async (expr: string): Promise<Sample[]> => {
    const answer = await queryRaw(expr);
    if (answer.status !== "success" || !answer.data) {
      throw new Error(`Prometheus refused ${expr}: ${answer.errorType}: ${answer.error}`);
    }
    const { resultType, result } = answer.data;
    if (resultType === "vector") return result as Sample[];
    if (resultType === "scalar") return [{ metric: {}, value: result as [number, string] }];
    throw new Error(`${expr} is a ${resultType}, not an instant vector`);
  };

  try {
    await waitFor(
      "Prometheus to be ready",
      async () => {
        if (gone())
          throw new Error(`prometheus exited (code ${child.exitCode}); see test-output/prometheus-${port}.log`);
        const res = await fetch(`${url}/-/ready`).catch(() => undefined);
        return res?.ok;
      },
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    url,
    query,
    queryRaw,
    async metricNames() {
      const answer = await api<{ status: string; data: string[] }>("/api/v1/label/__name__/values");
      if (answer.status !== "success")
        throw new Error(`Prometheus refused the label values: ${JSON.stringify(answer)}`);
      return answer.data;
    },
    async waitForScrape(job, after = Date.now(), timeoutMs = 30_000) {
      const selector = `up{job=${JSON.stringify(job)}}`;
      await waitFor(
        `Prometheus to scrape ${job} after ${new Date(after).toISOString()}`,
        async () => {
          // timestamp() is the time of the scrape that produced the sample; up is 0 when that scrape failed.
          const [ups, times] = await Promise.all([query(selector), query(`timestamp(${selector})`)]);
          if (ups.length === 0 || ups.length !== times.length) return false;
          return ups.every((s) => s.value[1] === "1") && times.every((s) => Number(s.value[1]) * 1000 > after);
        },
        timeoutMs,
      );
    },
    stop,
  };
}
