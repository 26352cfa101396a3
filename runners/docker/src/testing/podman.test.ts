import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { conmonWrapper, containersConf, requirePodman } from "./podman.js";

describe("podman test support", () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it("fails (never skips) with the install hint when podman is not installed", () => {
    process.env.PATH = "/nonexistent-baton";
    expect(() => requirePodman()).toThrow("podman is not installed: apt-get install -y podman runc (see .ci/run)");
  });

  it("runs conmon from the bundle folder, with its arguments unchanged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baton-conmon-"));
    try {
      const fake = join(dir, "fake-conmon");
      await writeFile(fake, '#!/bin/sh\npwd\nfor a in "$@"; do echo "[$a]"; done\n', { mode: 0o755 });
      const wrapper = join(dir, "conmon");
      await writeFile(wrapper, conmonWrapper(fake), { mode: 0o755 });
      const out = execFileSync(wrapper, ["--api-version", "1", "-b", dir, "--name", "two words"], { cwd: "/" });
      expect(out.toString()).toBe(`${dir}\n[--api-version]\n[1]\n[-b]\n[${dir}]\n[--name]\n[two words]\n`);
      // No bundle (podman asking conmon's version): runs where it was started.
      expect(execFileSync(wrapper, ["--version"], { cwd: "/" }).toString()).toBe("/\n[--version]\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("configures runc and the wrapper", () => {
    expect(containersConf("/tmp/x/conmon")).toContain('runtime="runc"');
    expect(containersConf("/tmp/x/conmon")).toContain('conmon_path=["/tmp/x/conmon"]');
  });
});
