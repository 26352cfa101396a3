import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Child, freePort, startNodeChild, waitForLine } from "@baton/stack";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser.js";
import { startConsoleStack } from "./support/console.js";
import type { TestEnv } from "./support/env.js";
import { defineTask } from "./support/flows.js";
import { untilFile } from "./support/gate.js";

// The web console in a real browser against a real stack: what a user does,
// checked by what the pages show. Screenshots go to test-output/screenshots/.

const require = createRequire(import.meta.url);
const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..");
const shots = join(repoRoot, "test-output", "screenshots");
const webServer = join(dirname(require.resolve("@baton/web/package.json")), "server.mjs");

const step = `const step = (o) => console.log("::baton::" + JSON.stringify({ v: 1, type: "step", ...o }));`;

let env: TestEnv;
let web: Child;
let base: string;
let browser: Browser;
let page: Page;
let gate: string;

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

/** "2026-11-30 02:00:00": the wall clock of `iso` in `zone`, as the console writes it. */
const wallClock = (iso: string, zone: string): string => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
};

/** The viewer's zone in the schedule and trigger tests: neither UTC nor the schedule's zone. */
const VIEWER_ZONE = "America/New_York";
const SCHEDULE_ZONE = "Asia/Kolkata";

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  // Chromium first: when it is missing, say so before starting anything.
  browser = await launchChromium();
  ({ env, web, base } = await startConsoleStack("console-web.log"));
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  gate = join(env.dir, "gate");
});

afterAll(async () => {
  await browser?.close();
  await web?.stop(5000);
  await env?.stop();
});

