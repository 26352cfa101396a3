import { realpath } from "node:fs/promises";
import type {
  Driver,
  DriverContext,
  ExitInfo,
  ResumePoint,
  RunHandle,
  RunIo,
  RunRef,
  RunSpec,
  StartedRun,
} from "@baton/proto";
import { imageFromUri } from "@baton/proto";
import type Docker from "dockerode";
import { containerOptions, isUnder, LABELS, parseVolume } from "./container-spec.js";
import { reasonOf, statusOf } from "./engine.js";
import { exitInfo } from "./exit-info.js";
import { decodeFrames, FrameDecoder, RecordCursor, TimestampedStream } from "./log-frames.js";
import { ensureImage } from "./pull.js";
import type { DockerSettings } from "./settings.js";
import { DockerWatchdog } from "./watchdog-client.js";

/**
 * Runs each execution as a container on a Docker API engine (Docker, or
 * Podman's service). Containers are labelled with the execution and this
 * runner's id and outlive the runner on purpose: a restarted runner adopts
 * them (recover) and removes what it no longer holds (reap). The driver
 * removes a container itself once it has all its output and its exit code.
 * Output comes live through attach; a recovered container's from its log.
 */
export function createDockerDriver(docker: Docker, settings: DockerSettings, context: DriverContext): Driver {
  /** Removes this runner's containers if it dies and does not come back, or hangs, within its stall limit. */
  const watchdog = new DockerWatchdog(settings.engine, context.runnerId, context.log);
  watchdog.start();
  /** What each watched container's watcher can be stopped by: close() stops them all, so the runner can exit. */
  const watching = new Set<AbortController>();
  /** Containers being removed after their run was reported: close() waits for them. */
  const removals = new Set<Promise<void>>();
  /** Stops under way, by container id (the engine's stop call lasts until the container has stopped). */
  const stopping = new Map<string, Promise<void>>();

  /** The run's end once its output has ended; pending for ever if the driver is closed first (the run goes on). */
  const settle = async (
    container: Docker.Container,
    outputEnded: () => Promise<void>,
    abort: AbortController,
    live: boolean,
  ): Promise<ExitInfo> => {
    try {
      const exit = await endOf(container, outputEnded, abort.signal, live);
      // Removed after the exit is reported: the verdict does not wait for the engine's clean-up.
      const removal: Promise<void> = removeContainer(container)
        .catch((err: unknown) => context.log(`removing container ${container.id} failed: ${reasonOf(err)}`))
        .finally(() => removals.delete(removal));
      removals.add(removal);
      return exit;
    } catch (err) {
      // Closed (the runner stops): the run has not ended, so `exited` never settles; the next runner recovers it.
      if (abort.signal.aborted) return new Promise<never>(() => {});
      throw new Error(`watching container ${container.id} failed: ${reasonOf(err)}`);
    } finally {
      watching.delete(abort);
    }
  };

  return {
    kind: "docker",

    async start(run: RunRef, spec: RunSpec, io: RunIo): Promise<StartedRun> {
      const image = imageFromUri(spec.uri);
      const options = containerOptions(run, spec, image, settings, context.runnerId);
      await checkRealBindPaths(spec, settings.volumeRoots);
      await ensureImage(docker, image, spec.pullPolicy ?? settings.pullPolicy, settings.pullTimeoutMs);
      let container: Docker.Container;
      try {
        container = await docker.createContainer(options);
      } catch (err) {
        const already = statusOf(err) === 409 ? ` (a container named ${options.name} already exists)` : "";
        throw new Error(`cannot create a container from ${image}: ${reasonOf(err)}${already}`);
      }
      const abort = new AbortController();
      let outputEnded: () => Promise<void>;
      try {
        outputEnded = await attachOutput(container, io, abort.signal);
        await container.start();
      } catch (err) {
        abort.abort();
        await removeContainer(container).catch((removal: unknown) =>
          context.log(`removing container ${options.name} that did not start failed: ${reasonOf(removal)}`),
        );
        throw new Error(`cannot start the container from ${image}: ${reasonOf(err)}`);
      }
      watching.add(abort);
      const handle = { containerId: container.id, name: options.name as string };
      return { handle, exited: settle(container, outputEnded, abort, true) };
    },

    async cancel(handle: RunHandle, { graceMs }: { graceMs: number }): Promise<void> {
      const ref = handle.containerId ?? handle.name;
      if (ref === undefined) throw new Error(`not a Docker run handle: ${JSON.stringify(handle)}`);
      const id = String(ref);
      const container = docker.getContainer(id);
      const inFlight = stopping.get(id);
      if (inFlight) {
        // One SIGTERM per run: a repeated cancel joins the stop under way, unless it wants no grace at all.
        if (graceMs === 0) await engineCall(`kill container ${id}`, container.kill({ signal: "SIGKILL" }), [404, 409]);
        return inFlight;
      }
      // SIGTERM (or the image's StopSignal), SIGKILL after t seconds: never sooner than the grace.
      // 304: already stopped; 404: already gone. The run's `exited` reports either way.
      const stop = engineCall(`stop container ${id}`, container.stop({ t: Math.ceil(graceMs / 1000) }), [304, 404]);
      stopping.set(id, stop);
      try {
        await stop;
      } finally {
        stopping.delete(id);
      }
    },

    async recover(
      run: RunRef,
      handle: RunHandle | undefined,
      io: RunIo,
      from: ResumePoint,
    ): Promise<StartedRun | undefined> {
      const found = await findContainer(docker, run.executionId, context.runnerId, handle);
      if (!found) return undefined;
      const { container, info } = found;
      if (info.State.Status === "created") {
        // The old runner died between create and start: the run never began. Nothing to adopt.
        await removeContainer(container);
        context.log(`container ${info.Name} of ${run.executionId} was never started: removed`);
        return undefined;
      }
      const adopted = { containerId: info.Id, name: info.Name.replace(/^\//, "") };
      const abort = new AbortController();
      watching.add(abort);
      return {
        handle: adopted,
        exited: settle(container, pollLog(container, io, from, abort.signal, context.log), abort, false),
      };
    },

    async reap(keep: ReadonlySet<string>): Promise<void> {
      const mine = await docker.listContainers({
        all: true,
        filters: { label: [`${LABELS.runner}=${context.runnerId}`] },
      });
      for (const summary of mine) {
        const executionId = summary.Labels[LABELS.execution];
        if (executionId !== undefined && keep.has(executionId)) continue;
        context.log(
          `removing container ${summary.Names[0] ?? summary.Id} of ${executionId}: this runner no longer holds it`,
        );
        await removeContainer(docker.getContainer(summary.Id));
      }
    },

    tick(stallMs: number): void {
      watchdog.tick(stallMs);
    },

    async close(): Promise<void> {
      // Nothing to kill: the containers run on, to be recovered (or removed by the watchdog if this runner
      // does not come back in time). Stop watching them (their `exited` stays pending).
      for (const abort of watching) abort.abort();
      await Promise.all([...removals]);
      await watchdog.close();
    },
  };
}

/** By the handle's id when it has one, else by labels (the old runner died before recording the handle). */
async function findContainer(
  docker: Docker,
  executionId: string,
  runnerId: string,
  handle: RunHandle | undefined,
): Promise<{ container: Docker.Container; info: Docker.ContainerInspectInfo } | undefined> {
  const ids: string[] = [];
  if (handle?.containerId !== undefined) ids.push(String(handle.containerId));
  const labelled = await docker.listContainers({
    all: true,
    filters: { label: [`${LABELS.execution}=${executionId}`, `${LABELS.runner}=${runnerId}`] },
  });
  ids.push(...labelled.map((summary) => summary.Id));
  for (const id of ids) {
    const container = docker.getContainer(id);
    const info = await container.inspect().catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw err;
    });
    // Only a container of this execution: a handle never names another's, but make sure.
    if (info && info.Config.Labels?.[LABELS.execution] === executionId) return { container, info };
  }
  return undefined;
}

