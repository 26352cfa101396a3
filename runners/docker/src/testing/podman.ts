import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { access, constants, readFile, rm, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import Docker from "dockerode";

export interface PodmanService {
  /** unix://<dir>/podman.sock */
  dockerHost: string;
  /** What podman CLI calls (and a runner using this engine) need in their environment. */
  env: { CONTAINERS_CONF: string };
  stop(): Promise<void>;
}

/**
 * runc, not crun (crun fails on cgroup v1 hybrid hosts), limits podman's
 * defaults lack, and conmon through a wrapper (see CONMON_WRAPPER).
 */
export function containersConf(conmonPath: string): string {
  return `[containers]
default_ulimits=["nofile=1024:1024","nproc=4096:4096"]

[engine]
runtime="runc"
conmon_path=[${JSON.stringify(conmonPath)}]
`;
}

/**
 * Podman 4.3 with conmon 2.1 on cgroup v1: conmon sees the kernel's OOM kill
 * but writes its "oom" marker into its working directory (the service's),
 * while podman looks for it in the container's bundle folder; so inspect
 * never says OOMKilled, and stray "oom" files appear wherever the service
 * was started. The wrapper runs conmon from the bundle folder (-b), where
 * podman looks: OOM kills are then reported as on Docker.
 */
export function conmonWrapper(conmon: string): string {
  return `#!/bin/sh
prev=""
for arg in "$@"; do
  if [ "$prev" = "-b" ] || [ "$prev" = "--bundle" ]; then cd "$arg" || exit 125; break; fi
  prev="$arg"
done
exec ${JSON.stringify(conmon)} "$@"
`;
}

const READY_WITHIN_MS = 30_000;

/** Throws the install hint when podman is missing: tests that need it must fail, never skip. */
export function requirePodman(): void {
  const probe = spawnSync("podman", ["--version"], { stdio: "ignore" });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error("podman is not installed: apt-get install -y podman runc (see .ci/run)");
  }
}

/**
 * A private Podman service speaking the Docker API on a socket in `dir`,
 * ready (it answered a ping) when this resolves. Its containers.conf is
 * exported as CONTAINERS_CONF to this process too, for the podman CLI calls
 * test support makes. The storage is the machine's: tests tell their
 * containers apart by a runner id of their own.
 */
export async function startPodman({ dir }: { dir: string }): Promise<PodmanService> {
  requirePodman();
  const wrapper = join(dir, "conmon");
  await writeFile(wrapper, conmonWrapper(await findConmon()), { mode: 0o755 });
  const conf = join(dir, "containers.conf");
  await writeFile(conf, containersConf(wrapper));
  process.env.CONTAINERS_CONF = conf;
  const socketPath = join(dir, "podman.sock");
  const dockerHost = `unix://${socketPath}`;
  const logPath = join(dir, "podman-service.log");
  const log = createWriteStream(logPath);
  const child = spawn("podman", ["system", "service", "--time=0", dockerHost], {
    env: { ...process.env, CONTAINERS_CONF: conf },
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(`exited with ${signal ?? code}`));
    child.once("error", (err) => resolve(err.message));
  });
  try {
    await untilAnswers(new Docker({ socketPath }), exited);
  } catch (err) {
    child.kill("SIGKILL");
    const output = await readFile(logPath, "utf8").catch(() => "");
    throw new Error(`podman system service did not start: ${(err as Error).message}\n${output}`);
  }
  return {
    dockerHost,
    env: { CONTAINERS_CONF: conf },
    stop: () => stopService(child, exited, socketPath),
  };
}

/** The real conmon: where podman looks for it (PATH, then the packages' usual folders). */
async function findConmon(): Promise<string> {
  const folders = [...(process.env.PATH ?? "").split(delimiter), "/usr/libexec/podman", "/usr/bin", "/usr/local/bin"];
  for (const folder of folders) {
    const candidate = join(folder, "conmon");
    if (folder !== "" && (await isExecutable(candidate))) return candidate;
  }
  throw new Error("conmon is not installed (it comes with podman): apt-get install -y podman runc (see .ci/run)");
}

function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Polls the ping until it answers, the service dies, or the bound passes. */
async function untilAnswers(docker: Docker, exited: Promise<string>): Promise<void> {
  let died: string | undefined;
  void exited.then((how) => {
    died = how;
  });
  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (died) throw new Error(died);
    try {
      await docker.ping();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`no answer within ${READY_WITHIN_MS} ms: ${(err as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopService(child: ChildProcess, exited: Promise<string>, socketPath: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  }
  await rm(socketPath, { force: true });
}
