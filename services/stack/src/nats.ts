import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExitStatus } from "./exit-status.js";
import { freePort, waitForPort } from "./ports.js";

export interface RunningService {
  url: string;
  /** The server process's id, when it is a child of this process. */
  pid?: number;
  /** Resolves when the server process exits, for whatever reason. */
  ended?: Promise<ExitStatus>;
  /** With `monitor: true`: the server's monitoring endpoint, http://127.0.0.1:PORT (/varz, /healthz). */
  monitorUrl?: string;
  stop(): Promise<void>;
}

const CANDIDATES = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];

function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const path = join(dir, name);
    if (dir && existsSync(path)) return path;
  }
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * Finds nats-server, installing Debian's package when we are root on Debian
 * (what a fresh machine needs); otherwise says which package to install.
 */
export function findNatsServer(log: (line: string) => void = console.log): string {
  const found = which("nats-server");
  if (found) return found;
  const debian = existsSync("/etc/debian_version");
  const root = process.getuid?.() === 0;
  if (!debian || !root) {
    throw new Error(
      "nats-server is not installed. Install the 'nats-server' package (Debian/Ubuntu: sudo apt-get install nats-server), " +
        "or set NATS_URL to a NATS server with JetStream enabled.",
    );
  }
  log("nats-server is missing: installing Debian's nats-server package...");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "nats-server"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  const installed = which("nats-server");
  if (!installed) throw new Error("apt-get installed nats-server but the binary is not on PATH");
  return installed;
}

/** The server config file startNats writes when given an authorization (mode 0600: it holds passwords). */
export const NATS_CONFIG_FILE = "nats-server.conf";

/**
 * A private nats-server with JetStream, storing under dataDir, on 127.0.0.1
 * only. With `authorization` (nats-server config text, see nats-auth.ts) it
 * is written to dataDir/nats-server.conf, readable by this user only, and the
 * server allows only the users it lists.
 */
export async function startNats(options: {
  dataDir: string;
  port?: number;
  /** Also serve the monitoring endpoint on a free port (the scale bench reads its message counters). */
  monitor?: boolean;
  /** nats-server config text with an `authorization` block (natsAuthorization()). */
  authorization?: string;
}): Promise<RunningService> {
  const binary = findNatsServer();
  const port = await freePort(options.port);
  const monitorPort = options.monitor ? await freePort() : undefined;
  mkdirSync(options.dataDir, { recursive: true });
  const args = ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", options.dataDir];
  if (options.authorization !== undefined) {
    const config = join(options.dataDir, NATS_CONFIG_FILE);
    rmSync(config, { force: true }); // a new file: an older one would keep its mode
    writeFileSync(config, options.authorization, { mode: 0o600 });
    args.push("-c", config);
  }
  if (monitorPort !== undefined) args.push("-m", String(monitorPort));
  const child: ChildProcess = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const ended = new Promise<ExitStatus>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const exited = ended.then(() => undefined);
  try {
    await Promise.race([
      Promise.all([
        waitForPort(port, 15_000, "nats-server"),
        monitorPort === undefined ? undefined : waitForPort(monitorPort, 15_000, "nats-server monitoring"),
      ]),
      exited.then(() => {
        throw new Error(`nats-server exited at start: ${stderr}`);
      }),
    ]);
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: child.pid,
    ended,
    ...(monitorPort === undefined ? {} : { monitorUrl: `http://127.0.0.1:${monitorPort}` }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