describe("console", () => {
  it("registers an app, defines and launches a task, and shows its logs and steps live", async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByText("Nothing has run yet").isVisible()).toBe(true);
    await shot("01-overview-empty");

    const job = env.script(
      "job.mjs",
      `${step}
console.log("hello " + (process.argv[2] ?? "nobody"));
step({ step: "load", status: "STARTED" });
console.log("chunk 1: 100 read");
step({ step: "load", status: "STARTED", read: 100, write: 98, commit: 1 });
${untilFile(gate)}
console.log("chunk 2: 200 read");
step({ step: "load", status: "COMPLETED", read: 200, write: 196, commit: 2, skip: 4 });
`,
    );

    await page.goto(`${base}/apps`);
    await page.getByText("No app is registered yet").waitFor();
    const form = page.getByRole("form", { name: "Register a version" });
    // The API's own validation message appears under the form.
    await form.getByLabel("App name").fill("console-job");
    await form.getByLabel(/^Version/).fill("1.0.0");
    await form.getByLabel("URI").fill("ftp://nowhere/job.mjs");
    await form.getByRole("button", { name: "Register version" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/file:|docker:/);
    await form.getByLabel("URI").fill(job);
    await form.getByRole("button", { name: "Register version" }).click();
    await page.getByTestId("app-console-job").waitFor();
    await form.getByLabel("App name").fill("console-job");
    await form.getByLabel(/^Version/).fill("2.0.0");
    await form.getByLabel("URI").fill(job);
    await form.getByRole("button", { name: "Register version" }).click();
    await page.getByTestId("app-console-job").getByRole("cell", { name: "2.0.0" }).waitFor();
    await shot("02-apps");

    await page.goto(`${base}/tasks`);
    await page.getByText("No task is defined yet").waitFor();
    const define = page.getByRole("form", { name: "Define a task" });
    await define.getByLabel("Task name").fill("console-job");
    await define.getByLabel(/^Version/).selectOption("1.0.0");
    await define.getByLabel("Deployment properties (JSON)").fill('{ "env": { "REGION": "eu" } }');
    await define.getByRole("button", { name: "Create task" }).click();
    await page.getByRole("heading", { name: /Task console-job/ }).waitFor();
    await page.getByTestId("step-history").getByText("No finished step yet").waitFor();
    await shot("03-task");

    const launch = page.getByRole("form", { name: "Launch" });
    await launch.getByLabel("Arguments").fill("2026-11-23");
    await launch.getByRole("button", { name: "Launch" }).click();
    await page.waitForURL(/\/executions\/[0-9a-f-]+$/);
    const log = page.getByTestId("log-viewer");
    // The run waits at the gate: what shows now arrived live.
    await expect.poll(() => log.textContent()).toContain("chunk 1: 100 read");
    await expect.poll(() => page.getByTestId("execution-status").textContent()).toBe("RUNNING");
    const load = page.locator('[data-step="load"]');
    await expect.poll(() => load.locator('[data-counter="readCount"]').textContent()).toBe("100");
    expect(await log.textContent()).toContain("hello 2026-11-23");
    expect(await log.textContent()).not.toContain("chunk 2");
    await shot("04-execution-running");

    writeFileSync(gate, "go");
    await expect.poll(() => page.getByTestId("execution-status").textContent()).toBe("COMPLETED");
    await expect.poll(() => load.locator('[data-counter="readCount"]').textContent()).toBe("200");
    expect(await load.locator('[data-counter="writeCount"]').textContent()).toBe("196");
    expect(await load.locator('[data-counter="skipCount"]').textContent()).toBe("4");
    await expect.poll(() => page.getByTestId("exit-code").textContent()).toBe("0");
    await expect.poll(() => log.textContent()).toContain("chunk 2: 200 read");
    await page.getByLabel("Search the log").fill("CHUNK 2");
    await expect.poll(() => page.getByText("1 matching line").isVisible()).toBe(true);
    expect(await log.locator("mark").textContent()).toBe("chunk 2");
    await shot("05-execution-completed");

    // The task page sums the step up over its runs: one finished run of "load", 200 read.
    await page.goto(`${base}/tasks/console-job`);
    const history = page.getByTestId("step-history").locator('[data-step-history="load"]');
    await expect.poll(() => history.locator('[data-stat="runs"]').textContent()).toBe("1");
    expect(await history.locator('[data-stat="read-mean"]').textContent()).toBe("200");
    expect(await history.locator('[data-stat="write-mean"]').textContent()).toBe("196");
    expect(await history.locator('[data-stat="skip-mean"]').textContent()).toBe("4");
    await history.getByRole("img", { name: /Duration and read count of step load over its last 1 run/ }).waitFor();
    await history.scrollIntoViewIfNeeded();
    await shot("05b-task-step-history");
  });

  it("upgrades to a second version, compares and rolls back", async () => {
    await page.goto(`${base}/tasks/console-job`);
    const upgrade = page.getByRole("form", { name: "Upgrade" });
    await upgrade.getByLabel(/^Version/).selectOption("2.0.0");
    // Upgrade properties replace the task's: the form says which current keys an edit would drop.
    const properties = upgrade.getByLabel("Deployment properties (JSON)");
    await properties.fill('{ "env": {} }');
    await expect.poll(() => upgrade.getByRole("status").textContent()).toBe("This upgrade removes: env.REGION");
    await properties.fill('{ "env": { "REGION": "eu" } }');
    await expect.poll(() => upgrade.getByRole("status").count()).toBe(0);
    await upgrade.getByLabel("Reason").fill("second version");
    await upgrade.getByRole("button", { name: "Upgrade" }).click();
    await expect.poll(() => upgrade.getByRole("status").textContent()).toBe("Revision 2 is DEPLOYED.");
    const history = page.getByTestId("release-history");
    await expect.poll(() => history.locator('[data-revision="2"]').textContent()).toContain("UPGRADE");
    expect(await history.locator('[data-revision="2"]').textContent()).toContain("second version");
    await expect.poll(() => page.getByTestId("release-diff").textContent()).toContain("changed version");
    await shot("06-task-upgraded");

    const rollback = page.getByRole("form", { name: "Roll back" });
    await rollback.getByLabel("Revision to copy").selectOption("1");
    await rollback.getByLabel("Reason").fill("back to 1.0.0");
    // Rolling back asks first.
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await rollback.getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => history.locator('[data-revision="3"]').textContent()).toContain("ROLLBACK of 1");
    expect(await history.locator('[data-revision="3"]').textContent()).toContain("DEPLOYED");
    expect(await history.locator('[data-revision="3"]').textContent()).toContain("1.0.0");
    expect(await history.locator('[data-revision="2"]').textContent()).toContain("SUPERSEDED");
    expect(asked).toEqual([expect.stringContaining("Roll console-job back to a copy of revision 1?")]);
    await shot("07-task-rolled-back");
  });

  it("writes a DAG in the editor, previews, saves and runs it, and shows the failed node in red", async () => {
    const api = env.api[0]!;
    const failing = env.script("fail.mjs", `console.log("giving up"); process.exit(1);\n`);
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "console-fail", version: "1.0.0", uri: failing },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: "console-fail", app: "console-fail" },
    });

    await page.goto(`${base}/dags`);
    await page.getByText("No DAG is defined yet").waitFor();
    await page.getByRole("link", { name: "New DAG" }).click();
    const editor = page.getByRole("form", { name: "New DAG" });
    await editor.getByLabel("Name").fill("console-dag");
    const definition = editor.getByLabel(/Definition/);
    await definition.fill("console-job && ");
    await expect.poll(() => page.getByTestId("dag-check").textContent()).toMatch(/line 1, column \d+/);
    expect(await editor.getByRole("button", { name: "Create DAG" }).isDisabled()).toBe(true);
    await definition.fill("console-job && console-fail 'FAILED'->$FAIL");
    await expect.poll(() => page.getByTestId("dag-check").textContent()).toMatch(/^Valid: \d+ nodes?/);
    await page.getByTestId("dag-node-console-fail").waitFor();
    await page.getByTestId("dag-node-console-job").waitFor();
    await shot("08-dag-editor");

    await editor.getByRole("button", { name: "Create DAG" }).click();
    await page.getByRole("heading", { name: "DAG console-dag" }).waitFor();
    await page.getByTestId("dag-node-console-fail").waitFor();
    await shot("09-dag");

    await page.getByRole("button", { name: "Launch DAG" }).click();
    await page.waitForURL(/\/dag-runs\/[0-9a-f-]+$/);
    const failedNode = page.getByTestId("dag-node-console-fail");
    await expect.poll(() => failedNode.getAttribute("data-status"), { timeout: 30_000 }).toBe("FAILED");
    expect(
      await failedNode.evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { borderTopColor: string } }).getComputedStyle(el)
            .borderTopColor,
      ),
    ).toBe("rgb(198, 40, 40)");
    expect(await page.getByTestId("dag-node-console-job").getAttribute("data-status")).toBe("COMPLETED");
    await expect.poll(() => page.getByTestId("dag-run-status").textContent()).toBe("FAILED");
    expect(await page.getByRole("button", { name: "Restart failed nodes" }).isEnabled()).toBe(true);
    await shot("10-dag-run-failed");
    // The failed node's execution inline: why it ended and its last lines, without leaving the page.
    await page.getByRole("button", { name: "Show console-fail's last lines" }).click();
    const glance = page.locator('[data-node-glance="console-fail"]');
    await expect.poll(() => glance.getByTestId("node-tail").textContent()).toContain("giving up");
    expect(await glance.textContent()).toContain("exit code 1");
    await shot("10a-dag-run-node-inline");
    const runId = page.url().split("/dag-runs/")[1]!;

    // The DAG's page lists the run, FAILED; a status filter that matches nothing says so.
    await page.goto(`${base}/dags/console-dag`);
    const dagRuns = page.getByTestId("dag-runs");
    const runRow = dagRuns.locator(`[data-run-id="${runId}"]`);
    await runRow.waitFor();
    expect(await dagRuns.locator("tbody tr").count()).toBe(1);
    expect(await runRow.locator(".badge").textContent()).toBe("FAILED");
    expect(await runRow.textContent()).toMatch(/(just now|ago) · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await runRow.scrollIntoViewIfNeeded();
    await shot("10b-dag-runs");
    const filter = page.getByRole("form", { name: "Filter runs" });
    await filter.getByLabel("Status").selectOption("COMPLETED");
    await filter.getByRole("button", { name: "Filter" }).click();
    await page.getByText("No run matches these filters").waitFor();
    expect(page.url()).toContain("status=COMPLETED");

    // The list of all runs, reached from the DAGs section, links each run to its page.
    await page.goto(`${base}/dags`);
    await page.getByRole("navigation", { name: "DAGs" }).getByRole("link", { name: "Runs" }).click();
    await page.getByRole("heading", { name: "DAG runs" }).waitFor();
    const allRow = page.getByTestId("dag-runs").locator(`[data-run-id="${runId}"]`);
    await allRow.waitFor();
    expect(await allRow.getAttribute("data-status")).toBe("FAILED");
    expect(await allRow.textContent()).toContain("console-dag");
    await shot("10c-dag-runs-all");
    await allRow.getByRole("link", { name: /^Run / }).click();
    await page.waitForURL(`**/dag-runs/${runId}`);
    await expect.poll(() => page.getByTestId("dag-run-status").textContent()).toBe("FAILED");

    // The DAG ran console-job once more: its step history counts two runs now.
    await page.goto(`${base}/tasks/console-job`);
    const load = page.getByTestId("step-history").locator('[data-step-history="load"]');
    await expect.poll(() => load.locator('[data-stat="runs"]').textContent()).toBe("2");
    expect(await load.locator('[data-stat="read-mean"]').textContent()).toBe("200");
  });

  it("lists executions with filters, and the overview counts them", async () => {
    await page.goto(`${base}/executions?status=FAILED`);
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("console-fail");
    await shot("11-executions-failed");

    await page.goto(`${base}/executions`);
    await expect.poll(() => rows.count()).toBe(3);

    // The queued-at range: typed in local time, sent as UTC, kept with the other filters.
    const filter = page.getByRole("form", { name: "Filter executions" });
    const localInput = (offsetMs: number) =>
      page.evaluate((ms) => {
        const d = new Date(Date.now() + ms);
        const pad = (n: number) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      }, offsetMs);
    await filter.getByLabel("Task").selectOption("console-fail");
    const yesterday = await localInput(-86_400_000);
    await filter.getByLabel("Queued from").fill(yesterday);
    await filter.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/since=.*Z/);
    expect(page.url()).toContain("task=console-fail");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("console-fail");
    // The form shows the range from the URL again, in local time.
    await expect.poll(() => filter.getByLabel("Queued from").inputValue()).toBe(yesterday);

    const nextYear = await localInput(365 * 86_400_000);
    await filter.getByLabel("Queued from").fill(nextYear);
    await filter.getByRole("button", { name: "Filter" }).click();
    await page.getByText("No execution matches these filters").waitFor();
    await expect.poll(() => filter.getByLabel("Queued from").inputValue()).toBe(nextYear);
    expect(await rows.count()).toBe(0);
    expect(await filter.getByLabel("Task").inputValue()).toBe("console-fail");
    await shot("11b-executions-future");

    await filter.getByLabel("Queued from").fill("2030-01-02T00:00");
    await filter.getByLabel("Queued to").fill("2030-01-01T00:00");
    await filter.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => filter.getByRole("alert").textContent()).toBe("since must be before until.");
    await shot("11c-executions-backwards");
    await page.goto(`${base}/`);
    await page.getByRole("img", { name: "Runs per hour, last 24 hours" }).waitFor();
    const failedCard = page.getByRole("link", { name: /failed in the last 24 h/ });
    expect(await failedCard.textContent()).toMatch(/^1/);
    await shot("12-overview");
  });
  describe("schedules and triggers", () => {
    // Fires, backfilled runs and the pages' auto-refresh take seconds, not expect.poll's default one.
    const WAIT = { timeout: 20_000 };
    let viewer: Page;
    const viewerShot = (name: string) => viewer.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

    beforeAll(async () => {
      const api = env.api[0]!;
      const tick = env.script(
        "tick.mjs",
        `console.log("tick " + (process.env.BATON_SCHEDULED_TIME ?? "-") + " " + process.argv.slice(2).join(" "));\n`,
      );
      await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
        i: { name: "console-tick", version: "1.0.0", uri: tick },
      });
      await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
        i: { name: "console-tick", app: "console-tick" },
      });
      // A browser in New York: "your time" must be the viewer's zone, not UTC nor the schedule's.
      viewer = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: VIEWER_ZONE });
      viewer.setDefaultTimeout(20_000);
    });

    afterAll(async () => {
      await viewer?.close();
    });

    it("creates a schedule with a live cron check, shows it in both zones, pauses, resumes, fires and backfills it", async () => {
      const api = env.api[0]!;
      await viewer.goto(`${base}/schedules`);
      await viewer.getByText("No schedule yet").waitFor();
      await viewer.getByRole("link", { name: "New schedule" }).click();
      const form = viewer.getByRole("form", { name: "New schedule" });
      await form.getByLabel("Name").fill("console-nightly");
      await form.getByLabel("Starts").selectOption("task:console-tick");
      const check = viewer.getByTestId("cron-check");
      const create = form.getByRole("button", { name: "Create schedule" });

      // The cron is checked as it is typed: the API's error, and no saving.
      await form.getByLabel("Cron").fill("61 * * * *");
      await expect.poll(() => check.textContent(), WAIT).toContain("minute field: 61 is out of range 0-59");
      expect(await create.isDisabled()).toBe(true);
      await viewerShot("13-schedule-cron-invalid");

      // A valid one: in words, and its next five fire times in the schedule's zone and the viewer's.
      await form.getByLabel("Time zone").fill(SCHEDULE_ZONE);
      await form.getByLabel("Cron").fill("0 2 * * *");
      await expect.poll(() => check.getByTestId("cron-description").textContent(), WAIT).toBe("At 02:00 AM");
      const preview = await api.ok<{ previewCron: { nextFireTimes: string[] } }>(
        `query { previewCron(cron: "0 2 * * *", timezone: "${SCHEDULE_ZONE}") { nextFireTimes } }`,
      );
      const times = check.locator("li");
      await expect.poll(() => times.count(), WAIT).toBe(5);
      expect(preview.previewCron.nextFireTimes).toHaveLength(5);
      for (const [i, iso] of preview.previewCron.nextFireTimes.entries()) {
        await expect
          .poll(() => times.nth(i).textContent(), WAIT)
          .toContain(`${wallClock(iso, SCHEDULE_ZONE)} ${SCHEDULE_ZONE}${wallClock(iso, VIEWER_ZONE)} your time`);
      }
      // 02:00 in Kolkata (+05:30) is 15:30 of the day before in New York (-05:00 in winter, -04:00 in summer).
      expect(await times.first().textContent()).toMatch(
        /02:00:00 Asia\/Kolkata.*1[56]:30:00 your time \(America\/New_York\)/,
      );
      expect(await create.isEnabled()).toBe(true);
      await viewerShot("14-schedule-cron-valid");
      await create.click();
      await viewer.getByRole("heading", { name: "Schedule console-nightly", exact: true }).waitFor();

      // The list: target, the cron in words and raw, the zone, the next fire in both zones, never fired yet.
      await viewer.goto(`${base}/schedules`);
      const row = viewer.locator('[data-schedule="console-nightly"]');
      await row.waitFor();
      const { schedule } = await api.ok<{ schedule: { nextFireAt: string; enabled: boolean } }>(
        `query { schedule(name: "console-nightly") { nextFireAt enabled } }`,
      );
      expect(await row.getByTestId("cron-description").textContent()).toBe("At 02:00 AM");
      expect(await row.textContent()).toContain("0 2 * * *");
      expect(await row.textContent()).toContain("task console-tick");
      await expect
        .poll(() => row.getByTestId("next-fire").textContent(), WAIT)
        .toContain(
          `${wallClock(schedule.nextFireAt, SCHEDULE_ZONE)} ${SCHEDULE_ZONE}` +
            `${wallClock(schedule.nextFireAt, VIEWER_ZONE)} your time (${VIEWER_ZONE})`,
        );
      expect(await row.getByTestId("last-fire").textContent()).toBe("never");
      await viewerShot("15-schedules");

      // Pause and resume from the list; the API agrees each time.
      const enabledNow = async () =>
        (await api.ok<{ schedule: { enabled: boolean } }>(`query { schedule(name: "console-nightly") { enabled } }`))
          .schedule.enabled;
      await row.getByRole("button", { name: "Pause console-nightly" }).click();
      await expect.poll(() => row.getByTestId("schedule-toggle").getAttribute("data-enabled"), WAIT).toBe("false");
      expect(await enabledNow()).toBe(false);
      expect(await row.getByTestId("schedule-toggle").textContent()).toContain("paused");
      await viewerShot("16-schedules-paused");
      await row.getByRole("button", { name: "Resume console-nightly" }).click();
      await expect.poll(() => row.getByTestId("schedule-toggle").getAttribute("data-enabled"), WAIT).toBe("true");
      expect(await enabledNow()).toBe(true);

      // Every second from now on (the edit form), so it fires during the test.
      await row.getByRole("link", { name: "console-nightly" }).click();
      await viewer.getByRole("link", { name: "Edit" }).click();
      const edit = viewer.getByRole("form", { name: "Edit schedule" });
      await edit.getByLabel("Cron").fill("* * * * * *");
      await expect.poll(() => check.getByTestId("cron-description").textContent(), WAIT).toBe("Every second");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await viewer.getByRole("heading", { name: "Schedule console-nightly", exact: true }).waitFor();
      const fires = viewer.getByTestId("fires");
      const started = fires.locator('tr[data-kind="SCHEDULED"][data-outcome="STARTED"]');
      await started.first().waitFor();
      await expect.poll(() => started.first().getByTestId("run-link").count(), WAIT).toBe(1);

      // Paused, it starts nothing; resumed, one PAUSED fire says which fire times it skipped.
      await viewer.getByRole("button", { name: "Pause console-nightly" }).click();
      await expect.poll(() => viewer.getByTestId("schedule-toggle").getAttribute("data-enabled"), WAIT).toBe("false");
      type Fire = { scheduledTime: string; kind: string; outcome: string; executionId: string | null };
      const firesNow = async () =>
        (
          await api.ok<{ schedule: { fires: Fire[] } }>(
            `query { schedule(name: "console-nightly") { fires(first: 500) { scheduledTime kind outcome executionId } } }`,
          )
        ).schedule.fires;
      const startedBefore = (await firesNow()).filter((f) => f.outcome === "STARTED").length;
      // A witness firing every second shows the scheduler going on while console-nightly, paused, starts nothing.
      await api.ok(
        `mutation { createSchedule(input: { name: "console-witness", task: "console-tick", cron: "* * * * * *" }) { name } }`,
      );
      await expect
        .poll(
          async () =>
            (
              await api.ok<{ schedule: { fires: unknown[] } }>(
                `query { schedule(name: "console-witness") { fires { id } } }`,
              )
            ).schedule.fires.length,
          WAIT,
        )
        .toBeGreaterThanOrEqual(3);
      await api.ok(`mutation { deleteSchedule(name: "console-witness") }`);
      expect((await firesNow()).filter((f) => f.outcome === "STARTED").length).toBe(startedBefore);
      await viewer.getByRole("button", { name: "Resume console-nightly" }).click();
      // Resumed for the API too (this test once timed out below: which step failed, and any error the page showed).
      await expect
        .poll(async () => {
          const alert = await viewer.locator("p.error").allTextContents();
          return alert.length > 0 ? `error: ${alert.join(" ")}` : await enabledNow();
        }, WAIT)
        .toBe(true);
      await fires.locator('tr[data-outcome="PAUSED"]').first().waitFor();
      await viewer.getByRole("button", { name: "Pause console-nightly" }).click();
      await expect.poll(() => viewer.getByTestId("schedule-toggle").getAttribute("data-enabled"), WAIT).toBe("false");
      await viewerShot("17-schedule-fires");

      // Backfill the three seconds before its first fire and that fire: three new, one already fired.
      const first = (await firesNow())
        .filter((f) => f.kind === "SCHEDULED" && f.outcome === "STARTED")
        .map((f) => f.scheduledTime)
        .sort()[0]!;
      // As a datetime-local input keeps it: seconds dropped when they are zero.
      const local = (ms: number) =>
        wallClock(new Date(ms).toISOString(), VIEWER_ZONE).replace(" ", "T").replace(/:00$/, "");
      const backfill = viewer.getByRole("form", { name: "Backfill" });
      await backfill.getByLabel("From", { exact: true }).fill(local(Date.parse(first) - 3000));
      await backfill.getByLabel("To", { exact: true }).fill(local(Date.parse(first)));
      await backfill.getByLabel("Max concurrent").fill("1");
      await backfill.getByRole("button", { name: "Backfill" }).click();
      await expect
        .poll(() => viewer.getByTestId("backfill-result").textContent(), WAIT)
        .toBe("4 fire times in the range: 3 created, 1 already fired.");
      const backfilled = fires.locator('tr[data-kind="BACKFILL"]');
      await expect.poll(() => backfilled.count(), WAIT).toBe(3);
      // One at a time (max concurrent 1): each starts when the one before ends.
      await expect.poll(() => fires.locator('tr[data-kind="BACKFILL"][data-outcome="STARTED"]').count(), WAIT).toBe(3);
      const backfillTimes = (await firesNow())
        .filter((f) => f.kind === "BACKFILL")
        .map((f) => f.scheduledTime)
        .sort();
      expect(backfillTimes.map((t) => Date.parse(first) - Date.parse(t))).toEqual([3000, 2000, 1000]);
      await viewer.getByTestId("backfill-result").scrollIntoViewIfNeeded();
      await viewerShot("18-schedule-backfill");

      // The first fire's execution: its origin names the schedule and the fire time, and links back.
      await fires.locator(`tr[data-fire="${first}"]`).getByTestId("run-link").click();
      await viewer.waitForURL(/\/executions\/[0-9a-f-]+$/);
      const origin = viewer.getByTestId("origin");
      await expect
        .poll(() => origin.textContent(), WAIT)
        .toBe(`Schedule console-nightly · ${first.slice(0, 10)} ${first.slice(11, 19)} UTC`);
      await expect.poll(() => viewer.getByTestId("log-viewer").textContent(), WAIT).toContain(`tick ${first}`);
      await viewerShot("19-execution-origin-schedule");
      await origin.getByRole("link", { name: "console-nightly" }).click();
      await viewer.waitForURL(`**/schedules/console-nightly`);
      await viewer.getByRole("heading", { name: "Schedule console-nightly", exact: true }).waitFor();
    });

    it("creates a trigger, shows its webhook URL and secret once, and lists what it received", async () => {
      const api = env.api[0]!;
      const apiOrigin = new URL(api.url).origin;
      const subject = `console-${env.prefix}.orders.requested`;
      await viewer.goto(`${base}/triggers`);
      await viewer.getByText("No trigger yet").waitFor();
      await viewer.getByRole("link", { name: "New trigger" }).click();
      const form = viewer.getByRole("form", { name: "New trigger" });
      await form.getByLabel("Name").fill("console-orders");
      await form.getByLabel("Starts").selectOption("task:console-tick");
      await form.getByLabel("NATS subject").fill(subject);
      await form.getByLabel("Arguments").fill("--order={{ .orderId }}");
      await form.getByLabel("Dedup key").fill("{{ .orderId }}");
      await form.getByLabel("Dedup window").fill("600");
      await form.getByRole("button", { name: "Create trigger" }).click();

      const created = viewer.getByTestId("trigger-created");
      await created.waitFor();
      const hook = `${apiOrigin}/hooks/console-orders`;
      expect(await created.getByTestId("webhook-url").textContent()).toBe(hook);
      const secret = (await viewer.getByTestId("trigger-secret").textContent()) ?? "";
      expect(secret).toMatch(/^[0-9a-f]{32,}$/);
      await viewerShot("20-trigger-created");

      // A signed call to the URL the page showed starts a run; the same order again is deduplicated.
      const post = (key: string, delivery: string, body: string) =>
        fetch(hook, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-baton-delivery": delivery,
            "x-baton-signature-256": `sha256=${createHmac("sha256", key).update(body).digest("hex")}`,
          },
          body,
        });
      const body = JSON.stringify({ orderId: "42" });
      const first = await post(secret, "delivery-1", body);
      expect(first.status).toBe(200);
      expect(((await first.json()) as { outcome: string }).outcome).toBe("STARTED");
      expect(((await (await post(secret, "delivery-2", body)).json()) as { outcome: string }).outcome).toBe(
        "DEDUPLICATED",
      );

      // The list: target, subject and absolute webhook URL, dedup.
      await viewer.goto(`${base}/triggers`);
      const row = viewer.locator('[data-trigger="console-orders"]');
      await row.waitFor();
      expect(await row.getByTestId("webhook-url").textContent()).toBe(hook);
      expect(await row.textContent()).toContain(subject);
      expect(await row.textContent()).toContain("{{ .orderId }}");
      expect(await row.textContent()).toContain("10 min");
      await viewerShot("21-triggers");

      // The detail page never shows the secret again; its events link to the run they started or matched.
      await row.getByRole("link", { name: "console-orders" }).click();
      await viewer.getByRole("heading", { name: "Trigger console-orders", exact: true }).waitFor();
      expect(await viewer.getByTestId("trigger-secret").count()).toBe(0);
      expect(await viewer.getByTestId("mapping").textContent()).toContain("--order={{ .orderId }}");
      const events = viewer.getByTestId("events");
      const startedRow = events.locator('tr[data-message-id="delivery-1"]');
      const dedupRow = events.locator('tr[data-message-id="delivery-2"]');
      await startedRow.waitFor();
      expect(await startedRow.getAttribute("data-outcome")).toBe("STARTED");
      expect(await dedupRow.getAttribute("data-outcome")).toBe("DEDUPLICATED");
      expect(await dedupRow.textContent()).toContain("42");
      const startedRun = await startedRow.getByTestId("run-link").getAttribute("href");
      expect(await dedupRow.getByTestId("run-link").getAttribute("href")).toBe(startedRun);
      await viewerShot("22-trigger-events");

      // Rotating shows a new secret once; the old one is refused from then on.
      await viewer.getByRole("button", { name: "Rotate secret" }).click();
      await viewer.getByRole("button", { name: /^Rotate: the current secret stops working/ }).click();
      const rotated = (await viewer.getByTestId("trigger-secret").textContent()) ?? "";
      expect(rotated).toMatch(/^[0-9a-f]{32,}$/);
      expect(rotated).not.toBe(secret);
      expect((await post(secret, "delivery-3", JSON.stringify({ orderId: "43" }))).status).toBe(401);

      // The run's page: its origin is the trigger and the message, linked back to the trigger.
      await startedRow.getByTestId("run-link").click();
      await viewer.waitForURL(/\/executions\/[0-9a-f-]+$/);
      const origin = viewer.getByTestId("origin");
      await expect.poll(() => origin.textContent(), WAIT).toBe("Trigger console-orders · delivery-1");
      await expect.poll(() => viewer.getByTestId("log-viewer").textContent(), WAIT).toContain("--order=42");
      await viewerShot("23-execution-origin-trigger");
      await origin.getByRole("link", { name: "console-orders" }).click();
      await viewer.waitForURL(`**/triggers/console-orders`);

      // Edit: the form starts from the saved values; a new argument template and dedup key are saved.
      await viewer.getByRole("link", { name: "Edit", exact: true }).click();
      const edit = viewer.getByRole("form", { name: "Edit trigger" });
      await edit.waitFor();
      expect(await edit.getByLabel("Name").count()).toBe(0);
      expect(await edit.getByLabel("NATS subject").inputValue()).toBe(subject);
      expect(await edit.getByLabel("Arguments").inputValue()).toBe("--order={{ .orderId }}");
      expect(await edit.getByLabel("Dedup key").inputValue()).toBe("{{ .orderId }}");
      expect(await edit.getByLabel("Dedup window").inputValue()).toBe("600");
      // A template the API refuses: its message under the form, nothing saved.
      await edit.getByLabel("Dedup key").fill("{{ .orderId ");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await expect
        .poll(() => edit.getByRole("alert").textContent(), WAIT)
        .toContain('dedupKey opens a placeholder with "{{" at character 1 but never closes it');
      expect(
        (await api.ok<{ trigger: { dedupKey: string } }>(`query { trigger(name: "console-orders") { dedupKey } }`))
          .trigger.dedupKey,
      ).toBe("{{ .orderId }}");
      await edit.getByLabel("Arguments").fill("--order={{ .orderId }}\n--region={{ .region }}");
      await edit.getByLabel("Dedup key").fill("{{ .orderId }}-{{ .region }}");
      await viewerShot("24-trigger-edit");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await viewer.waitForURL(`**/triggers/console-orders`);
      await viewer.getByRole("heading", { name: "Trigger console-orders", exact: true }).waitFor();
      await expect.poll(() => viewer.getByTestId("mapping").textContent(), WAIT).toContain("--region={{ .region }}");
      expect(await viewer.getByTestId("dedup").textContent()).toBe("{{ .orderId }}-{{ .region }}, seen for 10 min");
      const { trigger } = await api.ok<{
        trigger: {
          subject: string;
          arguments: string[];
          dedupKey: string;
          dedupWindowSeconds: number;
          task: string;
          enabled: boolean;
        };
      }>(`query { trigger(name: "console-orders") { subject arguments dedupKey dedupWindowSeconds task enabled } }`);
      // Only what changed: subject, window, target and state are as they were.
      expect(trigger).toEqual({
        subject,
        arguments: ["--order={{ .orderId }}", "--region={{ .region }}"],
        dedupKey: "{{ .orderId }}-{{ .region }}",
        dedupWindowSeconds: 600,
        task: "console-tick",
        enabled: true,
      });
    });
  });

  describe("runners, queue and retries", () => {
    // The pages re-render every 5 s; admission and retries take a moment more.
    const WAIT = { timeout: 20_000 };
    type RunnerRow = { id: string; capacity: number; pool: string };

    it("lists the runner, drains it so a launched run waits and says why, and resumes it", async () => {
      const api = env.api[0]!;
      const fleet = env.script("fleet.mjs", `console.log("fleet run " + process.argv.slice(2).join(" "));\n`);
      await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
        i: { name: "console-fleet", version: "1.0.0", uri: fleet },
      });
      await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
        i: { name: "console-fleet", app: "console-fleet" },
      });
      const { runners } = await api.ok<{ runners: RunnerRow[] }>(`query { runners { id capacity pool } }`);
      expect(runners).toHaveLength(1);
      const runner = runners[0]!;
      expect(runner.pool).toBe("default");

      // The test's runner: ACTIVE, with its slots out of its capacity.
      await page.goto(`${base}/runners`);
      const row = page.getByTestId("runners").locator(`[data-runner="${runner.id}"]`);
      await row.waitFor();
      expect(await row.getByTestId("runner-state").textContent()).toBe("ACTIVE");
      expect(await row.getByTestId("runner-slots").textContent()).toMatch(new RegExp(`^\\d+ / ${runner.capacity}$`));
      expect(await row.getByTestId("runner-cpu").textContent()).toMatch(/ free of /);
      await shot("25-runners");

      // Drain asks first; accepted, the runner takes nothing new.
      const asked: string[] = [];
      page.once("dialog", (dialog) => {
        asked.push(dialog.message());
        void dialog.accept();
      });
      await row.getByRole("button", { name: `Drain ${runner.id}` }).click();
      await expect.poll(() => row.getByTestId("runner-state").textContent(), WAIT).toMatch(/^DRAIN(ING|ED)$/);
      expect(asked).toEqual([expect.stringContaining(`Drain runner ${runner.id}?`)]);
      await row.getByRole("button", { name: `Resume ${runner.id}` }).waitFor();
      await shot("26-runner-drained");

      // A run launched now waits: the queue says why, per pool and for the run itself.
      const { launchTask } = await api.ok<{ launchTask: { id: string } }>(
        `mutation { launchTask(input: { task: "console-fleet", arguments: ["after-resume"] }) { id } }`,
      );
      const id = launchTask.id;
      const REASON = "every runner in pool default is draining";
      await page.goto(`${base}/queue`);
      const queued = page.getByTestId("queued-runs").locator(`[data-execution-id="${id}"]`);
      await expect.poll(() => queued.getByTestId("wait-reason").textContent(), WAIT).toBe(REASON);
      expect(await queued.getByTestId("queue-position").textContent()).toBe("1");
      expect(await queued.textContent()).toContain("console-fleet");
      const pool = page.getByTestId("queue-pools").locator('[data-pool="default"]');
      await expect.poll(() => pool.getByTestId("blocking-reason").textContent(), WAIT).toBe(REASON);
      const task = page.getByTestId("queue-tasks").locator('[data-task="console-fleet"]');
      expect(await task.getByTestId("blocking-reason").textContent()).toBe(REASON);
      await shot("27-queue-draining");

      // Its page says it waits, and why; the queue links to it.
      await queued.getByRole("link", { name: id.slice(0, 8) }).click();
      await page.waitForURL(`**/executions/${id}`);
      await expect.poll(() => page.getByTestId("waiting").textContent(), WAIT).toBe(`Waiting: ${REASON} (position 1)`);
      expect(await page.getByTestId("execution-status").textContent()).toBe("QUEUED");
      expect(await page.getByTestId("assigned-runner").textContent()).toBe("not yet");
      expect(await page.getByTestId("priority").textContent()).toBe("0");
      await shot("28-execution-waiting");

      // Resumed from another tab, the runner takes it: this page shows it run and complete, live.
      const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await other.goto(`${base}/runners`);
        const otherRow = other.getByTestId("runners").locator(`[data-runner="${runner.id}"]`);
        await otherRow.getByRole("button", { name: `Resume ${runner.id}` }).click();
        await expect.poll(() => otherRow.getByTestId("runner-state").textContent(), WAIT).toBe("ACTIVE");
        await otherRow.getByRole("button", { name: `Drain ${runner.id}` }).waitFor();
      } finally {
        await other.close();
      }
      await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("COMPLETED");
      await expect.poll(() => page.getByTestId("log-viewer").textContent(), WAIT).toContain("fleet run after-resume");
      await expect.poll(() => page.getByTestId("assigned-runner").textContent(), WAIT).toBe(runner.id);
      expect(await page.getByTestId("waiting").count()).toBe(0);
      await shot("29-execution-completed-after-resume");

      // Nothing waits any more.
      await page.goto(`${base}/queue`);
      await page.getByText("Nothing is waiting").waitFor();
    });

    it("retries a failing run and lists its attempts on each attempt's page", async () => {
      const api = env.api[0]!;
      const failing = env.script("retry-fail.mjs", `console.log("failing on purpose"); process.exit(3);\n`);
      await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
        i: { name: "console-retry", version: "1.0.0", uri: failing },
      });
      await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
        i: {
          name: "console-retry",
          app: "console-retry",
          properties: { retry: { maxAttempts: 2, backoff: { initialSeconds: 0 } } },
        },
      });
      const { launchTask } = await api.ok<{ launchTask: { id: string } }>(
        `mutation { launchTask(input: { task: "console-retry" }) { id } }`,
      );
      const first = launchTask.id;

      // The first attempt's page: the chain of two, this one marked, both FAILED in the end.
      await page.goto(`${base}/executions/${first}`);
      await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("FAILED");
      const attempts = page.getByTestId("attempts").locator("tbody tr");
      await expect.poll(() => attempts.count(), WAIT).toBe(2);
      const one = attempts.nth(0);
      const two = attempts.nth(1);
      expect(await one.getAttribute("data-attempt")).toBe("1");
      expect(await one.getAttribute("aria-current")).toBe("true");
      expect(await one.getAttribute("data-execution-id")).toBe(first);
      expect(await two.getAttribute("data-attempt")).toBe("2");
      expect(await two.getAttribute("aria-current")).toBeNull();
      await expect.poll(() => two.locator(".badge").textContent(), WAIT).toBe("FAILED");
      expect(await one.locator(".badge").textContent()).toBe("FAILED");
      // Columns: attempt, ..., exit code: the program's exit code 3.
      expect(await one.locator("td.num").nth(1).textContent()).toBe("3");
      await page.getByTestId("attempts").scrollIntoViewIfNeeded();
      await shot("30-execution-attempts");

      // The second attempt's page: it retries the first, and marks itself in the same list.
      const second = (await two.getAttribute("data-execution-id")) ?? "";
      await two.getByRole("link", { name: second.slice(0, 8) }).click();
      await page.waitForURL(`**/executions/${second}`);
      await expect
        .poll(() => page.getByTestId("attempt").textContent(), WAIT)
        .toContain(`retries ${first.slice(0, 8)}`);
      const again = page.getByTestId("attempts").locator("tbody tr");
      await expect.poll(() => again.count(), WAIT).toBe(2);
      expect(await again.nth(1).getAttribute("aria-current")).toBe("true");
      await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("FAILED");
      await shot("31-execution-second-attempt");
    });
  });

  describe("overview from the server's counts, linked to Grafana", () => {
    const WAIT = { timeout: 20_000 };
    const card = (p: Page, label: string) => p.locator(`[data-card="${label}"]`);
    /** The card's number once it equals the SQL count (read again each time: schedules may still add runs). */
    const cardMatchesSql = (label: string, count: () => Promise<number>) =>
      expect
        .poll(async () => {
          const shown = (await card(page, label).locator(".value").textContent()) ?? "";
          const counted = String(await count());
          return shown === counted ? "equal" : `${label}: ${shown} shown, ${counted} in SQL`;
        }, WAIT)
        .toBe("equal");
    const sqlCount = async (where: string): Promise<number> =>
      (await env.sql<{ n: number }>(`SELECT count(*)::int AS n FROM executions WHERE ${where}`))[0]?.n ?? 0;

    it("shows the server's counts past 500 executions, and links each panel to Grafana only with BATON_GRAFANA_URL", async () => {
      // 600 failed runs ended within the last 20 hours and 30 queued ones, written by SQL: more than the
      // 500 rows the overview used to count in the browser. In a pool no runner serves, not before tomorrow.
      await env.sql(
        `INSERT INTO executions (id, "taskId", "releaseRevision", status, platform, pool, arguments, spec,
                                 "queuedAt", "startedAt", "endedAt", "notBefore")
         SELECT gen_random_uuid(), t.id, 1, CASE WHEN i < 600 THEN (ARRAY['FAILED','TIMED_OUT','LOST'])[1 + i % 3] ELSE 'QUEUED' END,
                'local', 'overview-none', '{}', '{}'::jsonb,
                (now() AT TIME ZONE 'UTC') - make_interval(mins => (i * 2) % 1200),
                CASE WHEN i < 600 THEN (now() AT TIME ZONE 'UTC') - make_interval(mins => (i * 2) % 1200) END,
                CASE WHEN i < 600 THEN (now() AT TIME ZONE 'UTC') - make_interval(mins => (i * 2) % 1200) END,
                (now() AT TIME ZONE 'UTC') + interval '1 day'
         FROM generate_series(0, 629) i, task_definitions t WHERE t.name = 'console-job'`,
      );
      await page.goto(`${base}/`);
      await page.getByRole("img", { name: "Runs per hour, last 24 hours" }).waitFor();
      const failedSql = () =>
        sqlCount(
          `status IN ('FAILED', 'TIMED_OUT', 'LOST', 'EXPIRED') AND "endedAt" >= (now() AT TIME ZONE 'UTC') - interval '24 hours'`,
        );
      expect(await failedSql()).toBeGreaterThan(600);
      await cardMatchesSql("failed in the last 24 h", failedSql);
      await cardMatchesSql("queued", () => sqlCount(`status = 'QUEUED'`));
      await cardMatchesSql("running now", () => sqlCount(`status = 'RUNNING'`));
      expect(await page.getByRole("heading", { name: /Runs per hour/ }).textContent()).toContain(
        "from the server's counts",
      );
      // The chart's bars add up to every run queued in the window (well over 500).
      const bars = await page.locator("svg.chart rect title").allTextContents();
      const charted = bars.reduce((a, t) => a + Number(/: (\d+) /.exec(t)?.[1] ?? 0), 0);
      expect(charted).toBeGreaterThan(600);
      // Without BATON_GRAFANA_URL, no Grafana link.
      expect(await page.getByRole("link", { name: "Open in Grafana" }).count()).toBe(0);
      await shot("32-overview-server-counts");

      // A console with BATON_GRAFANA_URL: every panel links to the dashboard's matching panel.
      const dashboard = JSON.parse(readFileSync(join(repoRoot, "deploy", "grafana", "baton.json"), "utf8")) as {
        panels: { id: number; title: string }[];
      };
      const grafanaBase = "http://127.0.0.1:3001/d/baton-overview?orgId=1";
      const port = await freePort();
      const withGrafana = startNodeChild(
        "console-grafana",
        webServer,
        {
          ...process.env,
          BATON_GRAPHQL_URL: env.api[0]!.url,
          BATON_GRAFANA_URL: grafanaBase,
          PORT: String(port),
          NEXT_TELEMETRY_DISABLED: "1",
        },
        join(repoRoot, "test-output", "console-web-grafana.log"),
      );
      const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        const url = (await waitForLine(withGrafana, /ready: (http\S+)/, 30_000)).split("ready: ")[1]!.trim();
        await other.goto(`${url}/`);
        await other.getByRole("img", { name: "Runs per hour, last 24 hours" }).waitFor();
        const links = other.getByRole("link", { name: "Open in Grafana" });
        // The four cards, the chart, the runners and what runs now.
        await expect.poll(() => links.count(), WAIT).toBe(7);
        for (const link of await links.all()) {
          const href = new URL((await link.getAttribute("href")) ?? "");
          expect(`${href.origin}${href.pathname}`).toBe("http://127.0.0.1:3001/d/baton-overview");
          expect(href.searchParams.get("orgId")).toBe("1");
          expect(href.searchParams.get("from")).toBe("now-24h");
          expect(href.searchParams.get("to")).toBe("now");
          const panel = dashboard.panels.find((p) => String(p.id) === href.searchParams.get("viewPanel"));
          expect(panel?.title, `panel ${href.searchParams.get("viewPanel")} of baton.json`).toBe(
            await link.getAttribute("data-grafana-title"),
          );
        }
        const failedLink = card(other, "failed in the last 24 h").getByRole("link", { name: "Open in Grafana" });
        expect(await failedLink.getAttribute("data-grafana-title")).toBe("Failure rate by task");
        const runsLink = other.getByRole("heading", { name: /Runs per hour/ }).getByRole("link");
        expect(await runsLink.getAttribute("data-grafana-title")).toBe("Runs ended per second, by status");
        // The counts are the same as without Grafana.
        expect(await card(other, "failed in the last 24 h").locator(".value").textContent()).toBe(
          String(await failedSql()),
        );
        await other.screenshot({ path: join(shots, "33-overview-grafana-links.png"), fullPage: true });
      } finally {
        await other.close();
        await withGrafana.stop(5000);
      }
    });
  });
});