/** An output stream of the engine (attach), ended when the container's output ends. */
type EngineStream = NodeJS.ReadableStream & { destroy?: () => void };

/**
 * Attached before the container starts, so nothing it prints is missed: the
 * engine sends its stdout and stderr as they come, in order. (Podman 4.3
 * loses lines on a followed log under load; attach loses none. Attach has no
 * timestamps: the host stamps these lines with its own clock.)
 */
async function attachOutput(container: Docker.Container, io: RunIo, signal: AbortSignal): Promise<() => Promise<void>> {
  const stream = (await container.attach({
    stream: true,
    stdout: true,
    stderr: true,
    abortSignal: signal,
  })) as unknown as EngineStream;
  const decoder = new FrameDecoder((frame) =>
    frame.stream === 2 ? io.stderr(frame.payload) : io.stdout(frame.payload),
  );
  const ended = new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => decoder.push(chunk));
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  ended.catch(() => {}); // awaited by the caller; never an unhandled rejection meanwhile
  return () => ended;
}

/**
 * Resolves once the engine reports the exit code AND the output has ended.
 * A recovered container's log is read last, after the end (its last read
 * must come after the exit). A live one's attached output ends with the
 * process, and the exit code is then asked of inspect at once: Podman's wait
 * answers 0.3 to 1.2 s after the exit (measured here; inspect says it within
 * about 150 ms), which would be most of a short run's time in Baton.
 */
