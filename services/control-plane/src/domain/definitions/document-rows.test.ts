import { describe, expect, it } from "vitest";
import { checkDag, type DagGraph, withNodeProperties } from "../dag/index.js";
import { parseDocument, renderDocument } from "./document.js";
import {
  type DagColumns,
  dagChange,
  dagEntry,
  type ScheduleColumns,
  sameEntry,
  scheduleEntry,
  type TriggerColumns,
  timingChanged,
  triggerEntry,
} from "./document-rows.js";
import type { DefinitionsDocument } from "./types.js";

const SCHEDULE: ScheduleColumns = {
  name: "nightly",
  taskName: "settle",
  dagName: null,
  cron: "0 2 * * *",
  timezone: "Europe/Paris",
  arguments: ["--full", "3", "a: b"],
  properties: { timeoutSeconds: 60, env: { REGION: "eu", PORT: "8080" } },
  enabled: false,
  startAt: new Date("2026-01-01T00:00:00Z"),
  endAt: null,
  overlap: "QUEUE",
  misfire: "SKIP",
};

const TRIGGER: TriggerColumns = {
  name: "on-order",
  taskName: null,
  dagName: "month-end",
  subject: "orders.created",
  arguments: ["--order={{ .order.id }}", "{{ .n }}"],
  properties: {},
  dedupKey: "{{ .order.id }}",
  dedupWindowSeconds: 600,
  enabled: true,
};

/** A DAG as createDag stores it: its graph, the nodeProperties on its nodes. */
function dagRow(name: string, definition: string, nodeProperties?: unknown): DagColumns {
  const checked = checkDag(definition, new Set(["close", "a", "b", "publish"]));
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  // Through JSON, as the version's graph comes back from its column.
  const graph = JSON.parse(JSON.stringify(withNodeProperties(checked.graph, nodeProperties))) as DagGraph;
  return { name, definition, maxParallel: null, maxConcurrent: null, graph };
}

/** What an export of these rows gives when it is imported again. */
function roundTrip(doc: Partial<DefinitionsDocument>): DefinitionsDocument {
  const full: DefinitionsDocument = {
    apiVersion: "baton/v1",
    apps: [],
    tasks: [],
    dags: [],
    schedules: [],
    triggers: [],
  };
  const parsed = parseDocument(renderDocument({ ...full, ...doc }), { natsPrefix: "baton" });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.doc;
}

