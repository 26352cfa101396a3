import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import Docker from "dockerode";
import { JobController } from "./controller.js";
import { matches, parseSelector } from "./labels.js";
import { toNanos } from "./log-lines.js";
import { failure, type KubeObject, type Resource, type Status } from "./objects.js";
import { ObjectStore, type StoredEvent } from "./store.js";

export interface ApiServerDoubleOptions {
  /** The Docker API (Podman's) that runs the pods' containers: unix:///path.sock */
  dockerHost: string;
  /** The kubeconfig's namespace. Default "default"; every namespace is served. */
  namespace?: string;
  /** How many changes watches can resume from (older resourceVersions answer 410 Gone). Default 100. */
  eventWindow?: number;
  /** How often a watch with allowWatchBookmarks=true gets a BOOKMARK. Default 1000 ms. */
  bookmarkIntervalMs?: number;
  /** How long a failed pull shows ErrImagePull before ImagePullBackOff. Default 500 ms. */
  imagePullBackOffMs?: number;
  /**
   * Namespaces whose ResourceQuota has no room left: their Jobs are stored but
   * get no pod (as the Job controller's pod creation is refused there).
   */
  fullNamespaces?: readonly string[];
}

/** A kubeconfig as @kubernetes/client-node's KubeConfig.loadFromOptions takes it. */
export interface DoubleKubeConfig {
  clusters: Array<{ name: string; server: string; skipTLSVerify: boolean }>;
  users: Array<{ name: string; token: string }>;
  contexts: Array<{ name: string; cluster: string; user: string; namespace: string }>;
  currentContext: string;
}

export interface ApiServerDouble {
  /** http://127.0.0.1:PORT: plain HTTP on loopback, no TLS and no authentication. */
  url: string;
  /** The id in the label (CONTAINER_LABEL) of every container this double made. */
  id: string;
  kubeConfig(): DoubleKubeConfig;
  /** Writes a kubeconfig file for the double (what KUBECONFIG names), through client-node's own export. */
  writeKubeconfig(path: string): Promise<void>;
  /**
   * Test hook: cuts every pod log follow open now (the connection is
   * destroyed mid-stream, as a proxy or a kubelet restart would), so a test
   * can check that a client resumes without loss or repeats. Returns how
   * many were cut.
   */
  interruptLogFollows(): number;
  /**
   * Test hook: ends every open watch (a clean end, as a real API server
   * does when a watch times out), so clients reconnect from their last
   * resourceVersion. Returns how many were ended.
   */
  interruptWatches(): number;
  /** How many watches were answered 410 Expired (their resourceVersion had left the window). */
  expiredWatches(): number;
  /** Closes every connection and removes every container this double made. */
  stop(): Promise<void>;
}

const KINDS: Record<Resource, { kind: string; apiVersion: string; group: string }> = {
  jobs: { kind: "Job", apiVersion: "batch/v1", group: "batch" },
  pods: { kind: "Pod", apiVersion: "v1", group: "" },
  secrets: { kind: "Secret", apiVersion: "v1", group: "" },
};

/**
 * A Kubernetes API server double on loopback: batch/v1 Jobs and v1 Pods on
 * their real REST paths, pod logs, and the watch protocol, as
 * @kubernetes/client-node 1.4 uses them; each Job's container runs through
 * the Docker API. Not a conformant API server: only what the Kubernetes
 * runner uses is there.
 */
