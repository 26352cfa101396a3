import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bearerMatches } from "@baton/proto";
import type { Registry } from "prom-client";
import type { RunnerHttpConfig } from "../config.js";
import type { Readiness } from "./readiness.js";

export interface RunnerHttpDeps {
  config: RunnerHttpConfig;
  registry: Registry;
  readiness: () => Promise<Readiness>;
}

export interface RunnerHttp {
  /** Where it listens (the real port when RUNNER_HTTP_PORT=0). */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The runner's HTTP listener: GET /metrics (Prometheus text, behind the
 * optional bearer token), /healthz (the event loop answers) and /readyz
 * (see readiness.ts); anything else 404.
 */
export async function startRunnerHttp(deps: RunnerHttpDeps): Promise<RunnerHttp> {
  const token = await metricsToken(deps.config);
  const server = createServer((req, res) => {
    handle(req, res, deps, token).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", `${String(err)}\n`);
      else res.destroy();
    });
  });
  await listen(server, deps.config);
  const address = server.address() as AddressInfo;
  return {
    host: deps.config.host,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: RunnerHttpDeps, token?: string): Promise<void> {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, path === "/metrics" || path === "/healthz" || path === "/readyz" ? 405 : 404, "text/plain", "");
    return;
  }
  switch (path) {
    case "/healthz":
      sendJson(res, 200, { ok: true });
      return;
    case "/readyz": {
      const ready = await deps.readiness();
      sendJson(res, ready.ok ? 200 : 503, ready);
      return;
    }
    case "/metrics": {
      if (token && !bearerMatches(req.headers.authorization, token)) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="baton-runner"');
        send(
          res,
          401,
          "text/plain; charset=utf-8",
          "/metrics needs the header Authorization: Bearer <RUNNER_METRICS_TOKEN>\n",
        );
        return;
      }
      send(res, 200, deps.registry.contentType, await deps.registry.metrics());
      return;
    }
    default:
      send(res, 404, "text/plain; charset=utf-8", "not found: this listener serves /metrics, /healthz and /readyz\n");
  }
}

/** The token /metrics asks for, from the variable or its file. */
async function metricsToken(config: RunnerHttpConfig): Promise<string | undefined> {
  let value = config.metricsToken;
  if (config.metricsTokenFile) {
    try {
      value = (await readFile(config.metricsTokenFile, "utf8")).trim();
    } catch (err) {
      throw new Error(
        `RUNNER_METRICS_TOKEN_FILE: cannot read ${config.metricsTokenFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
    if (!value) throw new Error(`RUNNER_METRICS_TOKEN_FILE: ${config.metricsTokenFile} is empty`);
  }
  return value || undefined;
}

function listen(server: Server, config: RunnerHttpConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `RUNNER_HTTP_PORT: cannot listen on ${config.host}:${config.port}: ${err.code === "EADDRINUSE" ? "the port is taken" : err.message}`,
        ),
      );
    server.once("error", fail);
    server.listen(config.port, config.host, () => {
      server.off("error", fail);
      resolve();
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, "application/json", `${JSON.stringify(body)}\n`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(res.req.method === "HEAD" ? undefined : body);
}