describe("console defects a new user hit (issue 16)", () => {
  const WAIT = { timeout: 20_000 };
  type NodeState = { node: { id: string }; status: string | null };
  const holdGate = () => join(env.dir, "hold.go");

  beforeAll(async () => {
    const api = env.api[0]!;
    // Runs until the gate file exists (each attempt waits on the same file).
    const hold = env.script(
      "hold.mjs",
      `console.log("holding " + process.argv.slice(2).join(" | "));
${untilFile(holdGate())}
console.log("released");
`,
    );
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "console-hold", version: "1.0.0", uri: hold },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: "console-hold", app: "console-hold", properties: { env: { REGION: "eu", DB_PASSWORD: "hunter2" } } },
    });
    await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { version } }`, {
      i: { name: "console-hold-dag", definition: "first: console-hold && second: console-hold" },
    });
  });

  it("hydrates a DAG run page with a running node without error, and draws graph and timeline readably", async () => {
    const api = env.api[0]!;
    const { launchDag } = await api.ok<{ launchDag: { id: string } }>(
      `mutation { launchDag(input: { name: "console-hold-dag", arguments: ["two words"] }) { id } }`,
    );
    const runId = launchDag.id;
    const nodes = async () =>
      (
        await api.ok<{ dagRun: { nodes: NodeState[] } }>(
          `query($id: ID!) { dagRun(id: $id) { nodes { node { id } status } } }`,
          { id: runId },
        )
      ).dagRun.nodes;
    await expect.poll(async () => (await nodes()).find((n) => n.node.id === "first")?.status, WAIT).toBe("RUNNING");

    // React reports a hydration mismatch (#418) as an uncaught error or a console error.
    const errors: string[] = [];
    const onError = (err: Error) => errors.push(err.message);
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === "error") errors.push(m.text());
    };
    page.on("pageerror", onError);
    page.on("console", onConsole);
    // A slow network (Chrome's own emulation): the page hydrates seconds after the server rendered it,
    // so a running node's duration computed from each side's clock would differ.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 1200,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    try {
      await page.goto(`${base}/dag-runs/${runId}`);
      const graph = page.getByTestId("dag-graph");
      const node = page.getByTestId("dag-node-first");
      await expect.poll(() => node.getAttribute("data-status"), WAIT).toBe("RUNNING");
      // Hydrated: the zoom buttons (client code) move the view.
      const viewport = graph.locator(".react-flow__viewport");
      const before = await viewport.getAttribute("style");
      await page.getByRole("button", { name: "Zoom in" }).click();
      await expect.poll(() => viewport.getAttribute("style")).not.toBe(before);
      expect(errors.filter((e) => /418|hydrat/i.test(e))).toEqual([]);
    } finally {
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();
      page.off("pageerror", onError);
      page.off("console", onConsole);
    }

    // The zoom controls sit above the canvas, not on it; a node's label is in the middle of its box.
    const toolbar = (await page.getByRole("toolbar", { name: "Graph view" }).boundingBox())!;
    const canvas = (await page.getByTestId("dag-graph").boundingBox())!;
    expect(toolbar.y + toolbar.height).toBeLessThanOrEqual(canvas.y);
    await page.getByRole("button", { name: "Fit the graph" }).click();
    const box = (await page.getByTestId("dag-node-first").boundingBox())!;
    const title = (await page.getByTestId("dag-node-first").locator(".title").boundingBox())!;
    const content = (await page.getByTestId("dag-node-first").locator(".muted").boundingBox())!;
    const middle = (title.y + content.y + content.height) / 2;
    expect(Math.abs(middle - (box.y + box.height / 2))).toBeLessThanOrEqual(3);
    // The timeline's labels are read at the page's size (they were ~8 px), and the arguments quoted.
    const label = page.getByTestId("gantt").locator('[data-gantt-node="first"] .gantt-label');
    const fontSize = await label.evaluate(
      (el) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize,
    );
    expect(Number.parseFloat(fontSize)).toBeGreaterThanOrEqual(12);
    expect((await label.boundingBox())!.height).toBeGreaterThanOrEqual(12);
    expect(await page.locator("p.muted").filter({ hasText: "arguments" }).textContent()).toContain("'two words'");
    await shot("40-dag-run-running");

    // Cancelled (after a confirmation): the node says CANCELLED, not FAILED.
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole("button", { name: "Cancel run" }).click();
    await expect.poll(() => page.getByTestId("dag-run-status").textContent(), WAIT).toBe("CANCELLED");
    expect(asked).toEqual([expect.stringContaining("Cancel this run of console-hold-dag?")]);
    const row = page.getByTestId("dag-nodes").locator('[data-node="first"]');
    await expect.poll(() => row.locator(".badge").textContent(), WAIT).toBe("CANCELLED");
    await expect.poll(() => row.getByTestId("exit-status").textContent(), WAIT).toBe("CANCELLED");

    // Restarted, the node's first attempt stays on the timeline beside the second.
    writeFileSync(holdGate(), "go");
    await page.getByRole("button", { name: "Restart failed nodes" }).click();
    await expect.poll(() => page.getByTestId("dag-run-status").textContent(), WAIT).toBe("COMPLETED");
    const bars = page.getByTestId("gantt").locator('[data-gantt-node="first"] .gantt-bar');
    await expect.poll(() => bars.count(), WAIT).toBe(2);
    expect(await bars.nth(0).getAttribute("data-status")).toBe("CANCELLED");
    expect(await bars.nth(1).getAttribute("data-status")).toBe("COMPLETED");
    expect(await page.getByTestId("unavailable-actions").textContent()).toMatch(/no failed node/);
    // The graph still shows both nodes and the edge between them after those changes of status.
    const graph = page.getByTestId("dag-graph");
    expect(await graph.getByTestId("dag-node-first").isVisible()).toBe(true);
    expect(await graph.getByTestId("dag-node-second").isVisible()).toBe(true);
    await expect.poll(() => graph.locator(".react-flow__edge-path").count()).toBe(1);
    await shot("41-dag-run-restarted-attempts");

    // A node opens its execution.
    await page.getByTestId("dag-node-second").getByRole("link", { name: "second" }).click();
    await page.waitForURL(/\/executions\/[0-9a-f-]+$/);
    await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("COMPLETED");

    // The DAG's own page draws its graph once; the editor (and its preview) opens on demand.
    await page.goto(`${base}/dags/console-hold-dag`);
    await page.getByTestId("dag-node-first").waitFor();
    expect(await page.getByTestId("dag-graph").count()).toBe(1);
    await page.getByRole("button", { name: "Edit this DAG" }).click();
    await expect.poll(() => page.getByTestId("dag-graph").count()).toBe(2);
  });

  it("offers on an execution only what its state allows, quotes its arguments, shows what it was given and relaunches it", async () => {
    const api = env.api[0]!;
    writeFileSync(holdGate(), "go");
    const { launchTask } = await api.ok<{ launchTask: { id: string } }>(
      `mutation { launchTask(input: { task: "console-hold", arguments: ["two words", "x"], properties: { env: { API_TOKEN: "t0k3n" } } }) { id } }`,
    );
    await page.goto(`${base}/executions/${launchTask.id}`);
    await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("COMPLETED");
    expect(await page.getByTestId("arguments").textContent()).toBe("'two words' x");
    // Restart is not offered on a COMPLETED run, and the page says why.
    const restart = page.getByRole("button", { name: "Restart" });
    expect(await restart.isDisabled()).toBe(true);
    expect(await page.getByTestId("unavailable-actions").textContent()).toMatch(/COMPLETED.*Relaunch/);
    expect(await page.getByRole("button", { name: "Cancel" }).isDisabled()).toBe(true);

    // What it was given: the program, its environment with credentials masked.
    const spec = page.getByTestId("run-spec");
    expect(await spec.textContent()).toContain("hold.mjs");
    const envTable = page.getByTestId("run-environment");
    expect(await envTable.locator('[data-env="REGION"]').textContent()).toContain("eu");
    expect(await envTable.locator('[data-env="DB_PASSWORD"]').textContent()).toContain("***");
    expect(await envTable.locator('[data-env="API_TOKEN"]').textContent()).toContain("***");
    const html = await page.content();
    expect(html).not.toContain("hunter2");
    expect(html).not.toContain("t0k3n");
    await shot("42-execution-actions-and-spec");

    // Relaunch: the same arguments, editable, and the launch's properties (masked here, kept by the API).
    await page.getByRole("button", { name: "Relaunch with these arguments and properties" }).click();
    const form = page.getByRole("form", { name: "Relaunch" });
    expect(await form.getByLabel("Arguments").inputValue()).toBe("'two words' x");
    expect(JSON.parse((await form.getByTestId("launch-properties").textContent())!)).toEqual({
      env: { API_TOKEN: "***" },
    });
    await form.getByLabel(/^Change properties/).fill('{ "env": { "REGION": "us" } }');
    await form.getByRole("button", { name: "Relaunch" }).click();
    await page.waitForURL((u) => /\/executions\/[0-9a-f-]+$/.test(u.pathname) && !u.pathname.endsWith(launchTask.id));
    await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("COMPLETED");
    expect(await page.getByTestId("arguments").textContent()).toBe("'two words' x");
    // The token came along (masked), the change laid over the task's REGION, and the origin says whence.
    const relaunched = page.getByTestId("run-environment");
    expect(await relaunched.locator('[data-env="API_TOKEN"]').textContent()).toContain("***");
    expect(await relaunched.locator('[data-env="REGION"]').textContent()).toContain("us");
    await page.getByText(`Relaunch of ${launchTask.id.slice(0, 8)}`).waitFor();
    expect(await page.content()).not.toContain("t0k3n");
  });

  it("upgrades with force from the form, clears a stale error after another action succeeds, compares the two latest", async () => {
    await page.goto(`${base}/tasks/console-hold`);
    const upgrade = page.getByRole("form", { name: "Upgrade" });
    // Nothing changes: the error says how to force it, and the form has the box it names.
    await upgrade.getByRole("button", { name: "Upgrade" }).click();
    await expect.poll(() => upgrade.getByRole("alert").textContent()).toMatch(/changes nothing.*tick "force"/);
    await upgrade.getByLabel(/force/).check();
    await upgrade.getByRole("button", { name: "Upgrade" }).click();
    await expect.poll(() => upgrade.getByRole("status").textContent()).toBe("Revision 2 is DEPLOYED.");
    expect(await upgrade.getByRole("alert").count()).toBe(0);

    // An error in one form, then a success in another: the error goes.
    await upgrade.getByLabel(/force/).uncheck();
    await upgrade.getByRole("button", { name: "Upgrade" }).click();
    await expect.poll(() => upgrade.getByRole("alert").count()).toBe(1);
    const rollback = page.getByRole("form", { name: "Roll back" });
    await rollback.getByLabel("Revision to copy").selectOption("1");
    page.once("dialog", (dialog) => void dialog.accept());
    await rollback.getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => rollback.getByRole("status").textContent()).toMatch(/revision 3 is DEPLOYED/);
    await expect.poll(() => upgrade.getByRole("alert").count()).toBe(0);

    // The comparison starts with the two latest revisions, also after a new one appeared.
    const diff = page.getByTestId("release-diff");
    await expect.poll(() => diff.getByLabel("From").inputValue()).toBe("2");
    expect(await diff.getByLabel("To").inputValue()).toBe("3");
    await shot("43-task-force-and-diff");
  });

  it("shows the last runs of a DAG as a grid of nodes by runs, each cell linked to the node's execution", async () => {
    // A run of its own that completes (the gate is open), newest of all: the last column.
    writeFileSync(holdGate(), "go");
    const { launchDag } = await env.api[0]!.ok<{ launchDag: { id: string } }>(
      `mutation { launchDag(input: { name: "console-hold-dag" }) { id } }`,
    );
    await expect
      .poll(
        async () =>
          (
            await env.api[0]!.ok<{ dagRun: { status: string } }>(`query($id: ID!) { dagRun(id: $id) { status } }`, {
              id: launchDag.id,
            })
          ).dagRun.status,
        WAIT,
      )
      .toBe("COMPLETED");
    await page.goto(`${base}/dags/console-hold-dag`);
    await page.getByRole("link", { name: "Grid of the last runs" }).click();
    await page.waitForURL("**/dags/console-hold-dag/grid");
    const grid = page.getByTestId("dag-grid");
    const { dagRuns } = await env.api[0]!.ok<{ dagRuns: { edges: { node: { id: string } }[] } }>(
      `query { dagRuns(dag: "console-hold-dag") { edges { node { id } } } }`,
    );
    expect(await grid.locator("thead th[data-run-id]").count()).toBe(dagRuns.edges.length);
    expect(await grid.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-node")))).toEqual([
      "first",
      "second",
    ]);
    const cell = grid.locator('tr[data-node="first"] a.grid-cell').last();
    expect(await cell.getAttribute("data-status")).toBe("COMPLETED");
    expect(await cell.getAttribute("aria-label")).toMatch(
      /^first in the run of .*: COMPLETED \(exit status COMPLETED\)$/,
    );
    await shot("45-dag-grid");
    await cell.click();
    await page.waitForURL(/\/executions\/[0-9a-f-]+$/);
    await expect.poll(() => page.getByTestId("execution-status").textContent(), WAIT).toBe("COMPLETED");
  });

  it("lists the audit records with filters by actor, action, target and time", async () => {
    // Something to find, whatever ran before: a forced upgrade, then a rollback to revision 1.
    const api = env.api[0]!;
    await api.ok(`mutation { upgradeTask(input: { task: "console-hold", force: true }) { revision } }`);
    await api.ok(`mutation { rollbackTask(input: { task: "console-hold", revision: 1 }) { revision } }`);
    await page.goto(`${base}/audit`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).waitFor();
    const records = page.getByTestId("audit-records");
    await records.locator("tbody tr").first().waitFor();
    const filter = page.getByRole("form", { name: "Filter audit records" });
    await filter.getByLabel("Action").fill("rollbackTask");
    await filter.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL("**/audit?action=rollbackTask");
    await expect
      .poll(async () => [
        ...new Set(
          await records.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action"))),
        ),
      ])
      .toEqual(["rollbackTask"]);
    // As many as the API has, and the target filter keeps those of one task.
    const count = async (filter: Record<string, string>) =>
      (
        await api.ok<{ auditRecords: { edges: unknown[] } }>(
          `query($f: AuditFilterInput) { auditRecords(filter: $f, first: 500) { edges { cursor } } }`,
          { f: filter },
        )
      ).auditRecords.edges.length;
    expect(await records.locator("tbody tr").count()).toBe(await count({ action: "rollbackTask" }));
    await records.getByRole("link", { name: "console-hold" }).first().click();
    await page.waitForURL(/target=console-hold/);
    const mine = await count({ action: "rollbackTask", target: "console-hold" });
    expect(mine).toBeGreaterThan(0);
    await expect.poll(() => records.locator("tbody tr").count()).toBe(mine);
    expect(await records.textContent()).toContain('"revision":1');
    await shot("46-audit-filtered");
    // The actor of a record filters by that actor, the other filters kept.
    const actor = (await records.locator("tbody tr td:nth-child(2)").first().textContent())!;
    await records.getByRole("link", { name: actor }).first().click();
    await page.waitForURL(
      (u) => u.searchParams.get("actor") === actor && u.searchParams.get("action") === "rollbackTask",
    );
    // The browser acts as "console", the test's API client as someone else: count this actor's own.
    const byActor = await count({ action: "rollbackTask", target: "console-hold", actor });
    await expect
      .poll(() => records.locator("tbody tr td:nth-child(2)").allTextContents())
      .toEqual(Array.from({ length: byActor }, () => actor));
    // A time range the wrong way round: the API's sentence, under the form.
    await page.goto(`${base}/audit?since=2026-12-02T00:00:00.000Z&until=2026-12-01T00:00:00.000Z`);
    await expect
      .poll(() => page.getByRole("form", { name: "Filter audit records" }).getByRole("alert").textContent())
      .toContain("since must be before until");
  });

  it("follows the system's dark mode", async () => {
    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    try {
      const d = await dark.newPage();
      await d.goto(`${base}/dags/console-hold-dag`);
      await d.getByTestId("dag-node-first").waitFor();
      const background = (p: Page) =>
        p.evaluate(() => {
          const g = globalThis as unknown as {
            document: { documentElement: unknown };
            getComputedStyle(e: unknown): { backgroundColor: string };
          };
          return g.getComputedStyle(g.document.documentElement).backgroundColor;
        });
      expect(await background(d)).toBe("rgb(15, 19, 27)");
      await d.screenshot({ path: join(shots, "47-dag-dark.png"), fullPage: true });
      await page.goto(`${base}/dags/console-hold-dag`);
      expect(await background(page)).toBe("rgb(246, 247, 249)");
    } finally {
      await dark.close();
    }
  });

  it("says what this installation is made of on the About page", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "About" }).click();
    await page.waitForURL("**/about");
    expect(await page.getByTestId("baton-version").textContent()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await page.getByTestId("database").textContent()).toMatch(/^PostgreSQL \d+/);
    expect(await page.getByTestId("nats").textContent()).toContain("(JetStream on)");
    const planes = page.getByTestId("control-planes").locator("tbody tr");
    expect(await planes.count()).toBe(env.api.length);
    await expect.poll(() => page.getByTestId("control-planes").textContent(), WAIT).toContain("leader");
    const { runners } = await env.api[0]!.ok<{ runners: { id: string; version: string }[] }>(
      `query { runners { id version } }`,
    );
    for (const r of runners)
      expect(await page.getByTestId("about-runners").locator(`[data-runner="${r.id}"]`).textContent()).toContain(
        r.version,
      );
    await shot("49-about");
  });

  it("fits a 390 px wide screen with the whole navigation, and asks for no missing file such as a favicon", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const missing: string[] = [];
    phone.on("response", (res) => {
      if (res.status() === 404) missing.push(res.url());
    });
    try {
      const small = await phone.newPage();
      for (const path of ["/", "/executions", "/tasks/console-hold", "/dags/console-hold-dag", "/runners"]) {
        await small.goto(`${base}${path}`);
        await small.getByRole("navigation", { name: "Main" }).waitFor();
        const width = await small.evaluate(
          () =>
            (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
              .documentElement.scrollWidth,
        );
        expect(width, `page width of ${path}`).toBeLessThanOrEqual(390);
        for (const link of await small.getByRole("navigation", { name: "Main" }).getByRole("link").all()) {
          const b = (await link.boundingBox())!;
          expect(b.x + b.width, `${await link.textContent()} on ${path}`).toBeLessThanOrEqual(390);
        }
      }
      await small.goto(`${base}/`);
      await small.screenshot({ path: join(shots, "44-overview-390px.png"), fullPage: true });
      expect(missing).toEqual([]);
    } finally {
      await phone.close();
    }
  });
  it("shows the GraphQL behind a list, which answers the same rows, and deletes a task and a DAG on a second click", async () => {
    const api = env.api[0]!;
    const uri = env.script("doomed.mjs", `console.log("doomed");\n`);
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "console-doomed", version: "1.0.0", uri },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: "console-doomed", app: "console-doomed" },
    });
    await api.ok(`mutation($i: CreateDagInput!) { createDag(input: $i) { version } }`, {
      i: { name: "console-doomed-dag", definition: "console-doomed" },
    });
    for (let i = 0; i < 2; i++) await api.ok(`mutation { launchTask(input: { task: "console-doomed" }) { id } }`);

    // The list's query, with this page's variables: the API answers the rows the page shows.
    await page.goto(`${base}/executions?task=console-doomed`);
    const rows = page.locator("tbody tr[data-execution-id]");
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-execution-id")));
    await page.getByText("GraphQL of this list").click();
    const text = (await page.getByTestId("graphql-text").textContent())!;
    const [query, variables] = text.split("\n# variables\n");
    expect(JSON.parse(variables!)).toEqual({ task: "console-doomed", first: 25 });
    const answer = await api.ok<{ executions: { edges: { node: { id: string } }[] } }>(
      query!,
      JSON.parse(variables!) as Record<string, unknown>,
    );
    expect(answer.executions.edges.map((e) => e.node.id)).toEqual(shown);
    expect(await page.getByTestId("graphql-curl").textContent()).toMatch(
      /^curl -s http.*graphql -H 'content-type: application\/json' -d '/,
    );

    // Delete, each on a second click; the runs stay as history.
    for (const [path, name, list] of [
      ["/tasks/console-doomed", "console-doomed", "/tasks"],
      ["/dags/console-doomed-dag", "console-doomed-dag", "/dags"],
    ] as const) {
      await page.goto(`${base}${path}`);
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByRole("button", { name: `Really delete ${name}?` }).click();
      await page.waitForURL(`**${list}`);
    }
    const gone = await api.ok<{ task: unknown; dag: unknown; executions: { edges: unknown[] } }>(
      `query { task(name: "console-doomed") { name } dag(name: "console-doomed-dag") { name } executions(task: "console-doomed") { edges { cursor } } }`,
    );
    expect(gone).toMatchObject({ task: null, dag: null });
    expect(gone.executions.edges).toHaveLength(2);
  });

  it("drills into a step: counters, exit description, duration against its history, progress while running, and the checkpoint a restart resumes", async () => {
    const api = env.api[0]!;
    const stepsGate = join(env.dir, "steps.go");
    const job = env.script(
      "steps.mjs",
      `const say = (o) => console.log("::baton::" + JSON.stringify({ v: 1, ...o }));
