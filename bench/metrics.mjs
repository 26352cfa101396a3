#!/usr/bin/env node
// `node bench/metrics.mjs`: what Baton's metrics cost a launch (issue 14).
// Two stacks on this machine, side by side in one run:
//   bare:    BATON_METRICS=false (no run observer, no /metrics);
//   metrics: the default, with /metrics scraped every second during the run, as Prometheus would.
// Measured, alternating after warm-up: a launch of /bin/true to its terminal
// event on a graphql-ws subscription; then /metrics itself (render time and size).
import { performance } from "node:perf_hooks";
import { latencyLine, overheadLine, positive, spawnOnce, startBaton, stats } from "./harness.mjs";

const LAUNCHES = positive("BENCH_METRICS_LAUNCHES", 60);
const SCRAPES = positive("BENCH_METRICS_SCRAPES", 50);
const WARMUP = 5;
const line = (name, xs) => latencyLine(name, xs, 44);

const bare = await startBaton("metrics-bare", { env: { BATON_METRICS: "false" } });
const measured = await startBaton("metrics-on");
const metricsUrl = measured.url.replace(/\/graphql$/, "/metrics");
for (const b of [bare, measured]) {
  await b.gql(`mutation { registerApp(input: { name: "true", version: "1", uri: "file:///bin/true" }) { version } }`);
  await b.gql(`mutation { createTask(input: { name: "true", app: "true" }) { name } }`);
}

// A scraper as Prometheus would be, every second while the launches run.
let scraping = true;
const scraper = (async () => {
  while (scraping) {
    await fetch(metricsUrl).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 1000));
  }
})();

const launch = { bare: [], metrics: [], spawn: [] };
for (let i = 0; i < LAUNCHES + WARMUP; i++) {
  const s = await spawnOnce("/bin/true");
  const b = (await bare.timedLaunch("true")).ms;
  const m = (await measured.timedLaunch("true")).ms;
  if (i < WARMUP) continue;
  launch.spawn.push(s);
  launch.bare.push(b);
  launch.metrics.push(m);
}
scraping = false;
await scraper;

const render = [];
let bytes = 0;
for (let i = 0; i < SCRAPES; i++) {
  const t0 = performance.now();
  const text = await fetch(metricsUrl).then((r) => r.text());
  render.push(performance.now() - t0);
  bytes = text.length;
}

console.log(`\nMetrics (${LAUNCHES} launches each, alternating; /metrics scraped every second on the measured stack)`);
console.log(line("bare spawn of /bin/true", launch.spawn));
console.log("  launch of /bin/true to its terminal event:");
console.log(line("bare: BATON_METRICS=false", launch.bare));
console.log(line("metrics on, scraped", launch.metrics));
console.log(overheadLine("overhead of the metrics", launch.metrics, launch.bare));
console.log(
  `  GET /metrics (${SCRAPES} scrapes, ${(bytes / 1024).toFixed(1)} KiB, queue and fleet read from Postgres):`,
);
console.log(line("scrape round trip", render));
const s = stats(render);
console.log(
  `  a scrape a second costs the control plane about ${((s.p50 / 1000) * 100).toFixed(2)}% of one core at p50`,
);

await Promise.all([bare.stop(), measured.stop()]);