async function endOf(
  container: Docker.Container,
  outputEnded: () => Promise<void>,
  signal: AbortSignal,
  live: boolean,
): Promise<ExitInfo> {
  let info: Docker.ContainerInspectInfo;
  if (live) {
    const waiting = new AbortController();
    const stop = () => waiting.abort();
    signal.addEventListener("abort", stop, { once: true });
    try {
      const waited = container.wait({ abortSignal: waiting.signal }).then(() => container.inspect());
      waited.catch(() => {}); // the loser of the race is aborted below
      info = await Promise.race([waited, outputEnded().then(() => exitedState(container, waiting.signal))]);
      await outputEnded();
    } finally {
      waiting.abort();
      signal.removeEventListener("abort", stop);
    }
  } else {
    await container.wait({ abortSignal: signal });
    await outputEnded();
    info = await container.inspect();
  }
  if (signal.aborted) throw new Error("aborted");
  return exitInfo(info.State.ExitCode, { OOMKilled: info.State.OOMKilled, Memory: info.HostConfig.Memory });
}

/** Inspects until the engine has recorded the end (10 ms, then less often, at most every second). */
async function exitedState(container: Docker.Container, signal: AbortSignal): Promise<Docker.ContainerInspectInfo> {
  for (let delay = 10; ; delay = Math.min(1000, delay * 2)) {
    const info = await container.inspect();
    if (["exited", "dead", "stopped"].includes(info.State.Status)) return info;
    if (signal.aborted) throw new Error("aborted");
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Between two reads of a recovered container's log: a few times a second, slower when reads are slow. */
const POLL_MIN_MS = 200;
const POLL_MAX_MS = 5000;

/**
 * A recovered container's log, read from the beginning with timestamps (what
 * `from` counts is skipped) until the container has ended: complete reads,
 * not a followed log (which Podman 4.3 thins out under load), new records
 * picked by a RecordCursor. Reads repeat while it runs, spaced by how long
 * a read takes (an engine scans the whole log file for each). A read that
 * fails is asked again (nothing of it reaches the cursor); only the last
 * one, after the end, fails the watch, after LOG_READ_ATTEMPTS tries.
 */
function pollLog(
  container: Docker.Container,
  io: RunIo,
  from: ResumePoint,
  signal: AbortSignal,
  log: (line: string) => void,
): () => Promise<void> {
  const streams = {
    1: new TimestampedStream((chunk, at) => io.stdout(chunk, at), from.stdoutLines),
    2: new TimestampedStream((chunk, at) => io.stderr(chunk, at), from.stderrLines),
  };
  const cursor = new RecordCursor();
  let stopped = false;
  const read = async (final: boolean): Promise<number> => {
    const started = Date.now();
    const answer: unknown = await container.logs({
      follow: false,
      stdout: true,
      stderr: true,
      timestamps: true,
      since: cursor.since,
      abortSignal: signal,
    });
    // A failed read never reaches the cursor: the next one asks for the same records again.
    for (const frame of cursor.fresh(decodeFrames(logBytes(container.id, answer)), final))
      streams[frame.stream].frame(frame.payload);
    return Date.now() - started;
  };
  let wake: () => void = () => {};
  signal.addEventListener("abort", () => wake(), { once: true });
  const pause = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async (): Promise<void> => {
    let failed = 0;
    while (!stopped && !signal.aborted) {
      try {
        const took = await read(false);
        failed = 0;
        await pause(Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, 4 * took)));
      } catch (err) {
        // A hiccup of the engine (Podman answers a read that races the container's end with an error) is
        // read again, less often while it lasts: the last read after the end is the one that must succeed.
        if (signal.aborted) return;
        if (failed++ === 0) log(`reading the log of container ${container.id} failed, reading again: ${reasonOf(err)}`);
        await pause(Math.min(POLL_MAX_MS, POLL_MIN_MS * 2 ** failed));
      }
    }
  })();
  // Called once the engine says the container has ended: one last, complete read, tried again if it fails.
  return async () => {
    stopped = true;
    wake();
    await loop;
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await read(true);
        return;
      } catch (err) {
        if (signal.aborted || attempt >= LOG_READ_ATTEMPTS) throw err;
        await pause(POLL_MIN_MS * attempt);
      }
    }
  };
}