describe("stored rows as document entries", () => {
  it("writes a schedule's columns, times in UTC and nulls left out", () => {
    expect(scheduleEntry(SCHEDULE)).toEqual({
      name: "nightly",
      task: "settle",
      cron: "0 2 * * *",
      timezone: "Europe/Paris",
      arguments: ["--full", "3", "a: b"],
      properties: { timeoutSeconds: 60, env: { REGION: "eu", PORT: "8080" } },
      overlap: "QUEUE",
      misfire: "SKIP",
      enabled: false,
      startAt: "2026-01-01T00:00:00.000Z",
    });
  });

  it("never writes a trigger's secret, even when the row has one", () => {
    const entry = triggerEntry({ ...TRIGGER, secret: "s3cr3t" } as TriggerColumns);
    expect(JSON.stringify(entry)).not.toContain("s3cr3t");
    expect(entry).toEqual({
      name: "on-order",
      dag: "month-end",
      subject: "orders.created",
      arguments: ["--order={{ .order.id }}", "{{ .n }}"],
      properties: {},
      dedupKey: "{{ .order.id }}",
      dedupWindowSeconds: 600,
      enabled: true,
    });
  });

  it("reads back, after export, as entries equal to the rows': a re-import changes nothing", () => {
    const schedules = [
      SCHEDULE,
      { ...SCHEDULE, name: "plain", properties: {}, arguments: [], startAt: null, enabled: true },
      { ...SCHEDULE, name: "of-a-dag", taskName: null, dagName: "month-end", properties: {}, cron: "@hourly" },
      { ...SCHEDULE, name: "bounded", endAt: new Date("2027-06-30T12:34:56.789Z"), timezone: "UTC" },
    ].map(scheduleEntry);
    const triggers = [
      TRIGGER,
      { ...TRIGGER, name: "webhook", subject: null, dedupKey: null, dedupWindowSeconds: null, arguments: [] },
      { ...TRIGGER, name: "typed", taskName: "settle", dagName: null, properties: { env: { N: "{{ .n }}" }, cpu: 2 } },
    ].map(triggerEntry);
    const dags = [
      dagEntry({ ...dagRow("month-end", "close && <a || b>\n  && publish\n"), maxParallel: 3 }),
      dagEntry(dagRow("short", "a")),
      dagEntry({
        ...dagRow("limited", "first: a && b && first-again: a", {
          "first-again": { priority: 3 },
          b: { env: { N: "1" } },
        }),
        maxConcurrent: 5,
      }),
    ];
    const back = roundTrip({ schedules, triggers, dags });
    const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(back.schedules).toEqual(byName(schedules));
    expect(back.triggers).toEqual(byName(triggers));
    expect(back.dags).toEqual(byName(dags));
    for (const s of back.schedules) expect(sameEntry(s, schedules.find((x) => x.name === s.name) ?? s)).toBe(true);
  });

  it("writes a DAG's limits when set, and its nodeProperties from its version's graph", () => {
    const props = { a: { retry: { maxAttempts: 2 }, priority: 3 } };
    expect(dagEntry({ ...dagRow("d", "a && b", props), maxParallel: 2, maxConcurrent: 3 })).toEqual({
      name: "d",
      definition: "a && b",
      maxParallel: 2,
      maxConcurrent: 3,
      nodeProperties: props,
    });
    expect(dagEntry(dagRow("d", "a && b"))).toEqual({ name: "d", definition: "a && b" });
    expect(dagEntry({ ...dagRow("d", "a"), graph: null })).toEqual({ name: "d", definition: "a" });
  });

  it("tells what a DAG's import changes: a version for text or nodeProperties, the row for limits", () => {
    const stored = dagEntry({
      ...dagRow("d", "a && b", { a: { priority: 3, env: { X: "1", Y: "2" } } }),
      maxParallel: 2,
    });
    const same = { ...stored, nodeProperties: { a: { env: { Y: "2", X: "1" }, priority: 3 } } };
    expect(dagChange(stored, same)).toBe("unchanged");
    expect(dagChange(stored, { ...stored, maxParallel: 3 })).toBe("limits");
    expect(dagChange(stored, { ...stored, maxConcurrent: 1 })).toBe("limits");
    expect(dagChange(stored, { name: "d", definition: "a && b", maxParallel: 2 })).toBe("version");
    expect(dagChange(stored, { ...stored, nodeProperties: { a: { priority: 4 } } })).toBe("version");
    expect(dagChange(stored, { ...stored, definition: "a && b\n" })).toBe("version");
    expect(dagChange(stored, { ...stored, definition: "a", maxParallel: 9 })).toBe("version");
    const bare = dagEntry(dagRow("d", "a"));
    expect(dagChange(bare, { name: "d", definition: "a", nodeProperties: {} })).toBe("unchanged");
  });

  it("compares entries by value: property key order does not matter, a changed value does", () => {
    const entry = scheduleEntry(SCHEDULE);
    const reordered = scheduleEntry({
      ...SCHEDULE,
      properties: { env: { PORT: "8080", REGION: "eu" }, timeoutSeconds: 60 },
    });
    expect(sameEntry(entry, reordered)).toBe(true);
    expect(sameEntry(entry, scheduleEntry({ ...SCHEDULE, arguments: ["3", "--full", "a: b"] }))).toBe(false);
    expect(sameEntry(entry, scheduleEntry({ ...SCHEDULE, enabled: true }))).toBe(false);
    expect(sameEntry(triggerEntry(TRIGGER), triggerEntry({ ...TRIGGER, dedupWindowSeconds: null }))).toBe(false);
  });

  it("tells when fire times change: cron, time zone or bounds, not arguments or policies", () => {
    const entry = scheduleEntry(SCHEDULE);
    expect(timingChanged(entry, scheduleEntry({ ...SCHEDULE, arguments: [], overlap: "ALLOW", enabled: true }))).toBe(
      false,
    );
    expect(timingChanged(entry, scheduleEntry({ ...SCHEDULE, cron: "0 3 * * *" }))).toBe(true);
    expect(timingChanged(entry, scheduleEntry({ ...SCHEDULE, timezone: "UTC" }))).toBe(true);
    expect(timingChanged(entry, scheduleEntry({ ...SCHEDULE, startAt: null }))).toBe(true);
    expect(timingChanged(entry, scheduleEntry({ ...SCHEDULE, endAt: new Date("2030-01-01T00:00:00Z") }))).toBe(true);
  });
});
