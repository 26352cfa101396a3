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
  dags: [{ name: "nightly", definition: `nightly-settle && ${"report && ".repeat(10)}report` }],
  schedules: [
    { name: "paused", dag: "nightly", cron: "0 3 * * *", arguments: [], enabled: false },
    {
      name: "every-night",
      task: "nightly-settle",
      cron: "0 2 * * *",
      timezone: "Europe/Paris",
      arguments: ["--fast"],
      overlap: "skip",
      enabled: true,
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
  - name: nightly
    definition: nightly-settle && report && report && report && report && report && report && report && report && report && report && report
schedules:
  - name: every-night
    task: nightly-settle
    cron: 0 2 * * *
    timezone: Europe/Paris
    arguments: [ --fast ]
    overlap: skip
    enabled: true
  - name: paused
    dag: nightly
    cron: 0 3 * * *
    enabled: false
`;

const sorted = (doc: DefinitionsDocument): DefinitionsDocument => ({
  ...doc,
  apps: [...doc.apps].sort((a, b) => a.name.localeCompare(b.name)),
  tasks: [...doc.tasks].sort((a, b) => a.name.localeCompare(b.name)),
  schedules: [...doc.schedules].sort((a, b) => a.name.localeCompare(b.name)),
});

describe("renderDocument", () => {
  it("writes names in order, keys in a fixed order, properties sorted, long lines unfolded", () => {
    expect(renderDocument(DOC)).toBe(RENDERED);
  });

  it("reads back what it wrote, and re-exports byte-identical", () => {
    const parsed = parseDocument(RENDERED);
    expect(parsed).toEqual({ ok: true, doc: sorted(DOC) });
    if (parsed.ok) expect(renderDocument(parsed.doc)).toBe(RENDERED);
  });

  it("does not depend on input order", () => {
    const shuffled: DefinitionsDocument = {
      ...DOC,
      apps: [...DOC.apps].reverse(),
      tasks: [...DOC.tasks].reverse(),
      schedules: [...DOC.schedules].reverse(),
    };
    expect(renderDocument(shuffled)).toBe(RENDERED);
  });

  it("writes an empty document", () => {
    const empty: DefinitionsDocument = { apiVersion: "baton/v1", apps: [], tasks: [], dags: [], schedules: [] };
    expect(renderDocument(empty)).toBe("apiVersion: baton/v1\napps: []\ntasks: []\ndags: []\nschedules: []\n");
  });
});