say({ type: "step", step: "extract", status: "COMPLETED", read: 100, write: 100 });
if (process.argv[2] === "ok") {
  say({ type: "step", step: "load", status: "COMPLETED", read: 200, write: 200, message: "all rows loaded" });
  process.exit(0);
}
say({ type: "step", step: "load", status: "STARTED", read: 50, write: 40 });
say({ type: "checkpoint", step: "load", state: { offset: 42, dbPassword: "hunter2" } });
${untilFile(stepsGate)}
say({ type: "step", step: "load", status: "FAILED", read: 50, write: 40, message: "target table locked" });
process.exit(1);
`,
    );
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "console-steps", version: "1.0.0", uri: job },
    });
    await api.ok(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: "console-steps", app: "console-steps" },
    });
    const launch = async (args: string[]) =>
      (
        await api.ok<{ launchTask: { id: string } }>(
          `mutation($a: [String!]) { launchTask(input: { task: "console-steps", arguments: $a }) { id } }`,
          { a: args },
        )
      ).launchTask.id;
    const status = async (id: string) =>
      (await api.ok<{ execution: { status: string } }>(`query($id: ID!) { execution(id: $id) { status } }`, { id }))
        .execution.status;
    // History: one finished run that read 200.
    const done = await launch(["ok"]);
    await expect.poll(() => status(done), WAIT).toBe("COMPLETED");
    const held = await launch([]);
    await expect.poll(() => status(held), WAIT).toBe("RUNNING");

    // While it runs: the execution page links the step; its page estimates progress from the history.
    await page.goto(`${base}/executions/${held}`);
    await expect
      .poll(() => page.locator('[data-step="load"] [data-counter="readCount"]').textContent(), WAIT)
      .toBe("50");
    await page.locator('[data-step="load"]').getByRole("link", { name: "load" }).click();
    await page.waitForURL(`**/executions/${held}/steps/load`);
    expect(await page.getByTestId("step-progress").textContent()).toBe("about 25 % (50 read of 200 on average)");
    expect(await page.getByTestId("step-duration").textContent()).toMatch(/ · mean of the last 1 run: \d+ (ms|s)$/);
    expect(await page.getByTestId("step-counters").locator('[data-counter="writeCount"] .num').textContent()).toBe(
      "40",
    );
    expect(await page.getByTestId("step-restart").textContent()).toContain('"offset": 42');
    await shot("50-step-running");

    // Failed: its exit description, its duration against the finished run's, and what a restart gets (masked here).
    writeFileSync(stepsGate, "go");
    await expect.poll(() => status(held), WAIT).toBe("FAILED");
    await page.reload();
    expect(await page.getByTestId("step-exit").textContent()).toBe("target table locked");
    expect(await page.getByTestId("step-duration").textContent()).toMatch(
      /mean of the last \d+ runs?: .*this one [\d.]+×/,
    );
    const checkpoint = JSON.parse((await page.getByTestId("step-checkpoint").textContent())!);
    expect(checkpoint).toEqual({ offset: 42, dbPassword: "***" });
    await page.goto(`${base}/executions/${held}/steps/extract`);
    expect(await page.getByTestId("step-restart").textContent()).toContain(
      "This step completed: a restart of this run skips it.",
    );
    await shot("51-step-completed-skipped-on-restart");
  });
});

describe("console lists, search, bulk actions, task grid and registry warnings (issue 16)", () => {
  const WAIT = { timeout: 20_000 };
  type Rows = { executions: { edges: { node: { id: string; status: string; arguments: string[] } }[] } };
  const runsOf = async (task: string) =>
    (
      await env.api[0]!.ok<Rows>(
        `query($t: String) { executions(task: $t, first: 50) { edges { node { id status arguments } } } }`,
        { t: task },
      )
    ).executions.edges.map((e) => e.node);

  it("warns about a missing program, a version that is not semver and an image no runner can run, and shows which tasks use each version", async () => {
    const api = env.api[0]!;
    const ok = env.script("warn-ok.mjs", `console.log("ok");\n`);
    const register = (version: string, uri: string) =>
      api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
        i: { name: "console-warn", version, uri },
      });
    await register("1.0.0", ok);
    await register("nightly", "file:///nowhere/baton/missing-job.mjs");
    await register("2.0.0", "docker:example.org/batch/export:2");
    await api.ok(
      `mutation { createTask(input: { name: "console-warn", app: "console-warn", version: "1.0.0" }) { name } }`,
    );
    await api.ok(`mutation { upgradeTask(input: { task: "console-warn", version: "nightly" }) { revision } }`);

    await page.goto(`${base}/apps?q=console-warn`);
    const app = page.getByTestId("app-console-warn");
    await app.waitFor();
    const row = (version: string) => app.locator(`tr[data-version="${version}"]`);
    // The good version: no warning; the file that is not there: where it was looked for.
    expect(await row("1.0.0").locator("[data-warning]").count()).toBe(0);
    const missing = (await row("nightly").locator('[data-warning="MISSING_FILE"]').textContent())!;
    expect(missing).toContain("/nowhere/baton/missing-job.mjs");
    expect(missing).toMatch(/on host \S+/);
    expect(await row("nightly").locator('[data-warning="NOT_SEMVER"]').textContent()).toMatch(/not a semantic version/);
    expect(await row("2.0.0").locator('[data-warning="NO_RUNNER"]').textContent()).toMatch(
      /No live runner can run the image example\.org\/batch\/export:2.*1 local/,
    );
    // Which tasks use each version: revision 1 used 1.0.0, the current revision 2 uses nightly.
    expect(await app.getByTestId("used-by-1.0.0").textContent()).toBe("console-warn earlier, revision 1");
    expect(await app.getByTestId("used-by-nightly").textContent()).toBe("console-warn current, revision 2");
    expect(await app.getByTestId("used-by-2.0.0").textContent()).toBe("no task");
    await shot("60-registry-warnings");

    // Unregister asks first: dismissed, the version stays; accepted, it goes.
    const answers = [false, true];
    const asked: string[] = [];
    const onDialog = (dialog: import("playwright-core").Dialog) => {
      asked.push(dialog.message());
      void (answers.shift() ? dialog.accept() : dialog.dismiss());
    };
    page.on("dialog", onDialog);
    try {
      const unregister = row("2.0.0").getByRole("button", { name: "Unregister" });
      await unregister.click();
      expect(asked).toEqual(["Unregister console-warn 2.0.0?"]);
      expect(await row("2.0.0").count()).toBe(1);
      await unregister.click();
      await expect.poll(() => row("2.0.0").count(), WAIT).toBe(0);
      expect(asked).toHaveLength(2);
    } finally {
      page.off("dialog", onDialog);
    }
  });

  it("pages and filters the named lists, shows their GraphQL, and searches names and ids from the navigation", async () => {
    const api = env.api[0]!;
    const ok = env.script("paged.mjs", `console.log("paged");\n`);
    await api.ok(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
      i: { name: "console-paged", version: "1.0.0", uri: ok },
    });
    for (const name of ["console-paged-c", "console-paged-a", "console-paged-b"]) {
      await api.ok(`mutation($n: String!) { createTask(input: { name: $n, app: "console-paged" }) { name } }`, {
        n: name,
      });
    }

    // The filter form, then two pages of two.
    await page.goto(`${base}/tasks?size=2`);
    const filter = page.getByRole("form", { name: "Filter tasks" });
    await filter.getByLabel("Name contains").fill("CONSOLE-PAGED");
    await filter.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/q=CONSOLE-PAGED/);
    expect(await page.locator("tbody tr td:first-child a").allTextContents()).toEqual([
      "console-paged-a",
      "console-paged-b",
    ]);
    await page.getByText("GraphQL of this list").click();
    const [query, variables] = (await page.getByTestId("graphql-text").textContent())!.split("\n# variables\n");
    expect(JSON.parse(variables!)).toEqual({ first: 3, search: "CONSOLE-PAGED" });
    const answer = await api.ok<{ tasks: { name: string }[] }>(
      query!,
      JSON.parse(variables!) as Record<string, unknown>,
    );
    expect(answer.tasks.map((t) => t.name)).toEqual(["console-paged-a", "console-paged-b", "console-paged-c"]);
    await shot("61-tasks-filtered-paged");
    // The DAG runs list shows its query too, and the API answers the rows it shows.
    await api.ok(
      `mutation { createDag(input: { name: "console-paged-dag", definition: "console-paged-a" }) { version } }`,
    );
    await api.ok(`mutation { launchDag(input: { name: "console-paged-dag" }) { id } }`);
    await page.goto(`${base}/dag-runs`);
    const shownRuns = await page
      .locator("tbody tr[data-run-id]")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-run-id")));
    expect(shownRuns.length).toBeGreaterThan(0);
    await page.getByText("GraphQL of this list").click();
    const [runsQuery, runsVariables] = (await page.getByTestId("graphql-text").textContent())!.split("\n# variables\n");
    expect(JSON.parse(runsVariables!)).toEqual({ first: 25 });
    const runsAnswer = await api.ok<{ dagRuns: { edges: { node: { id: string } }[] } }>(
      runsQuery!,
      JSON.parse(runsVariables!) as Record<string, unknown>,
    );
    expect(runsAnswer.dagRuns.edges.map((e) => e.node.id)).toEqual(shownRuns);
    await page.goto(`${base}/tasks?size=2&q=CONSOLE-PAGED`);
    await page.getByRole("link", { name: "Next →" }).click();
    await page.waitForURL(/after=console-paged-b/);
    expect(await page.locator("tbody tr td:first-child a").allTextContents()).toEqual(["console-paged-c"]);
    expect(await page.getByRole("link", { name: "Next →" }).count()).toBe(0);
    await page.getByRole("link", { name: "← First page" }).click();
    await page.waitForURL((u) => !u.search.includes("after="));
    // A filter that matches nothing says so.
    await page.goto(`${base}/dags?q=no-such-dag`);
    await page.getByText("No name contains “no-such-dag”").waitFor();

    // Search from the navigation: names of every kind, and an execution by its id.
    const { launchTask } = await api.ok<{ launchTask: { id: string } }>(
      `mutation { launchTask(input: { task: "console-paged-a" }) { id } }`,
    );
    await page.goto(`${base}/`);
    const box = page.getByRole("form", { name: "Search" }).getByLabel("Search names and ids");
    await box.fill("console-paged");
    await box.press("Enter");
    await page.waitForURL(/\/search\?q=console-paged/);
    expect(await page.getByTestId("hits-tasks").locator("li > a").allTextContents()).toEqual([
      "console-paged-a",
      "console-paged-b",
      "console-paged-c",
    ]);
    expect(await page.getByTestId("hits-apps").locator("li > a").allTextContents()).toEqual(["console-paged"]);
    await shot("62-search");
    await page.goto(`${base}/search?q=${launchTask.id}`);
    await page
      .getByTestId("hits-executions")
      .getByRole("link", { name: new RegExp(launchTask.id) })
      .click();
    await page.waitForURL(`**/executions/${launchTask.id}`);
    await page.goto(`${base}/search?q=zz-nothing-by-this-name`);
    await page.getByText("Nothing matches").waitFor();
  });

  it("finds executions by their arguments and exit message, from the search box and the executions filter", async () => {
    const api = env.api[0]!;
    const job = env.script("dated.mjs", `console.log("settling " + process.argv.slice(2).join(" "));\n`);
    await defineTask(api, "console-dated", job);
    const ids: Record<string, string> = {};
    for (const args of [["--date=2024-01-31", "two words"], ["--date=2024-01-30"]]) {
      const { launchTask } = await api.ok<{ launchTask: { id: string } }>(
        `mutation($a: [String!]) { launchTask(input: { task: "console-dated", arguments: $a }) { id } }`,
        { a: args },
      );
      ids[args[0]!] = launchTask.id;
    }
    // The search box's page: the one run whose arguments contain the text (any case), shown as a shell would.
    await page.goto(`${base}/search?q=${encodeURIComponent("DATE=2024-01-31")}`);
    const hits = page.getByTestId("hits-executions").locator("li");
    await expect.poll(() => hits.count(), WAIT).toBe(1);
    expect(await hits.first().textContent()).toContain("--date=2024-01-31 'two words'");
    await shot("67-search-executions-by-argument");
    await hits.first().getByRole("link").click();
    await page.waitForURL(`**/executions/${ids["--date=2024-01-31"]}`);

    // The executions list's own filter, kept in the URL with the others.
    await page.goto(`${base}/executions`);
    const filter = page.getByRole("form", { name: "Filter executions" });
    await filter.getByLabel("Task").selectOption("console-dated");
    await filter.getByLabel("Arguments or message contain").fill("01-30");
    await filter.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/search=01-30/);
    expect(page.url()).toContain("task=console-dated");
    const rows = page.locator("tbody tr[data-execution-id]");
    await expect.poll(() => rows.getAttribute("data-execution-id"), WAIT).toBe(ids["--date=2024-01-30"]);
    expect(await rows.count()).toBe(1);
    await expect.poll(() => filter.getByLabel("Arguments or message contain").inputValue()).toBe("01-30");
  });

  it("cancels and relaunches selected executions, leaving those their state does not allow", async () => {
    const api = env.api[0]!;
    const never = join(env.dir, "bulk.never");
    const hang = env.script(
      "bulk-hang.mjs",
      `console.log("hanging " + process.argv.slice(2).join(" "));
