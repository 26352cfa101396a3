import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";

const base = { DATABASE_URL: "postgresql://baton@127.0.0.1:5432/baton" };

describe("the observability configuration", () => {
  it("serves /metrics without a token and logs at info by default", () => {
    expect(loadConfig(base).observability).toEqual({ metrics: true, logLevel: "info" });
  });

  it("reads the metrics token from the variable or a file, and the log settings", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-metrics-token-"));
    const file = join(dir, "token");
    writeFileSync(file, "0123456789abcdef-from-a-file\n");
    expect(loadConfig({ ...base, BATON_METRICS_TOKEN_FILE: file }).observability.metricsToken).toBe(
      "0123456789abcdef-from-a-file",
    );
    expect(
      loadConfig({
        ...base,
        BATON_METRICS_TOKEN: "0123456789abcdef",
        BATON_LOG_LEVEL: "debug",
        BATON_LOG_FORMAT: "json",
      }).observability,
    ).toEqual({ metrics: true, metricsToken: "0123456789abcdef", logLevel: "debug", logFormat: "json" });
    expect(loadConfig({ ...base, BATON_METRICS: "false" }).observability.metrics).toBe(false);
  });

  it("refuses a short token, both sources at once, an unreadable file and unknown levels, naming the variable", () => {
    expect(() => loadConfig({ ...base, BATON_METRICS_TOKEN: "short" })).toThrow(
      /BATON_METRICS_TOKEN must be at least 16/,
    );
    expect(() =>
      loadConfig({ ...base, BATON_METRICS_TOKEN: "0123456789abcdef", BATON_METRICS_TOKEN_FILE: "/etc/hostname" }),
    ).toThrow(/BATON_METRICS_TOKEN or BATON_METRICS_TOKEN_FILE, not both/);
    expect(() => loadConfig({ ...base, BATON_METRICS_TOKEN_FILE: "/nonexistent/token" })).toThrow(
      /BATON_METRICS_TOKEN_FILE \/nonexistent\/token cannot be read/,
    );
    expect(() => loadConfig({ ...base, BATON_LOG_LEVEL: "verbose" })).toThrow(/BATON_LOG_LEVEL is one of/);
    expect(() => loadConfig({ ...base, BATON_METRICS: "yes" })).toThrow(/BATON_METRICS is "true"/);
  });
});