/** Tries of the last read of a recovered container's log before its watch fails (with the engine's error). */
const LOG_READ_ATTEMPTS = 5;

/**
 * A non-follow log read's bytes. dockerode parses any answer that is JSON as
 * JSON, and Podman, when its inspect fails after it has sent 200, writes its
 * error as the body ({"cause", "message", "response": 500}): that is an
 * error, not a log.
 */
function logBytes(containerId: string, answer: unknown): Uint8Array {
  if (answer instanceof Uint8Array) return answer;
  const message = (answer as { message?: unknown } | null)?.message;
  const said = typeof message === "string" ? message : JSON.stringify(answer);
  throw new Error(`the engine answered a read of container ${containerId}'s log with an error: ${said}`);
}

/** An engine call whose listed statuses mean "nothing to do"; other failures become a readable Error. */
async function engineCall(what: string, call: Promise<unknown>, fine: readonly number[]): Promise<void> {
  try {
    await call;
  } catch (err) {
    const status = statusOf(err);
    if (status !== undefined && fine.includes(status)) return;
    // Gone while we asked (being removed after its end): Podman says so with a 500, not a 404.
    if (fine.includes(404) && /no such container/i.test(reasonOf(err))) return;
    throw new Error(`cannot ${what}: ${reasonOf(err)}`);
  }
}

async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true });
  } catch (err) {
    // 404: gone already; 409: removal already in progress (a reap racing the run's own end).
    const status = statusOf(err);
    if (status !== 404 && status !== 409) throw err;
  }
}

/**
 * A bind source under a root may still be a symbolic link leading out of it.
 * Where the runner sees the path (the engine is local), check where it really
 * leads, against the roots' real paths too.
 */
async function checkRealBindPaths(spec: RunSpec, roots: readonly string[]): Promise<void> {
  for (const volume of spec.docker?.volumes ?? []) {
    const mount = parseVolume(volume, roots);
    if (!mount.hostPath) continue;
    const real = await realpath(mount.source).catch(() => undefined);
    if (real === undefined) continue; // not visible here (a remote engine): the lexical check stands
    const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
    if (!isUnder(real, realRoots)) {
      throw new Error(
        `volume "${volume}" refused: ${mount.source} leads to ${real}, outside the runner's volume roots`,
      );
    }
  }
}
