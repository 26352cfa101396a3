import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { NextFunction, Request, Response } from "express";

/**
 * Who may talk to the API from where, until sign-in exists:
 *   - Host: the bound address, localhost or an IP address on the bound port,
 *     and BATON_ALLOWED_HOSTS: a page on a rebinding DNS name sends its own
 *     name, which is none of these.
 *   - Origin: a browser page may call the API (CORS) or open a WebSocket
 *     only from the console's origins (BATON_CORS_ORIGIN); none by default.
 *     A request without Origin is not from a browser page and is let in.
 */
export interface EdgePolicy {
  /** HOST the server listens on (0.0.0.0 / :: name no one host). */
  host: string;
  /** The port actually bound (known after listen). */
  port: () => number;
  corsOrigins: readonly string[];
  /** "name" (any port) or "name:port". */
  allowedHosts: readonly string[];
}

const WILDCARDS = new Set(["", "0.0.0.0", "::", "[::]"]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** "Example.COM.:4000" -> { name: "example.com", port: 4000 }; "[::1]:80" -> { name: "[::1]", port: 80 }. */
export function parseHostHeader(header: string): { name: string; port: number | undefined } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!m?.[1]) return undefined;
  return { name: m[1].toLowerCase().replace(/\.$/, ""), port: m[2] === undefined ? undefined : Number(m[2]) };
}

const bracketed = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host).toLowerCase();

/** Whether a Host header names this control plane (see EdgePolicy). */
export function hostAllowed(header: string | undefined, policy: EdgePolicy): boolean {
  if (header === undefined) return false;
  const host = parseHostHeader(header);
  if (!host) return false;
  const port = host.port ?? 80;
  const own = new Set(["localhost", "127.0.0.1", "[::1]"]);
  if (!WILDCARDS.has(policy.host)) own.add(bracketed(policy.host));
  // An IP address is never a rebound DNS name: it is how a client reaches a wildcard bind (0.0.0.0).
  const ip = IPV4.test(host.name) || host.name.startsWith("[");
  if ((own.has(host.name) || ip) && port === policy.port()) return true;
  return policy.allowedHosts.some((entry) => {
    const allowed = parseHostHeader(entry);
    return allowed?.name === host.name && (allowed.port === undefined || allowed.port === port);
  });
}

/** Whether a browser page of this Origin may call the API (an absent Origin is not a browser page). */
export function originAllowed(origin: string | undefined, policy: EdgePolicy): boolean {
  return origin === undefined || policy.corsOrigins.includes(origin.toLowerCase().replace(/\/+$/, ""));
}

const shown = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);

function hostRefusal(header: string | undefined, policy: EdgePolicy): string {
  const port = policy.port();
  return `Host ${shown(header ?? "")} is not an address of this control plane, so the request is refused (a guard against DNS rebinding). Use 127.0.0.1:${port} or localhost:${port}, or add the name you use to BATON_ALLOWED_HOSTS.`;
}

const forbidden = (message: string) => ({ errors: [{ message, extensions: { code: "FORBIDDEN" } }] });

/** Express: refuse a foreign Host; answer CORS for the console's origins only. */
export function edgeMiddleware(policy: EdgePolicy) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hostAllowed(req.get("host"), policy)) {
      res.status(403).json(forbidden(hostRefusal(req.get("host"), policy)));
      return;
    }
    const origin = req.get("origin");
    if (policy.corsOrigins.length > 0) res.vary("Origin");
    if (origin !== undefined && originAllowed(origin, policy)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, x-baton-actor, x-correlation-id");
      res.setHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
      res.setHeader("Access-Control-Max-Age", "600");
    }
    if (req.method === "OPTIONS") res.status(204).end();
    else next();
  };
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify(forbidden(message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Checks a WebSocket upgrade before graphql-ws sees it: right path, own Host,
 * and no foreign Origin (browsers send no CORS preflight for WebSockets, and
 * graphql-ws runs mutations too). Returns false after answering a refusal.
 */
export function upgradeAllowed(req: IncomingMessage, socket: Duplex, path: string, policy: EdgePolicy): boolean {
  const pathname = (req.url ?? "").split("?")[0];
  if (pathname !== path) {
    refuseUpgrade(socket, 404, `WebSockets are served on ${path} only.`);
    return false;
  }
  if (!hostAllowed(req.headers.host, policy)) {
    refuseUpgrade(socket, 403, hostRefusal(req.headers.host, policy));
    return false;
  }
  const origin = req.headers.origin;
  if (!originAllowed(origin, policy)) {
    refuseUpgrade(
      socket,
      403,
      `A page from ${shown(origin ?? "")} may not open a WebSocket to this control plane; only the console's origins may (BATON_CORS_ORIGIN).`,
    );
    return false;
  }
  return true;
}