${untilFile(never)}
`,
    );
    await defineTask(api, "console-bulk", hang);
    const first = await api.ok<{ launchTask: { id: string } }>(
      `mutation { launchTask(input: { task: "console-bulk", arguments: ["one", "two words"] }) { id } }`,
    );
    await api.ok(`mutation { launchTask(input: { task: "console-bulk", arguments: ["two"] }) { id } }`);
    await expect
      .poll(async () => (await runsOf("console-bulk")).map((r) => r.status), WAIT)
      .toEqual(["RUNNING", "RUNNING"]);
    // One ended first, cancelled from its page (which asks): a selection of it and a running one cancels
    // only the running one.
    await page.goto(`${base}/executions/${first.launchTask.id}`);
    page.once("dialog", (dialog) => {
      expect(dialog.message()).toBe(`Cancel execution ${first.launchTask.id.slice(0, 8)} of console-bulk?`);
      void dialog.accept();
    });
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect
      .poll(async () => (await runsOf("console-bulk")).map((r) => r.status).sort(), WAIT)
      .toEqual(["CANCELLED", "RUNNING"]);

    await page.goto(`${base}/executions?task=console-bulk`);
    const asked: string[] = [];
    page.on("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    const bar = page.getByTestId("bulk-bar");
    await page.getByLabel("Select every execution on this page").check();
    await expect.poll(() => bar.textContent()).toMatch(/2 selected.*Cancel 1.*Relaunch 1/);
    await bar.getByRole("button", { name: "Cancel 1" }).click();
    await expect
      .poll(() => page.getByTestId("bulk-result").textContent(), WAIT)
      .toMatch(/Cancelled 1\..*1 left as they were: .*already ended CANCELLED/);
    expect(asked[0]).toMatch(/^Cancel 1 execution\? \(1 selected cannot be: It already ended CANCELLED/);
    await expect
      .poll(async () => (await runsOf("console-bulk")).map((r) => r.status), WAIT)
      .toEqual(["CANCELLED", "CANCELLED"]);
    await shot("63-bulk-cancel");

    // Both ended now: relaunch both, each with its own arguments.
    await expect
      .poll(() => page.locator('tbody tr[data-execution-id] [data-status="CANCELLED"]').count(), WAIT)
      .toBe(2);
    await page.getByLabel("Select every execution on this page").check();
    await bar.getByRole("button", { name: "Relaunch 2" }).click();
    await expect.poll(() => page.getByTestId("bulk-result").textContent(), WAIT).toMatch(/^Relaunched 2\.$/);
    const runs = await runsOf("console-bulk");
    expect(runs).toHaveLength(4);
    expect(
      runs
        .slice(0, 2)
        .map((r) => r.arguments)
        .sort(),
    ).toEqual([["one", "two words"], ["two"]]);
    for (const r of runs.slice(0, 2))
      await api.ok(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, { id: r.id });
    page.removeAllListeners("dialog");
  });

  it("pages a schedule's fire history and a trigger's events, 50 at a time", async () => {
    const api = env.api[0]!;
    const ok = env.script("pages.mjs", `console.log("pages");\n`);
    await defineTask(api, "console-pages", ok);
    await api.ok(
      `mutation { createSchedule(input: { name: "console-pages", task: "console-pages", cron: "0 3 * * *", enabled: false }) { name } }`,
    );
    await api.ok(
      `mutation { createTrigger(input: { name: "console-pages", task: "console-pages", subject: "console.pages" }) { name } }`,
    );
    // 60 of each, written as the scheduler and the trigger consumer would record them (nothing started).
    await env.sql(
      `INSERT INTO schedule_fires (id, "scheduleId", "scheduledAt", kind, outcome, reason)
       SELECT gen_random_uuid(), s.id, timestamp '2026-10-01 03:00:00' + make_interval(days => i), 'SCHEDULED',
              'SKIPPED', 'fire ' || i
       FROM schedules s, generate_series(1, 60) i WHERE s.name = 'console-pages'`,
    );
    await env.sql(
      `INSERT INTO trigger_events (id, "triggerId", source, "messageId", "receivedAt", outcome, reason)
       SELECT gen_random_uuid(), t.id, 'NATS', 'stream:' || i, timestamp '2026-11-01 10:00:00' + make_interval(secs => i / 2),
              'REJECTED', 'event ' || i
       FROM triggers t, generate_series(1, 60) i WHERE t.name = 'console-pages'`,
    );
    for (const [path, table, word] of [
      ["/schedules/console-pages", "fires", "fire"],
      ["/triggers/console-pages", "events", "event"],
    ] as const) {
      await page.goto(`${base}${path}`);
      const rows = page.getByTestId(table).locator("tbody tr");
      const numbers = async () =>
        (await rows.allTextContents()).map((t) => Number(new RegExp(`${word} (\\d+)`).exec(t)?.[1]));
      await expect.poll(() => rows.count(), WAIT).toBe(50);
      const first = await numbers();
      await page.getByRole("link", { name: "Older →" }).click();
      await page.waitForURL(/before=/);
      await expect.poll(() => rows.count(), WAIT).toBe(10);
      // Every one of the 60 once over the two pages (events tie by twos on receivedAt, one tie across the pages).
      expect(new Set([...first, ...(await numbers())]).size, path).toBe(60);
      await shot(`65-${table}-older-page`);
      expect(await page.getByRole("link", { name: "Older →" }).count()).toBe(0);
      await page.getByRole("link", { name: "← Newest" }).click();
      await expect.poll(() => rows.count(), WAIT).toBe(50);
    }
  });

  it("pages a task's release history and a DAG's versions 20 at a time, and still rolls back to any revision", async () => {
    const api = env.api[0]!;
    await defineTask(api, "console-revisions", env.script("revisions.mjs", `console.log("rev");\n`));
    await api.ok(
      `mutation { createDag(input: { name: "console-versions", definition: "console-revisions" }) { name } }`,
    );
    for (let i = 2; i <= 25; i++) {
      await api.ok(
        `mutation($r: String!) { upgradeTask(input: { task: "console-revisions", force: true, reason: $r }) { revision } }`,
        { r: `change ${i}` },
      );
      await api.ok(
        `mutation($d: String!) { updateDag(input: { name: "console-versions", definition: $d }) { version } }`,
        {
          d: i % 2 === 0 ? "one: console-revisions && two: console-revisions" : "console-revisions",
        },
      );
    }
    for (const [path, table, noun, total] of [
      ["/tasks/console-revisions", page.getByTestId("release-history"), "revisions", 25],
      ["/dags/console-versions", page.locator("#versions table"), "versions", 25],
    ] as const) {
      await page.goto(`${base}${path}`);
      const numbers = async () =>
        (
          await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.querySelector("td")?.textContent))
        ).map(Number);
      await expect.poll(() => table.locator("tbody tr").count(), WAIT).toBe(20);
      expect(await numbers()).toEqual(Array.from({ length: 20 }, (_, i) => total - i));
      await page.getByRole("link", { name: `Older ${noun} →` }).click();
      await page.waitForURL(new RegExp(`[?&]${noun === "revisions" ? "releases" : "versions"}=6`));
      await expect.poll(() => table.locator("tbody tr").count(), WAIT).toBe(5);
      expect(await numbers()).toEqual([5, 4, 3, 2, 1]);
      expect(await page.getByRole("link", { name: `Older ${noun} →` }).count()).toBe(0);
      await shot(`66-${noun}-older-page`);
      if (noun === "revisions") {
        // Rolling back and comparing still reach every revision, not only the ones on this page.
        const options = await page
          .getByRole("form", { name: "Roll back" })
          .getByLabel("Revision to copy")
          .locator("option");
        expect(await options.count()).toBe(24);
      }
      await page.getByRole("link", { name: `← Newest ${noun}` }).click();
      await expect.poll(() => table.locator("tbody tr").count(), WAIT).toBe(20);
    }
  });

  it("shows a task's executions over time as a grid of its steps by runs, each cell linked", async () => {
    const api = env.api[0]!;
    const job = env.script(
      "grid-steps.mjs",
      `const say = (o) => console.log("::baton::" + JSON.stringify({ v: 1, type: "step", ...o }));
