import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import type { ExitStatus } from "./exit-status.js";

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  /** The exit code and the signal, if one ended it. */
  ended: Promise<ExitStatus>;
  stop(graceMs?: number): Promise<void>;
}

/**
 * V8 flags every Baton process starts with. A young generation of 2 x 4 MiB
 * instead of V8's 2 x 16 MiB: the control plane idles at about 144 MB RSS
 * instead of 166 (bench/footprint.mjs), for more frequent but smaller
 * scavenges. V8 reads it only at start, so it is a flag of the command line
 * (and NODE_OPTIONS in deploy/Dockerfile), not something a process can set.
 */
export const NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

/**
 * Starts a node script as a child (with NODE_FLAGS). Its output is prefixed with its name and
 * echoed, or, with a log file, appended there instead (tests keep it quiet).
 */
export function startNodeChild(name: string, script: string, env: NodeJS.ProcessEnv, logFile?: string): Child {
  const child = spawn(process.execPath, [...NODE_FLAGS, script], { env, stdio: ["ignore", "pipe", "pipe"] });
  const sink = logFile ? createWriteStream(logFile, { flags: "a" }) : undefined;
  const forward = (stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream) => {
    let partial = "";
    stream?.on("data", (d: Buffer) => {
      const lines = (partial + d.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) (sink ?? out).write(`[${name}] ${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  const ended = new Promise<ExitStatus>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const exited = ended.then((status) => status.code);
  return {
    name,
    process: child,
    exited,
    ended,
    async stop(graceMs = 16_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first line matching `pattern`, or rejects if the child exits first. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${child.name} did not report ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let partial = "";
    child.process.stdout?.on("data", (d: Buffer) => {
      const lines = (partial + d.toString()).split("\n");
      partial = lines.pop() ?? "";
      const hit = lines.find((l) => pattern.test(l));
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited with code ${code} before it was ready`));
    });
  });
}
