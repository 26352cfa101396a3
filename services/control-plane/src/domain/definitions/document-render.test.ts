import { describe, expect, it } from "vitest";
import { type DefinitionsDocument, parseDocument, renderDocument } from "./document.js";

const DOC: DefinitionsDocument = {
  apiVersion: "baton/v1",
  apps: [
    { name: "zeta", versions: [] },
    {
      name: "settle",
      defaultVersion: "2.1.0",
      versions: [
        { version: "2.1.0", uri: "docker:registry/settle:2.1.0" },
        { version: "2.0", uri: "file:///opt/jobs/settle.jar" },
      ],
    },
  ],
  tasks: [
    { name: "report", app: "reporting", properties: {}, arguments: [] },
    {
      name: "nightly-settle",
      app: "settle",
      version: "2.1.0",
      properties: { timeoutSeconds: 600, env: { ZONE: "b", REGION: "eu", PORT: "8080" } },
      arguments: ["--mode", "full", "--note=a: b # not a comment"],
    },
  ],
  dags: [
    {
      name: "nightly",
      definition: ["nightly-settle", ...Array.from({ length: 11 }, (_, i) => `report-${i}`)].join(" && "),
      maxParallel: 4,
      maxConcurrent: 8,
      nodeProperties: {
        "report-3": { retry: { maxAttempts: 2 }, priority: 3 },
        "nightly-settle": { timeoutSeconds: 60, env: { REGION: "eu", PORT: "8080" } },
      },
    },
    { name: "month-end", definition: "close-books && <report-eu || report-us>\n\n  && publish \n" },
  ],
  schedules: [
    {
      name: "paused",
      dag: "nightly",
      cron: "0 3 * * *",
      timezone: "UTC",
      arguments: [],
      properties: {},
      overlap: "ALLOW",
      misfire: "RUN_ONCE",
      enabled: false,
    },
    {
      name: "every-night",
      task: "nightly-settle",
      cron: "0 2 * * *",
      timezone: "Europe/Paris",
      arguments: ["--fast"],
      properties: { timeoutSeconds: 60, env: { B: "2", A: "1" } },
      overlap: "SKIP",
      misfire: "RUN_ALL",
      enabled: true,
      startAt: "2026-01-01T00:00:00.000Z",
      endAt: "2027-01-01T00:00:00.000Z",
    },
  ],
  triggers: [
    { name: "webhook", dag: "nightly", arguments: [], properties: {}, enabled: true },
    {
      name: "on-order",
      task: "nightly-settle",
      subject: "orders.created",
      arguments: ["--order={{ .order.id }}", "42"],
      properties: { env: { ORDER: "{{ .order.id }}", PORT: "8080" }, timeoutSeconds: 60 },
      dedupKey: "{{ .order.id }}",
      dedupWindowSeconds: 3600,
      enabled: false,
    },
  ],
};

const RENDERED = `apiVersion: baton/v1
apps:
  - name: settle
    defaultVersion: 2.1.0
    versions:
      - { version: 2.1.0, uri: docker:registry/settle:2.1.0 }
      - { version: "2.0", uri: file:///opt/jobs/settle.jar }
  - name: zeta
    versions: []
tasks:
  - name: nightly-settle
    app: settle
    version: 2.1.0
    properties:
      env:
        PORT: "8080"
        REGION: eu
        ZONE: b
      timeoutSeconds: 600
    arguments: [ --mode, full, "--note=a: b # not a comment" ]
  - name: report
    app: reporting
dags:
  - name: month-end
    definition: |
      close-books && <report-eu || report-us>

        && publish${" "}
  - name: nightly
    definition: nightly-settle && report-0 && report-1 && report-2 && report-3 && report-4 && report-5 && report-6 && report-7 && report-8 && report-9 && report-10
    maxParallel: 4
    maxConcurrent: 8
    nodeProperties:
      nightly-settle: { env: { PORT: "8080", REGION: eu }, timeoutSeconds: 60 }
      report-3: { priority: 3, retry: { maxAttempts: 2 } }
schedules:
  - name: every-night
    task: nightly-settle
    cron: 0 2 * * *
    timezone: Europe/Paris
    arguments: [ --fast ]
    properties:
      env:
        A: "1"
        B: "2"
      timeoutSeconds: 60
    overlap: SKIP
    misfire: RUN_ALL
    enabled: true
    startAt: 2026-01-01T00:00:00.000Z
    endAt: 2027-01-01T00:00:00.000Z
  - name: paused
    dag: nightly
    cron: 0 3 * * *
    timezone: UTC
    overlap: ALLOW
    misfire: RUN_ONCE
    enabled: false
triggers:
  - name: on-order
    task: nightly-settle
    subject: orders.created
    arguments: [ "--order={{ .order.id }}", "42" ]
    properties:
      env:
        ORDER: "{{ .order.id }}"
        PORT: "8080"
      timeoutSeconds: 60
    dedupKey: "{{ .order.id }}"
    dedupWindowSeconds: 3600
    enabled: false
  - name: webhook
    dag: nightly
    enabled: true
`;

const sorted = (doc: DefinitionsDocument): DefinitionsDocument => ({
  ...doc,
  apps: [...doc.apps].sort((a, b) => a.name.localeCompare(b.name)),
  tasks: [...doc.tasks].sort((a, b) => a.name.localeCompare(b.name)),
  dags: [...doc.dags].sort((a, b) => a.name.localeCompare(b.name)),
  schedules: [...doc.schedules].sort((a, b) => a.name.localeCompare(b.name)),
  triggers: [...doc.triggers].sort((a, b) => a.name.localeCompare(b.name)),
});

describe("renderDocument", () => {
  it("writes names in order, keys in a fixed order, properties sorted (a node's on one line), long lines unfolded", () => {
    expect(renderDocument(DOC)).toBe(RENDERED);
  });

  it("reads back what it wrote, and re-exports byte-identical", () => {
    const parsed = parseDocument(RENDERED);
    expect(parsed.ok && parsed.doc).toEqual(sorted(DOC));
    if (parsed.ok) expect(renderDocument(parsed.doc)).toBe(RENDERED);
  });

  it("does not depend on input order", () => {
    const shuffled: DefinitionsDocument = {
      ...DOC,
      apps: [...DOC.apps].reverse(),
      tasks: [...DOC.tasks].reverse(),
      dags: [...DOC.dags].reverse(),
      schedules: [...DOC.schedules].reverse(),
      triggers: [...DOC.triggers].reverse(),
    };
    expect(renderDocument(shuffled)).toBe(RENDERED);
  });

  it("writes an empty document", () => {
    const empty: DefinitionsDocument = {
      apiVersion: "baton/v1",
      apps: [],
      tasks: [],
      dags: [],
      schedules: [],
      triggers: [],
    };
    expect(renderDocument(empty)).toBe(
      "apiVersion: baton/v1\napps: []\ntasks: []\ndags: []\nschedules: []\ntriggers: []\n",
    );
  });
});

describe("renderDocument: a task's retention", () => {
  it("writes the limits a task sets itself on one line, and reads them back the same", () => {
    const doc: DefinitionsDocument = {
      apiVersion: "baton/v1",
      apps: [],
      tasks: [{ name: "settle", app: "settle", properties: {}, arguments: [], retention: { runs: 100, days: 30 } }],
      dags: [],
      schedules: [],
      triggers: [],
    };
    const text = renderDocument(doc);
    expect(text).toContain("retention: { days: 30, runs: 100 }");
    const parsed = parseDocument(text);
    expect(parsed.ok && parsed.doc.tasks[0]?.retention).toEqual({ days: 30, runs: 100 });
  });
});
