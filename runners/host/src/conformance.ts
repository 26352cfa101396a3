import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Driver, RunIo, RunSpec } from "@baton/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The behaviour every runner driver must have, run against the real driver
 * from one test file per driver (`defineRunnerConformance("local", () =>
 * createLocalProcessDriver())`). Test support only: not exported from the
 * package's runtime entry, so vitest never reaches the runner process.
 */
export function defineRunnerConformance(name: string, createDriver: () => Driver): void {
  describe(`runner conformance: ${name}`, () => {
    let dir = "";
    const driver = createDriver();
    const script = async (file: string, text: string): Promise<string> => {
      await writeFile(join(dir, file), text, { mode: 0o755 });
      return pathToFileURL(join(dir, file)).href;
    };
    const spec = (uri: string, args: string[] = [], env: Record<string, string> = {}): RunSpec => ({
      uri,
      arguments: args,
      env,
      graceMs: 5000,
    });

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "baton-conformance-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("reports exit code 0 and a non-zero exit code", async () => {
      const ok = await script("ok.mjs", "process.exit(0);\n");
      const bad = await script("bad.sh", "#!/bin/sh\nexit 3\n");
      expect(await (await driver.start("c-ok", spec(ok), collect().io)).exited).toEqual({ exitCode: 0, signal: null });
      expect((await (await driver.start("c-bad", spec(bad), collect().io)).exited).exitCode).toBe(3);
    });

    it("delivers all of stdout and stderr, in order, before exited resolves", async () => {
      const uri = await script(
        "lines.mjs",
        "for (let i = 0; i < 2000; i++) { process.stdout.write('out ' + i + '\\n'); process.stderr.write('err ' + i + '\\n'); }\n",
      );
      const out = collect();
      await (await driver.start("c-lines", spec(uri), out.io)).exited;
      const expected = (prefix: string): string[] => Array.from({ length: 2000 }, (_, i) => `${prefix} ${i}`);
      expect(out.lines("stdout")).toEqual(expected("out"));
      expect(out.lines("stderr")).toEqual(expected("err"));
    });

    it("passes arguments unchanged, one argv element each, never through a shell", async () => {
      const uri = await script("args.mjs", "console.log(JSON.stringify(process.argv.slice(2)));\n");
      const args = ["two words", `"quoted" 'single'`, "; rm -rf /", "$(id)", "`id`", "a\\b", "*", ""];
      const out = collect();
      await (await driver.start("c-args", spec(uri, args), out.io)).exited;
      expect(JSON.parse(out.text("stdout"))).toEqual(args);
    });

    it("gives the task its env and BATON_EXECUTION_ID", async () => {
      const uri = await script(
        "env.mjs",
        "const { GREETING, BATON_EXECUTION_ID } = process.env; console.log(JSON.stringify({ GREETING, BATON_EXECUTION_ID }));\n",
      );
      const out = collect();
      await (await driver.start("c-env", spec(uri, [], { GREETING: "hello $USER; x" }), out.io)).exited;
      expect(JSON.parse(out.text("stdout"))).toEqual({ GREETING: "hello $USER; x", BATON_EXECUTION_ID: "c-env" });
    });

    it("cancel kills the whole process group, hard after graceMs when SIGTERM is ignored", async () => {
      const grandchild = `process.on("SIGTERM", () => {}); console.log("grandchild " + process.pid); setInterval(() => {}, 1000);`;
      const uri = await script(
        "tree.mjs",
        `import { spawn } from "node:child_process";\n` +
          `spawn(process.execPath, ["-e", ${JSON.stringify(grandchild)}], { stdio: "inherit" });\n` +
          `process.on("SIGTERM", () => {});\nsetInterval(() => {}, 1000);\n`,
      );
      const out = collect();
      const run = await driver.start("c-cancel", spec(uri), out.io);
      const pid = await waitFor(() => Number(/grandchild (\d+)/.exec(out.text("stdout"))?.[1]) || undefined);
      expect(isGone(pid)).toBe(false);
      await driver.cancel(run.handle, { graceMs: 300 });
      const exit = await run.exited;
      // Platforms report a kill differently (signal, or 128+n); never as success.
      expect(exit.exitCode).not.toBe(0);
      await waitFor(() => isGone(pid) || undefined, 2000);
      // Cancelling a run that is already gone is not an error.
      await driver.cancel(run.handle, { graceMs: 0 });
    });

    it("rejects start with a message naming a missing file", async () => {
      const path = join(dir, "does not exist.mjs");
      await expect(driver.start("c-missing", spec(pathToFileURL(path).href), collect().io)).rejects.toThrow(path);
    });
  });
}

interface Collected {
  io: RunIo;
  text(stream: "stdout" | "stderr"): string;
  lines(stream: "stdout" | "stderr"): string[];
}

function collect(): Collected {
  const chunks = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] };
  const text = (stream: "stdout" | "stderr"): string => Buffer.concat(chunks[stream]).toString("utf8");
  return {
    io: { stdout: (c) => chunks.stdout.push(c), stderr: (c) => chunks.stderr.push(c) },
    text,
    lines: (stream) => text(stream).split("\n").slice(0, -1),
  };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Gone, or a zombie nobody reaps (PID 1 of a container without an init does not). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return process.platform === "linux";
  }
}