say({ step: "extract", status: "COMPLETED", read: 10, write: 10 });
if (process.argv[2] === "ok") { say({ step: "load", status: "COMPLETED", read: 10, write: 10 }); process.exit(0); }
say({ step: "load", status: "FAILED", read: 3, write: 2, message: "boom" });
process.exit(1);
`,
    );
    await defineTask(api, "console-grid", job);
    const ids: string[] = [];
    for (const arg of ["ok", "fail"]) {
      const { launchTask } = await api.ok<{ launchTask: { id: string } }>(
        `mutation($a: [String!]) { launchTask(input: { task: "console-grid", arguments: $a }) { id } }`,
        { a: [arg] },
      );
      ids.push(launchTask.id);
      await expect.poll(async () => (await runsOf("console-grid"))[0]?.status, WAIT).toMatch(/COMPLETED|FAILED/);
    }
    await page.goto(`${base}/tasks/console-grid`);
    await page.getByRole("link", { name: "Grid of the last runs" }).click();
    await page.waitForURL("**/tasks/console-grid/grid");
    const grid = page.getByTestId("task-grid");
    expect(await grid.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-row")))).toEqual([
      "run",
      "step:extract",
      "step:load",
    ]);
    // Oldest left: the ok run, then the failed one.
    const status = (row: string) =>
      grid
        .locator(`tr[data-row="${row}"] .grid-cell`)
        .evaluateAll((cells) => cells.map((c) => c.getAttribute("data-status")));
    expect(await status("run")).toEqual(["COMPLETED", "FAILED"]);
    expect(await status("step:extract")).toEqual(["COMPLETED", "COMPLETED"]);
    expect(await status("step:load")).toEqual(["COMPLETED", "FAILED"]);
    await shot("64-task-grid");
    await grid.locator(`tr[data-row="step:load"] td[data-execution-id="${ids[1]}"] a`).click();
    await page.waitForURL(`**/executions/${ids[1]}/steps/load`);
    await page.getByText("boom").first().waitFor();
  });
});
