import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Child } from "@baton/stack";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser.js";
import { startConsoleStack } from "./support/console.js";
import type { TestEnv } from "./support/env.js";

// The console at scale, measured (printed, not pass / fail thresholds): the log viewer while a run prints
// 100,000 lines, and the executions page over 100,000 executions. These floods would slow every test running
// beside them, so this file runs alone, after the others (the "e2e-alone" project in vitest.config.ts).

const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..");
const shots = join(repoRoot, "test-output", "screenshots");
const WAIT = { timeout: 20_000 };

let env: TestEnv;
let web: Child;
let base: string;
let browser: Browser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

beforeAll(async () => {
  browser = await launchChromium();
  ({ env, web, base } = await startConsoleStack("console-scale-web.log"));
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop(5000);
  await env?.stop();
});

describe("the console at scale", () => {
  it("keeps up with a run printing 100,000 lines: times, streams, the first error, and the whole log to download", async () => {
    const api = env.api[0]!;
    const LINES = 100_000;
    // 100 bursts of 1,000 lines, each written once the one before has been taken (its write's callback):
    // as fast as the runner takes them, so the page receives them as fast as Baton delivers them.
    const loud = env.script(
      "loud.mjs",
      `let n = 0;
process.stderr.write("warming up on stderr\\n");
for (let burst = 0; burst < 100; burst++) {
  const out = [];
  for (let i = 0; i < 1000; i++) {
    n++;
    out.push(n === 54321 ? "ERROR: disk full at line 54321" : "line " + n);
  }
  await new Promise((r) => process.stdout.write(out.join("\\n") + "\\n", r));
}
`,
    );
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "console-loud", version: "1.0.0", uri: loud },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: "console-loud", app: "console-loud" },
    });
    const { launchTask } = await api.ok<{ launchTask: { id: string } }>(
      `mutation { launchTask(input: { task: "console-loud" }) { id } }`,
    );
    await page.goto(`${base}/executions/${launchTask.id}`);
    // Frames drawn while the lines arrive: the page's own requestAnimationFrame count and longest gap.
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        requestAnimationFrame(f: (t: number) => void): void;
        __frames: { n: number; first: number; last: number; gap: number };
      };
      g.__frames = { n: 0, first: 0, last: 0, gap: 0 };
      const tick = (t: number) => {
        const f = g.__frames;
        if (f.n === 0) f.first = t;
        else f.gap = Math.max(f.gap, t - f.last);
        f.n++;
        f.last = t;
        g.requestAnimationFrame(tick);
      };
      g.requestAnimationFrame(tick);
    });
    const log = page.getByTestId("log-viewer");
    await expect
      .poll(
        () =>
          page
            .getByRole("status")
            .filter({ hasText: / lines?/ })
            .first()
            .textContent(),
        { timeout: 120_000 },
      )
      .toMatch(new RegExp(`^${LINES + 1} lines$`));
    const frames = await page.evaluate(
      () => (globalThis as unknown as { __frames: { n: number; first: number; last: number; gap: number } }).__frames,
    );
    const seconds = (frames.last - frames.first) / 1000;
    console.log(
      `[measure] log viewer while ${LINES.toLocaleString("en")} lines arrived: ${(frames.n / seconds).toFixed(1)} frames/s over ${seconds.toFixed(1)} s, longest frame ${frames.gap.toFixed(0)} ms`,
    );
    await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("COMPLETED");
    // Virtualised: the page holds the lines in view, not 100,000.
    expect(await log.locator(".line").count()).toBeLessThan(200);
    // Each line's time and stream.
    await log.scrollIntoViewIfNeeded();
    expect(await log.locator(".line .t").first().textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    await page.getByLabel("Search the log").fill("warming up");
    await expect.poll(() => log.locator(".line").count()).toBe(1);
    expect(await log.locator(".line .s").textContent()).toBe("err");
    // The first error, in view and marked; the search is cleared to show it among the rest.
    await page.getByRole("button", { name: "First error" }).click();
    const focused = log.locator(".line.focus");
    await expect.poll(() => focused.locator(".x").textContent()).toBe("ERROR: disk full at line 54321");
    const inBox = (await log.boundingBox())!;
    const at = (await focused.boundingBox())!;
    expect(at.y).toBeGreaterThanOrEqual(inBox.y);
    expect(at.y + at.height).toBeLessThanOrEqual(inBox.y + inBox.height);
    await shot("48-log-first-error");
    // The whole log as a file, every line, paged from the API.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`console-loud-${launchTask.id}.log`);
    const file = readFileSync((await download.path())!, "utf8")
      .trimEnd()
      .split("\n");
    expect(file).toHaveLength(LINES + 1);
    // stdout and stderr are read apart, so where the one stderr line falls among the others is not fixed.
    expect(file.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (stdout|stderr) /.test(l))).toBe(true);
    expect(file.filter((l) => / stderr warming up on stderr$/.test(l))).toHaveLength(1);
    expect(file.filter((l) => l.endsWith(" stdout ERROR: disk full at line 54321"))).toHaveLength(1);
    expect(file.at(-1)).toMatch(/ stdout line 100000$/);
  }, 240_000);

  it("measures the executions page's first paint with 100,000 executions", async () => {
    // A task to own them.
    const api = env.api[0]!;
    const uri = env.script("many.mjs", `console.log("one of many");\n`);
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "console-many", version: "1.0.0", uri },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: "console-many", app: "console-many" },
    });
    const [task] = await env.sql<{ id: string }>(`SELECT id FROM task_definitions WHERE name = 'console-many'`);
    const t0 = performance.now();
    await env.sql(
      `INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec, "queuedAt", "startedAt", "endedAt", "exitCode")
       SELECT gen_random_uuid(), $1, 1, CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END, 'local', 'default', '{}', '{}'::jsonb,
              now() AT TIME ZONE 'UTC' - make_interval(secs => i * 30), now() AT TIME ZONE 'UTC' - make_interval(secs => i * 30 - 1),
              now() AT TIME ZONE 'UTC' - make_interval(secs => i * 30 - 2), CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END
       FROM generate_series(1, 100000) AS i`,
      [task!.id],
    );
    await env.sql(`ANALYZE executions`);
    const inserted = performance.now() - t0;
    const cold = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await cold.goto(`${base}/executions`);
      await cold.getByRole("heading", { name: "Executions" }).waitFor();
      const rows = await cold.locator("table tbody tr").count();
      expect(rows).toBe(25);
      const timing = await cold.evaluate(() => {
        type Entry = { startTime: number; responseStart?: number };
        const p = (
          globalThis as unknown as {
            performance: { getEntriesByType(t: string): Entry[]; getEntriesByName(n: string): Entry[] };
          }
        ).performance;
        const nav = p.getEntriesByType("navigation")[0];
        const paint = p.getEntriesByName("first-contentful-paint")[0];
        return { response: nav?.responseStart ?? Number.NaN, paint: paint?.startTime ?? Number.NaN };
      });
      console.log(
        `[measure] executions page with 100,000 more executions (inserted in ${(inserted / 1000).toFixed(1)} s): first byte ${timing.response.toFixed(0)} ms, first contentful paint ${timing.paint.toFixed(0)} ms`,
      );
      expect(Number.isFinite(timing.paint)).toBe(true);
      const filtered = performance.now();
      await cold.goto(`${base}/executions?task=console-many&status=FAILED`);
      await cold.locator("table tbody tr").first().waitFor();
      console.log(
        `[measure] the same, filtered by task and status: ${(performance.now() - filtered).toFixed(0)} ms to the first row`,
      );
    } finally {
      await cold.close();
    }
  });
});
