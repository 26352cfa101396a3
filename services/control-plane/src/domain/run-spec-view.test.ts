import { describe, expect, it } from "vitest";
import { MASK, runSpecView } from "./run-spec-view.js";

describe("runSpecView", () => {
  it("shows the spec's effective settings and its environment sorted by name", () => {
    const view = runSpecView({
      uri: "file:///opt/jobs/settle.sh",
      arguments: ["--date", "two words"],
      env: { REGION: "eu", BATON_RESUME: '{"restartOf":"x"}' },
      timeoutSeconds: 600,
      graceMs: 2000,
      cpu: 0.5,
      memory: 536870912,
      pullPolicy: "IfNotPresent",
    });
    expect(view).toEqual({
      uri: "file:///opt/jobs/settle.sh",
      arguments: ["--date", "two words"],
      environment: [
        { name: "BATON_RESUME", value: '{"restartOf":"x"}', masked: false, secretReference: null },
        { name: "REGION", value: "eu", masked: false, secretReference: null },
      ],
      timeoutSeconds: 600,
      graceMs: 2000,
      cpu: 0.5,
      memoryBytes: 536870912,
      pullPolicy: "IfNotPresent",
      platformOptions: null,
    });
  });

  it("masks values whose names look like credentials, and shows a secret's reference, never a value", () => {
    const view = runSpecView({
      uri: "docker:acme/job:1",
      arguments: ["--db.password=hunter2", "--date=2026-11-23"],
      env: {
        DB_PASSWORD: "hunter2",
        apiToken: "t0k",
        AWS_SECRET_ACCESS_KEY: "k",
        SIGNING_KEY: "s",
        HOME_DIR: "/h",
        IDEMPOTENCY_KEY: "i",
      },
      secrets: { DB_PASS: "env:BATON_SECRET_DB", CERT: "kubernetes:tls/cert" },
      docker: { network: "host" },
    });
    const byName = Object.fromEntries(view.environment.map((e) => [e.name, e]));
    for (const name of ["DB_PASSWORD", "apiToken", "AWS_SECRET_ACCESS_KEY", "SIGNING_KEY"])
      expect(byName[name]).toEqual({ name, value: MASK, masked: true, secretReference: null });
    expect(byName.HOME_DIR?.value).toBe("/h");
    expect(byName.IDEMPOTENCY_KEY?.value).toBe("i");
    expect(view.arguments).toEqual([`--db.password=${MASK}`, "--date=2026-11-23"]);
    expect(byName.DB_PASS).toEqual({
      name: "DB_PASS",
      value: null,
      masked: true,
      secretReference: "env:BATON_SECRET_DB",
    });
    expect(byName.CERT?.secretReference).toBe("kubernetes:tls/cert");
    expect(JSON.stringify(view)).not.toMatch(/hunter2|t0k/);
    expect(view.platformOptions).toEqual({ network: "host" });
  });

  it("reads an old or partial row without failing", () => {
    expect(runSpecView(null)).toMatchObject({ uri: "", arguments: [], environment: [], graceMs: 5000 });
  });
});