export async function startApiServerDouble(options: ApiServerDoubleOptions): Promise<ApiServerDouble> {
  const id = randomUUID();
  const namespace = options.namespace ?? "default";
  const docker = new Docker({ socketPath: options.dockerHost.replace(/^unix:\/\//, "") });
  const store = new ObjectStore(options.eventWindow ?? 100);
  const controller = new JobController({
    docker,
    store,
    serverId: id,
    imagePullBackOffMs: options.imagePullBackOffMs ?? 500,
    fullNamespaces: new Set(options.fullNamespaces ?? []),
  });
  const context: Context = {
    store,
    controller,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
    follows: new Set(),
    watches: new Set(),
    expired: 0,
  };
  const server = createServer((req, res) => {
    handle(context, req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, failure(500, "InternalError", err.message));
      else res.destroy(err);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopping: Promise<void> | undefined;
  const doubleConfig = (): DoubleKubeConfig => ({
    clusters: [{ name: "double", server: url, skipTLSVerify: true }],
    users: [{ name: "double", token: "double" }],
    contexts: [{ name: "double", cluster: "double", user: "double", namespace }],
    currentContext: "double",
  });
  return {
    url,
    id,
    kubeConfig: doubleConfig,
    async writeKubeconfig(path: string): Promise<void> {
      const kc = new KubeConfig();
      kc.loadFromOptions(doubleConfig());
      await writeFile(path, kc.exportConfig());
    },
    interruptWatches: () => {
      const open = [...context.watches];
      for (const res of open) res.end();
      context.watches.clear();
      return open.length;
    },
    expiredWatches: () => context.expired,
    interruptLogFollows: () => {
      const open = [...context.follows];
      for (const res of open) res.destroy();
      context.follows.clear();
      return open.length;
    },
    // Idempotent: a test may stop the double itself and again in its cleanup.
    stop: () => {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await controller.stop();
        await closed;
      })();
      return stopping;
    },
  };
}

interface Context {
  store: ObjectStore;
  controller: JobController;
  bookmarkIntervalMs: number;
  /** Pod log responses that are following, for interruptLogFollows. */
  follows: Set<ServerResponse>;
  /** Open watch responses, for interruptWatches. */
  watches: Set<ServerResponse>;
  /** Watches answered 410 Expired. */
  expired: number;
}

async function handle(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://double");
  const method = req.method ?? "GET";
  const path = url.pathname;
  const jobs = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs(?:\/([^/]+))?$/.exec(path);
  const pods = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+)(\/log)?)?$/.exec(path);
  const secrets = /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/]+))?$/.exec(path);
  const resource: Resource | undefined = jobs ? "jobs" : pods ? "pods" : secrets ? "secrets" : undefined;
  const match = jobs ?? pods ?? secrets;
  if (!resource || !match?.[1])
    return send(res, 404, failure(404, "NotFound", "the server could not find the requested resource"));
  const namespace = decodeURIComponent(match[1]);
  const name = match[2] === undefined ? undefined : decodeURIComponent(match[2]);

  if (name === undefined && method === "GET") return list(context, req, res, resource, namespace, url.searchParams);
  if (name === undefined && method === "POST" && resource === "jobs") return createJob(context, req, res, namespace);
  if (name === undefined && method === "POST" && resource === "secrets") {
    return createSecret(context, req, res, namespace);
  }
  if (name !== undefined && method === "DELETE" && resource === "secrets") {
    const removed = context.store.remove("secrets", namespace, name);
    return removed ? send(res, 200, removed) : send(res, 404, notFound("secrets", name));
  }
  if (name !== undefined && pods?.[3] && method === "GET")
    return podLog(context, res, namespace, name, url.searchParams);
  if (name !== undefined && method === "GET") {
    const found = context.store.get(resource, namespace, name);
    return found ? send(res, 200, found) : send(res, 404, notFound(resource, name));
  }
  if (name !== undefined && method === "DELETE" && resource === "jobs") {
    return deleteJob(context, req, res, namespace, name, url.searchParams);
  }
  return send(
    res,
    405,
    failure(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`),
  );
}

async function createJob(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string,
): Promise<void> {
  let body: KubeObject;
  try {
    body = JSON.parse(await readBody(req)) as KubeObject;
  } catch (err) {
    return send(res, 400, failure(400, "BadRequest", `invalid JSON: ${(err as Error).message}`));
  }
  const problems: string[] = [];
  if (!body?.metadata?.name && !body?.metadata?.generateName)
    problems.push("metadata.name: Required value: name or generateName is required");
  if (!body?.spec?.template?.spec?.containers?.[0]?.image)
    problems.push("spec.template.spec.containers[0].image: Required value");
  if (body?.metadata?.namespace && body.metadata.namespace !== namespace) {
    problems.push(
      "metadata.namespace: Invalid value: the namespace of the object does not match the namespace on the request",
    );
  }
  const shownName = body?.metadata?.name ?? body?.metadata?.generateName ?? "";
  if (problems.length > 0) {
    return send(
      res,
      422,
      failure(422, "Invalid", `Job.batch "${shownName}" is invalid: ${problems.join(", ")}`, {
        name: shownName,
        group: "batch",
        kind: "Job",
      }),
    );
  }
  const job = context.controller.admitJob(body, namespace);
  const jobName = job.metadata.name ?? "";
  if (context.store.get("jobs", namespace, jobName)) {
    return send(
      res,
      409,
      failure(409, "AlreadyExists", `jobs.batch "${jobName}" already exists`, {
        name: jobName,
        group: "batch",
        kind: "jobs",
      }),
    );
  }
  const stored = context.store.put("jobs", job);
  context.controller.startJob(stored);
  send(res, 201, stored);
}

/** A v1 Secret: `stringData` is folded into `data` (base64), as the API server does. */
async function createSecret(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string,
): Promise<void> {
  let body: KubeObject & { stringData?: Record<string, string> };
  try {
    body = JSON.parse(await readBody(req));
  } catch (err) {
    return send(res, 400, failure(400, "BadRequest", `invalid JSON: ${(err as Error).message}`));
  }
  const name = body?.metadata?.name;
  if (!name) {
    return send(res, 422, failure(422, "Invalid", 'Secret "" is invalid: metadata.name: Required value'));
  }
  if (context.store.get("secrets", namespace, name)) {
    return send(res, 409, failure(409, "AlreadyExists", `secrets "${name}" already exists`, { name, kind: "secrets" }));
  }
  const data: Record<string, string> = { ...body.data };
  for (const [key, value] of Object.entries(body.stringData ?? {})) data[key] = Buffer.from(value).toString("base64");
  const { stringData: _folded, ...rest } = body;
  const stored = context.store.put("secrets", {
    ...rest,
    apiVersion: "v1",
    kind: "Secret",
    metadata: { ...body.metadata, namespace, uid: randomUUID(), creationTimestamp: new Date().toISOString() },
    data,
    type: body.type ?? "Opaque",
  });
  send(res, 201, stored);
}

async function deleteJob(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  // DeleteOptions come as query parameters or as the body (client-node sends both forms).
  const text = await readBody(req);
  let options: { propagationPolicy?: string; gracePeriodSeconds?: number } = {};
  try {
    options = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return send(res, 400, failure(400, "BadRequest", "invalid DeleteOptions"));
  }
  const policy = query.get("propagationPolicy") ?? options.propagationPolicy ?? "Orphan";
  if (policy !== "Foreground" && policy !== "Background" && policy !== "Orphan") {
    return send(res, 422, failure(422, "Invalid", `propagationPolicy: Unsupported value: "${policy}"`));
  }
  const graceText = query.get("gracePeriodSeconds");
  const grace = graceText !== null ? Number(graceText) : options.gracePeriodSeconds;
  const job = context.store.get("jobs", namespace, name);
  if (!job) return send(res, 404, notFound("jobs", name));
  // The Job (batch/v1) default is Orphan, as on a real API server.
  const result = context.controller.deleteJob(namespace, name, policy, grace);
  if (!result) return send(res, 404, notFound("jobs", name));
  if (policy === "Foreground") return send(res, 200, result);
  send(res, 200, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { name, group: "batch", kind: "jobs", uid: job.metadata.uid },
  });
}

function list(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  resource: Resource,
  namespace: string,
  query: URLSearchParams,
): void {
  let selector: ReturnType<typeof parseSelector>;
  try {
    selector = parseSelector(query.get("labelSelector"));
  } catch (err) {
    send(res, 400, failure(400, "BadRequest", (err as Error).message));
    return;
  }
  const selected = (o: KubeObject): boolean =>
    o.metadata.namespace === namespace && matches(selector, o.metadata.labels);
  const { kind, apiVersion } = KINDS[resource];
  if (query.get("watch") === "true" || query.get("watch") === "1") {
    watch(context, req, res, resource, namespace, selected, query);
    return;
  }
  send(res, 200, {
    kind: `${kind}List`,
    apiVersion,
    metadata: { resourceVersion: String(context.store.resourceVersion) },
    items: context.store.list(resource, namespace).filter(selected),
  });
}

/**
 * The watch protocol: newline-delimited {type, object}; from a
 * resourceVersion, the changes after it (or one ERROR event with a 410
 * Expired Status when they have left the window); without one (or "0"),
 * ADDED for what exists, then the changes. BOOKMARKs carry the current
 * resourceVersion; timeoutSeconds ends the stream.
 */
function watch(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  resource: Resource,
  namespace: string,
  selected: (o: KubeObject) => boolean,
  query: URLSearchParams,
): void {
  const { kind, apiVersion } = KINDS[resource];
  const from = query.get("resourceVersion");
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" });
  // A real API server answers a watch at once, before any event: clients wait for the headers.
  res.flushHeaders();
  const write = (event: { type: string; object: unknown }): void => {
    res.write(`${JSON.stringify(event)}\n`);
  };
  const forward = (event: StoredEvent): void => {
    if (event.resource === resource && selected(event.object)) write({ type: event.type, object: event.object });
  };
  if (from === null || from === "" || from === "0") {
    for (const object of context.store.list(resource, namespace)) {
      if (selected(object)) write({ type: "ADDED", object });
    }
  } else {
    const since = Number(from);
    const replay = Number.isFinite(since) ? context.store.since(since) : "expired";
    if (replay === "expired") {
      context.expired += 1;
      write({
        type: "ERROR",
        object: failure(410, "Expired", `too old resource version: ${from} (${context.store.resourceVersion})`),
      });
      res.end();
      return;
    }
    for (const event of replay) forward(event);
  }
  const unsubscribe = context.store.subscribe(forward);
  context.watches.add(res);
  const timers: NodeJS.Timeout[] = [];
  if (query.get("allowWatchBookmarks") === "true") {
    timers.push(
      setInterval(() => {
        write({
          type: "BOOKMARK",
          object: { kind, apiVersion, metadata: { resourceVersion: String(context.store.resourceVersion) } },
        });
      }, context.bookmarkIntervalMs),
    );
  }
  const timeout = Number(query.get("timeoutSeconds"));
  if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000));
  const cleanup = (): void => {
    context.watches.delete(res);
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
  };
  res.once("close", cleanup);
  req.once("close", cleanup);
}

/**
 * The kubelet's container log: stdout and stderr merged, RFC 3339 timestamps
 * (nanoseconds) on request, sinceTime / sinceSeconds, follow until the
 * container ends. tailLines and limitBytes (which the driver does not use)
 * are refused with 400, never silently ignored: a client relying on them
 * would otherwise get the whole log and pass against the double only.
 */
async function podLog(
  context: Context,
  res: ServerResponse,
  namespace: string,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  const unsupported = ["tailLines", "limitBytes"].filter((option) => query.has(option));
  if (unsupported.length > 0) {
    const message = `${unsupported.join(" and ")} are not supported by the Kubernetes API server double (runners/kubernetes/src/testing)`;
    return send(res, 400, failure(400, "BadRequest", message));
  }
  const pod = context.store.get("pods", namespace, name);
  if (!pod) return send(res, 404, notFound("pods", name));
  const containerName: string = pod.spec.containers[0].name;
  const asked = query.get("container");
  if (asked && asked !== containerName) {
    return send(res, 400, failure(400, "BadRequest", `container ${asked} is not valid for pod ${name}`));
  }
  const log = context.controller.logOf(namespace, name);
  if (!log) {
    const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? "ContainerCreating";
    return send(
      res,
      400,
      failure(400, "BadRequest", `container "${containerName}" in pod "${name}" is waiting to start: ${waiting}`),
    );
  }
  const sinceTime = query.get("sinceTime");
  const sinceSeconds = query.get("sinceSeconds");
  let since: bigint | undefined;
  try {
    since =
      sinceTime !== null
        ? toNanos(sinceTime)
        : sinceSeconds !== null
          ? BigInt(Date.now() - Number(sinceSeconds) * 1000) * 1_000_000n
          : undefined;
  } catch (err) {
    return send(res, 400, failure(400, "BadRequest", (err as Error).message));
  }
  const timestamps = query.get("timestamps") === "true";
  res.writeHead(200, { "content-type": "text/plain" });
  // As the kubelet: the answer starts at once, even when the container has written nothing yet.
  res.flushHeaders();
  const follow = query.get("follow") === "true";
  if (follow) context.follows.add(res);
  const stopReading = log.read(
    since,
    follow,
    (entry) => res.write(timestamps ? `${entry.timestamp} ${entry.text}` : entry.text),
    () => res.end(),
  );
  res.once("close", () => {
    context.follows.delete(res);
    stopReading();
  });
}

function notFound(resource: Resource, name: string): Status {
  const { group } = KINDS[resource];
  return failure(404, "NotFound", `${group ? `${resource}.${group}` : resource} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.once("end", () => resolve(text));
    req.once("error", reject);
  });
}
