import { createServer, request, type Server } from "node:http";
import { join } from "node:path";

/** A Docker API address in front of a real engine, which answers some log reads with the engine's own failure. */
export interface FaultyEngine {
  /** DOCKER_HOST for a driver that should go through it. */
  readonly dockerHost: string;
  /** The log reads asked for so far, in order. */
  readonly logReads: () => readonly LogRead[];
  close(): Promise<void>;
}

/** One log read through the proxy: its number from 1, whether a wait for a container had answered before it. */
export interface LogRead {
  n: number;
  afterWait: boolean;
  failed?: boolean;
}

/**
 * The body Podman writes after it has already sent 200 to a non-follow log
 * read, when its inspect of the container fails (the container is being
 * cleaned up after its end): an error document where the log should be.
 */
export const PODMAN_LOG_FAILURE = {
  cause: "container state improper",
  message: "failed to obtain logs for Container 'x': container state improper",
  response: 500,
};

/**
 * A proxy on a unix socket in `dir` to the engine at `upstream` (a socket
 * path). Every request goes through unchanged, except that the log reads of
 * containers (GET /containers/{id}/logs, not followed) for which `fail`
 * is true get PODMAN_LOG_FAILURE with status 200.
 */
export async function startFaultyEngine(
  upstream: string,
  dir: string,
  fail: (read: LogRead) => boolean,
): Promise<FaultyEngine> {
  const socketPath = join(dir, `faulty-${process.pid}-${Date.now()}.sock`);
  const reads: LogRead[] = [];
  let waitAnswered = false;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://engine");
    const isLogRead =
      req.method === "GET" &&
      /\/containers\/[^/]+\/logs$/.test(url.pathname) &&
      url.searchParams.get("follow") !== "true";
    const isWait = /\/containers\/[^/]+\/wait$/.test(url.pathname);
    if (isLogRead) {
      const read: LogRead = { n: reads.length + 1, afterWait: waitAnswered };
      reads.push(read);
      if (fail(read)) {
        read.failed = true;
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(PODMAN_LOG_FAILURE));
        return;
      }
    }
    const forward = request(
      { socketPath: upstream, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (isWait) answer.on("end", () => (waitAnswered = true));
        answer.pipe(res);
      },
    );
    forward.on("error", (err) => res.destroy(err));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    dockerHost: `unix://${socketPath}`,
    logReads: () => reads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
