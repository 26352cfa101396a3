import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRunnerProgram, parseRunnerAllowlist, runnerRefusal } from "./program-allowlist.js";

describe("RUNNER_ALLOWED_PROGRAMS", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "runner-allow-"));
    mkdirSync(join(dir, "batch"));
    mkdirSync(join(dir, "batch-evil"));
    writeFileSync(join(dir, "batch", "job.mjs"), "");
    writeFileSync(join(dir, "batch-evil", "job.mjs"), "");
    writeFileSync(join(dir, "outside.mjs"), "");
    // A link inside the root that points out of it, and one outside that points in.
    symlinkSync(join(dir, "outside.mjs"), join(dir, "batch", "escape.mjs"));
    symlinkSync(join(dir, "batch"), join(dir, "alias"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = () => ({ RUNNER_ALLOWED_PROGRAMS: `file:${dir}/batch/ docker:ghcr.io/acme/ docker:ubuntu` });
  const allowed = async (uri: string) =>
    (await runnerRefusal(parseRunnerAllowlist(env().RUNNER_ALLOWED_PROGRAMS) ?? [], uri)) === undefined;

  it("unset allows everything", async () => {
    expect(parseRunnerAllowlist(undefined)).toBeUndefined();
    await expect(checkRunnerProgram("file:///bin/sh", {})).resolves.toBeUndefined();
  });

  it("file: programs must really lie under a root, symlinks resolved on both sides", async () => {
    expect(await allowed(`file://${dir}/batch/job.mjs`)).toBe(true);
    expect(await allowed(`file://${dir}/alias/job.mjs`)).toBe(true);
    expect(await allowed(`file://${dir}/batch-evil/job.mjs`)).toBe(false);
    expect(await allowed(`file://${dir}/batch/../outside.mjs`)).toBe(false);
    expect(await allowed(`file://${dir}/batch/escape.mjs`)).toBe(false);
    await expect(checkRunnerProgram(`file://${dir}/batch/escape.mjs`, env())).rejects.toThrow(
      `RUNNER_ALLOWED_PROGRAMS does not allow file://${dir}/batch/escape.mjs on this runner (it resolves to ${dir}/outside.mjs)`,
    );
  });

  it("docker: images are compared on their normalised repository", async () => {
    expect(await allowed("docker:ghcr.io/acme/job:1")).toBe(true);
    expect(await allowed("docker:ghcr.io/acme-evil/job:1")).toBe(false);
    expect(await allowed("docker:ubuntu:22.04")).toBe(true);
    expect(await allowed(`docker:docker.io/library/ubuntu@sha256:${"a".repeat(64)}`)).toBe(true);
    expect(await allowed("docker:debian:12")).toBe(false);
    expect(await allowed("maven://org.acme:job:1")).toBe(false);
  });

  it("a malformed list refuses every run, saying what is wrong", async () => {
    for (const bad of ["/opt/batch", "file:opt/", "docker:ghcr.io/acme/job:1", "docker:registry.example.com"]) {
      expect(() => parseRunnerAllowlist(bad)).toThrow(/RUNNER_ALLOWED_PROGRAMS: /);
    }
    await expect(
      checkRunnerProgram(`file://${dir}/batch/job.mjs`, { RUNNER_ALLOWED_PROGRAMS: "file:opt/" }),
    ).rejects.toThrow(/not an absolute file root/);
  });
});
