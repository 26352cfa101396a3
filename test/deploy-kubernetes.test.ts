import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCpu, parseMemory } from "@baton/proto";
import { DRIVERS, parseRunnerConfig, type RunnerConfig } from "@baton/runner-host";
import { freePort } from "@baton/stack";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as batchV1 from "kubernetes-models/batch/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as rbacV1 from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as coreV1 from "kubernetes-models/v1";
import { afterAll, describe, expect, inject, it } from "vitest";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { parseKubernetesSettings } from "../runners/kubernetes/src/settings.js";
import { loadConfig } from "../services/control-plane/src/config.js";
import { type EdgePolicy, hostAllowed } from "../services/control-plane/src/graphql/edge.js";
import { consoleOrigins } from "../services/stack/src/cors.js";
import { waitFor } from "./support/flows.js";
import { scratchDatabase, stopChildren } from "./support/scratch.js";

// deploy/kubernetes cannot be applied here (no API server can run on this
// machine), so what can be checked without a cluster is checked against the
// real thing: every object against the Kubernetes OpenAPI schema
// (kubernetes-models), `kubectl kustomize` for what `apply -k` sends, Baton's
// own config parsers for every environment, and, for real, the control plane
// with its Deployment's environment behind the console pod's forwarder.
// Each check is a function returning problems, and each is shown to report a
// broken copy of the manifests.

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const k8sDir = join(repoRoot, "deploy", "kubernetes");

// ---------------------------------------------------------------- the manifests as data

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  // biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML; the schema check types them.
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above (Role rules, RoleBinding subjects...).
  [field: string]: any;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
    configMapKeyRef?: unknown;
    resourceFieldRef?: unknown;
  };
}
interface ContainerPort {
  name?: string;
  containerPort: number;
}
interface Probe {
  httpGet?: { path?: string; port: string | number };
  tcpSocket?: { port: string | number };
  exec?: unknown;
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  serviceAccountName?: string;
  securityContext?: Record<string, unknown>;
  topologySpreadConstraints?: { topologyKey: string; labelSelector?: { matchLabels?: Record<string, string> } }[];
  affinity?: {
    podAntiAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { topologyKey: string }[];
      preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm: { topologyKey: string } }[];
    };
  };
  volumes?: { name: string }[];
}
interface Kustomization {
  resources?: string[];
  secretGenerator?: { name: string; namespace?: string; envs?: string[]; literals?: string[]; files?: string[] }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

/** The manifests as files: the kustomization and each YAML file it may list. */
interface Manifests {
  kustomization: Kustomization;
  /** file name -> its YAML text. */
  files: Map<string, string>;
}

function readManifests(dir: string): Manifests {
  const files = new Map<string, string>();
  const walk = (at: string): void => {
    for (const e of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(e.name) && !/^kustomization\.ya?ml$/.test(e.name)) {
        files.set(relative(dir, path), readFileSync(path, "utf8"));
      }
    }
  };
  walk(dir);
  return {
    kustomization: parseYaml(readFileSync(join(dir, "kustomization.yaml"), "utf8")) as Kustomization,
    files,
  };
}

/** Every document of every file; a YAML error is a problem, not a crash. */
function objectsOf(m: Manifests, problems: string[] = []): K8sObject[] {
  const out: K8sObject[] = [];
  for (const [file, text] of m.files) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) problems.push(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
      const value = doc.toJS() as K8sObject | null;
      if (value !== null) out.push(value);
    }
  }
  return out;
}

/** The models by apiVersion, then kind: only these kinds may appear. */
const MODELS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  "apps/v1": appsV1,
  "batch/v1": batchV1,
  "policy/v1": policyV1,
  "rbac.authorization.k8s.io/v1": rbacV1,
};

/** kubernetes-models' OpenAPI check of one object, by its apiVersion and kind. */
function schemaProblems(o: K8sObject): string[] {
  const id = `${o.kind ?? "?"} ${o.metadata?.name ?? "?"}`;
  const Model = MODELS[o.apiVersion]?.[o.kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (typeof Model !== "function") return [`${id}: unknown apiVersion/kind ${o.apiVersion}/${o.kind}`];
  try {
    new Model(o).validate();
    return [];
  } catch (err) {
    return [`${id}: ${(err as Error).message}`];
  }
}

// ---------------------------------------------------------------- what Baton's code says

/** The environment variable names a parser reads: it is handed a Proxy that notes every lookup. */
function namesRead(parse: (env: Record<string, string>) => unknown, env: Record<string, string>): Set<string> {
  const seen = new Set<string>();
  const note = (k: string | symbol) => typeof k === "string" && seen.add(k);
  const proxy = new Proxy(
    { ...env },
    {
      get: (t, k) => {
        note(k);
        return Reflect.get(t, k);
      },
      has: (t, k) => {
        note(k);
        return Reflect.has(t, k);
      },
    },
  );
  try {
    parse(proxy);
  } catch {
    // only the names matter here; the values are checked by a parse of their own
  }
  return new Set([...seen].filter((n) => /^[A-Z][A-Z0-9_]*$/.test(n)));
}

const packageDir = (pkg: string): string => dirname(require.resolve(`${pkg}/package.json`));
/** As `npm start` starts them: <package>/dist/main.js. */
const entryOf = (pkg: string): string => relative(repoRoot, join(packageDir(pkg), "dist", "main.js"));

/** The variables the console reads: process.env.NAME in its server and sources. */
function consoleEnvNames(): Set<string> {
  const web = packageDir("@baton/web");
  const files = [join(web, "server.mjs")];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== "generated") walk(join(dir, e.name));
      else if (/\.tsx?$/.test(e.name)) files.push(join(dir, e.name));
    }
  };
  walk(join(web, "src"));
  return new Set(
    files.flatMap((f) =>
      // process.env.NAME, and the names listed one per line where a list of them is read (lib/auth/server.ts).
      [...readFileSync(f, "utf8").matchAll(/process\.env\.([A-Z0-9_]+)|^\s+"([A-Z][A-Z0-9_]+)",$/gm)].map(
        (m) => m[1] ?? m[2] ?? "",
      ),
    ),
  );
}

/** The compose file's migrate command: test/deploy.test.ts runs it against a real PostgreSQL. */
function composeMigrateCommand(): string[] {
  const compose = parseYaml(readFileSync(join(repoRoot, "deploy", "compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<string, { command?: string[] }>;
  };
  return compose.services.migrate?.command ?? [];
}

/** The platforms the runner host accepts (runners/host/src/drivers.ts). */
const platforms = Object.keys(DRIVERS);

const facts = {
  controlPlane: entryOf("@baton/control-plane"),
  runner: entryOf("@baton/runner-host"),
  console: relative(repoRoot, join(packageDir("@baton/web"), "server.mjs")),
  consoleEnv: consoleEnvNames(),
  migrate: composeMigrateCommand(),
};

// ---------------------------------------------------------------- the checks

type Role = "control-plane" | "runner" | "console" | "migrate" | "forwarder" | "nats";

interface Pod {
  owner: K8sObject;
  namespace: string;
  labels: Record<string, string>;
  spec: PodSpec;
}
interface Located {
  pod: Pod;
  container: Container;
  init: boolean;
  role: Role | undefined;
}

const BATON_NAME = { key: "app.kubernetes.io/name", value: "baton" };
/**
 * Secrets the operator creates from `npm run nats-config -- --out DIR ...`
 * (README.md, "NATS users"), with their keys and sample values: the NATS
 * server's users, the control plane's password, one password file per runner pod.
 */
const OPERATOR_SECRETS: Record<string, Record<string, string>> = {
  "baton-nats-server": { "auth.conf": "authorization { users = [] }" },
  "baton-nats-control-plane": { password: "sample-password" },
  "baton-nats-runners": { "baton-runner-0": "sample-password" },
};
const COMPONENT = "app.kubernetes.io/component";
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job"]);
const RUNNER_RULES = [
  "batch/jobs:create",
  "batch/jobs:delete",
  "batch/jobs:get",
  "batch/jobs:list",
  "batch/jobs:watch",
  "/pods:get",
  "/pods:list",
  "/pods:watch",
  "/pods/log:get",
];

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

function roleOf(c: Container): Role | undefined {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (c.image?.startsWith("nats:")) return "nats";
  if (argv[0] !== "node") return undefined;
  if (argv[1] === facts.controlPlane) return "control-plane";
  if (argv[1] === facts.runner) return "runner";
  if (argv[1] === facts.console) return "console";
  const script = argv.join(" ");
  if (/from ["']@baton\/db["']/.test(script)) return "migrate";
  if (/from ["']node:net["']/.test(script)) return "forwarder";
  return undefined;
}

/** A sample of what the kubelet puts in an env var: the pod's name, or the Secret's value. */
function envOf(c: Container, pod: Pod, secrets: Map<string, Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) {
    const from = e.valueFrom;
    if (from?.fieldRef?.fieldPath === "metadata.name") env[e.name] = `${pod.owner.metadata.name}-0`;
    else if (from?.secretKeyRef) env[e.name] = secrets.get(from.secretKeyRef.name)?.[from.secretKeyRef.key] ?? "";
    else env[e.name] = e.value ?? "";
  }
  return env;
}

/** KEY=value lines of an env file (what kustomize's secretGenerator `envs` reads). */
function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

const policyOf = (cfg: ReturnType<typeof loadConfig>): EdgePolicy => ({
  host: cfg.host,
  port: () => cfg.port,
  corsOrigins: cfg.edge.corsOrigins,
  allowedHosts: cfg.edge.allowedHosts,
});

/** Baton's own checks of the manifests; `run()` returns one sentence per problem. */
class ManifestChecker {
  private readonly problems: string[] = [];
  private readonly objects: K8sObject[];
  private readonly pods: Pod[];
  private readonly containers: Located[];
  /** Secrets the kustomization generates, with the keys (and sample values) of their example files. */
  private readonly secrets = new Map<string, Record<string, string>>();

  constructor(
    private readonly m: Manifests,
    private readonly exampleDir: string,
  ) {
    this.objects = objectsOf(m, this.problems);
    this.pods = this.objects
      .filter((o) => WORKLOADS.has(o.kind))
      .map((o) => {
        const template = o.spec?.template;
        return {
          owner: o,
          namespace: o.metadata?.namespace ?? "",
          labels: template?.metadata?.labels ?? {},
          spec: (template?.spec ?? { containers: [] }) as PodSpec,
        };
      });
    for (const [name, keys] of Object.entries(OPERATOR_SECRETS)) this.secrets.set(name, keys);
    this.containers = this.pods.flatMap((pod) => [
      ...(pod.spec.initContainers ?? []).map((container) => ({ pod, container, init: true, role: roleOf(container) })),
      ...(pod.spec.containers ?? []).map((container) => ({ pod, container, init: false, role: roleOf(container) })),
    ]);
  }

  run(): string[] {
    this.kustomization();
    for (const o of this.objects) this.anyObject(o);
    for (const pod of this.pods) this.workload(pod);
    for (const c of this.containers) this.container(c);
    for (const s of this.objects.filter((o) => o.kind === "Service")) this.service(s);
    this.controlPlane();
    this.console();
    this.runner();
    this.nats();
    return this.problems;
  }

  private say(what: string): void {
    this.problems.push(what);
  }

  private ofKind(kind: string): K8sObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  private withRole(role: Role): Located[] {
    return this.containers.filter((c) => c.role === role);
  }

  private kustomization(): void {
    const listed = new Set(this.m.kustomization.resources ?? []);
    for (const file of this.m.files.keys()) {
      if (!listed.has(file)) this.say(`${file} is not in kustomization.yaml's resources`);
    }
    for (const file of listed)
      if (!this.m.files.has(file)) this.say(`kustomization.yaml lists ${file}, which is not there`);
    for (const g of this.m.kustomization.secretGenerator ?? []) {
      if (g.literals?.length || g.files?.length)
        this.say(`secretGenerator ${g.name} holds literals or files: use envs`);
      const values: Record<string, string> = {};
      for (const file of g.envs ?? []) {
        const example = join(this.exampleDir, `${file}.example`);
        if (!existsSync(example)) this.say(`secretGenerator ${g.name}: no ${file}.example shows what ${file} holds`);
        else Object.assign(values, envFile(readFileSync(example, "utf8")));
        if (existsSync(join(this.exampleDir, file))) this.say(`${file} (a real secret) is in the repository`);
      }
      this.secrets.set(g.name, values);
    }
  }

  private anyObject(o: K8sObject): void {
    const id = `${o.kind} ${o.metadata?.name}`;
    const labels = o.metadata?.labels ?? {};
    if (labels[BATON_NAME.key] !== BATON_NAME.value) this.say(`${id} is not labelled ${BATON_NAME.key}=baton`);
    if (!labels[COMPONENT]) this.say(`${id} has no ${COMPONENT} label`);
    if (o.kind === "Secret") this.say(`${id}: a Secret in the manifests (the database URL comes from database.env)`);
    const namespaces = new Set(this.ofKind("Namespace").map((n) => n.metadata.name));
    if (o.kind !== "Namespace" && !namespaces.has(o.metadata?.namespace)) {
      this.say(`${id} is in namespace ${o.metadata?.namespace ?? "(none)"}, which the manifests do not create`);
    }
  }

  private workload(pod: Pod): void {
    const id = `${pod.owner.kind} ${pod.owner.metadata.name}`;
    const selector = pod.owner.spec?.selector?.matchLabels as Record<string, string> | undefined;
    if (pod.owner.kind !== "Job" && !matches(selector, pod.labels)) {
      this.say(`${id}: its selector does not match its pods' labels`);
    }
    const roles = new Set(this.containers.filter((c) => c.pod === pod).map((c) => c.role));
    const runsApi = roles.has("runner");
    if (!runsApi && pod.spec.serviceAccountName) this.say(`${id} uses a service account but never calls the API`);
    if (!runsApi && (pod.spec as { automountServiceAccountToken?: boolean }).automountServiceAccountToken !== false) {
      this.say(`${id} mounts a service account token it does not need`);
    }
    const sc = pod.spec.securityContext ?? {};
    if (sc.runAsNonRoot !== true) this.say(`${id}: its pods may run as root (no runAsNonRoot)`);
    // The image's USER is `node`: the kubelet can check runAsNonRoot only against a numeric uid.
    if (typeof sc.runAsUser !== "number" || sc.runAsUser === 0) {
      this.say(`${id}: no non-zero runAsUser, so runAsNonRoot cannot be checked against the image's user name`);
    }
    const mounted = new Set((pod.spec.volumes ?? []).map((v) => v.name));
    for (const t of pod.owner.spec?.volumeClaimTemplates ?? []) mounted.add(t.metadata?.name);
    for (const { container: c } of this.containers.filter((x) => x.pod === pod)) {
      for (const v of c.volumeMounts ?? []) {
        if (!mounted.has(v.name)) this.say(`${id}/${c.name} mounts ${v.name}, which its pod does not have`);
      }
    }
  }

  private container({ pod, container: c, role }: Located): void {
    const id = `${pod.owner.kind} ${pod.owner.metadata.name}/${c.name}`;
    for (const kind of ["requests", "limits"] as const) {
      for (const what of ["cpu", "memory"]) {
        if (!c.resources?.[kind]?.[what]) this.say(`${id} has no ${what} ${kind}`);
      }
    }
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (req.cpu && lim.cpu && (parseCpu(req.cpu) ?? 0) > (parseCpu(lim.cpu) ?? 0))
      this.say(`${id}: cpu request above its limit`);
    if (req.memory && lim.memory && (parseMemory(req.memory) ?? 0) > (parseMemory(lim.memory) ?? 0)) {
      this.say(`${id}: memory request above its limit`);
    }
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) this.say(`${id} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) this.say(`${id} allows privilege escalation`);
    if (!((sc.capabilities as { drop?: string[] } | undefined)?.drop ?? []).includes("ALL")) {
      this.say(`${id} keeps Linux capabilities (drop ALL)`);
    }
    for (const e of c.env ?? []) {
      if (e.value !== undefined && e.valueFrom) this.say(`${id}: ${e.name} has both value and valueFrom`);
      if (/_FILE$/.test(e.name)) {
        if (/PASSWORD|SECRET|TOKEN|SEED/.test(e.name) && !this.secretMountOf(pod, c, e.value ?? ""))
          this.say(`${id}: ${e.name} (${e.value}) is not in a Secret mounted in the container`);
      } else if (/PASSWORD|SECRET|TOKEN|DATABASE_URL/.test(e.name) && !e.valueFrom?.secretKeyRef) {
        this.say(`${id}: ${e.name} is written in the manifest, not taken from a Secret`);
      }
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && !(ref.key in (this.secrets.get(ref.name) ?? {}))) {
        this.say(
          `${id}: ${e.name} comes from Secret ${ref.name} key ${ref.key}, which the kustomization does not make`,
        );
      }
    }
    if (role && role !== "nats") this.envNames({ pod, container: c, init: false, role });
    if (role && role !== "nats" && c.image !== "baton:local")
      this.say(`${id} does not run the Baton image (baton:local)`);
  }

  /** The Secret (and the volume's mount path) a file path of the container lies in, if any. */
  private secretMountOf(pod: Pod, c: Container, path: string): { secret: string; mountPath: string } | undefined {
    for (const m of c.volumeMounts ?? []) {
      if (!path.startsWith(`${m.mountPath.replace(/\/$/, "")}/`)) continue;
      const volume = (pod.spec.volumes ?? []).find((v) => v.name === m.name) as
        | { secret?: { secretName?: string; items?: { key: string; path: string }[] } }
        | undefined;
      const secret = volume?.secret?.secretName;
      if (!secret) continue;
      if (!this.secrets.has(secret)) {
        this.say(
          `${c.name}: volume ${m.name} mounts Secret ${secret}, which neither the kustomization nor the operator makes`,
        );
        continue;
      }
      const items = volume?.secret?.items;
      const relative = path.slice(m.mountPath.replace(/\/$/, "").length + 1);
      if (items && !items.some((i) => i.path === relative && i.key in (this.secrets.get(secret) ?? {}))) continue;
      return { secret, mountPath: m.mountPath };
    }
    return undefined;
  }

  /** Names in the environment that no parser reads: a typo there would be silently ignored. */
  private envNames({ pod, container: c, role }: Located): void {
    const id = `${pod.owner.kind} ${pod.owner.metadata.name}/${c.name}`;
    const env = envOf(c, pod, this.secrets);
    let read: Set<string>;
    if (role === "control-plane") read = namesRead(loadConfig, env);
    else if (role === "runner") {
      read = new Set([
        ...namesRead((e) => parseRunnerConfig(e, platforms), env),
        ...namesRead((e) => parseKubernetesSettings(e), { KUBERNETES_SERVICE_HOST: "10.96.0.1", ...env }),
      ]);
    } else if (role === "console") read = facts.consoleEnv;
    else {
      const script = [...(c.command ?? []), ...(c.args ?? [])].join(" ");
      read = new Set([...script.matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1] ?? ""));
    }
    for (const key of Object.keys(env)) if (!read.has(key)) this.say(`${id}: ${key} is not a variable ${role} reads`);
  }

  /** Ports a container declares, by name and number. */
  private portOf(c: Container, port: string | number | undefined): number | undefined {
    const found = (c.ports ?? []).find((p) => p.name === port || p.containerPort === port);
    return found?.containerPort;
  }

  private probes(l: Located, paths?: { readinessProbe: string; livenessProbe: string }): void {
    const id = `${l.pod.owner.kind} ${l.pod.owner.metadata.name}/${l.container.name}`;
    for (const kind of ["readinessProbe", "livenessProbe"] as const) {
      const probe = l.container[kind];
      if (!probe) {
        this.say(`${id} has no ${kind}`);
        continue;
      }
      if (!probe.httpGet) this.say(`${id}: its ${kind} is not an HTTP GET`);
      else {
        if (this.portOf(l.container, probe.httpGet.port) === undefined) {
          this.say(`${id}: its ${kind} probes port ${probe.httpGet.port}, which the container does not declare`);
        }
        if (paths && probe.httpGet.path !== paths[kind]) this.say(`${id}: its ${kind} is not on ${paths[kind]}`);
      }
    }
    const startup = l.container.startupProbe?.httpGet;
    if (startup && this.portOf(l.container, startup.port) === undefined) {
      this.say(`${id}: its startupProbe probes port ${startup.port}, which the container does not declare`);
    }
  }

  private service(s: K8sObject): void {
    const id = `Service ${s.metadata.name}`;
    const spec = s.spec ?? {};
    if ((spec.type ?? "ClusterIP") !== "ClusterIP" || spec.externalIPs?.length) {
      this.say(`${id} is published outside the cluster (${spec.type}): Baton has no sign-in yet`);
    }
    const pods = this.pods.filter(
      (p) => p.namespace === s.metadata.namespace && matches(spec.selector as Record<string, string>, p.labels),
    );
    if (pods.length === 0) {
      this.say(`${id}: its selector matches the pods of no workload`);
      return;
    }
    const ports = (spec.ports ?? []) as { port: number; targetPort?: string | number }[];
    if (ports.length === 0 && spec.clusterIP !== "None") this.say(`${id} has no ports`);
    for (const p of ports) {
      const target = p.targetPort ?? p.port;
      const declared = pods.some((pod) => pod.spec.containers.some((c) => this.portOf(c, target) !== undefined));
      if (!declared) this.say(`${id}: port ${p.port} targets ${target}, which no container of its pods declares`);
    }
  }

  /** The Service in front of the pods of a role, with the port that reaches `containerPort`. */
  private serviceFor(role: Role, containerPort: number, name?: string): { service: K8sObject; port: number }[] {
    const pods = new Set(this.withRole(role).map((c) => c.pod));
    return this.ofKind("Service").flatMap((s) => {
      if (name !== undefined && s.metadata.name !== name) return [];
      if (![...pods].some((p) => p.namespace === s.metadata.namespace && matches(s.spec?.selector, p.labels)))
        return [];
      return ((s.spec?.ports ?? []) as { port: number; targetPort?: string | number }[])
        .filter((p) => {
          const t = p.targetPort ?? p.port;
          return [...pods].some((pod) => pod.spec.containers.some((c) => this.portOf(c, t) === containerPort));
        })
        .map((p) => ({ service: s, port: p.port }));
    });
  }

  private natsUrl(id: string, url: string): void {
    for (const server of url.split(",")) {
      const u = new URL(server.trim());
      const ok = this.serviceFor("nats", 4222, u.hostname.split(".")[0]).some((s) => s.port === Number(u.port || 4222));
      if (!ok) this.say(`${id}: NATS_URL ${server} names no Service in front of NATS's client port`);
    }
  }

  private controlPlane(): void {
    const planes = this.withRole("control-plane");
    if (planes.length === 0) this.say("no control plane (node services/control-plane/dist/main.js)");
    for (const l of planes) {
      const owner = l.pod.owner;
      const id = `${owner.kind} ${owner.metadata.name}`;
      if (owner.kind !== "Deployment") this.say(`${id}: the control plane is not a Deployment`);
      if ((owner.spec?.replicas ?? 1) < 2) this.say(`${id}: fewer than 2 control-plane replicas`);
      // Ready: Postgres, migrations, NATS and JetStream reachable; alive: the process serves.
      this.probes(l, { readinessProbe: "/readyz", livenessProbe: "/healthz" });
      let cfg: ReturnType<typeof loadConfig>;
      try {
        cfg = loadConfig(envOf(l.container, l.pod, this.secrets));
      } catch (err) {
        this.say(`${id}: ${(err as Error).message}`);
        continue;
      }
      if (cfg.host !== "0.0.0.0" && cfg.host !== "::")
        this.say(`${id}: listens on ${cfg.host}, not on the pod's address`);
      if (!cfg.observability.metricsToken)
        this.say(`${id}: /metrics is open to every pod (no BATON_METRICS_TOKEN from a Secret)`);
      if (this.portOf(l.container, cfg.port) === undefined) this.say(`${id}: PORT ${cfg.port} is not a declared port`);
      this.natsUrl(id, cfg.natsUrl);
      const cpVars = Object.fromEntries((l.container.env ?? []).map((e) => [e.name, e]));
      if (!cfg.natsUser || !cpVars.NATS_PASSWORD?.valueFrom?.secretKeyRef)
        this.say(`${id}: no NATS login (NATS_USER, and NATS_PASSWORD from a Secret)`);
      const services = this.serviceFor("control-plane", cfg.port);
      if (services.length === 0) this.say(`${id}: no Service in front of the control plane`);
      for (const { service, port } of services) {
        const ns = service.metadata.namespace;
        const names = [service.metadata.name, `${service.metadata.name}.${ns}`, `${service.metadata.name}.${ns}.svc`];
        for (const name of names) {
          if (!hostAllowed(`${name}:${port}`, policyOf(cfg)))
            this.say(`${id} refuses the Host ${name}:${port} of its Service`);
        }
        // kubectl port-forward keeps the port: the browser's Host is 127.0.0.1:<Service port>.
        if (!hostAllowed(`127.0.0.1:${port}`, policyOf(cfg))) {
          this.say(
            `${id} refuses the Host 127.0.0.1:${port} that \`kubectl port-forward svc/${service.metadata.name} ${port}\` sends`,
          );
        }
      }
      if (!cfg.migrate) {
        const init = (l.pod.spec.initContainers ?? []).map(roleOf);
        if (!init.includes("migrate")) this.say(`${id} has BATON_MIGRATE=false but no migrate init container`);
      }
      for (const c of l.pod.spec.initContainers ?? []) {
        if (roleOf(c) === "migrate" && JSON.stringify(c.command) !== JSON.stringify(facts.migrate)) {
          this.say(
            `${id}: its migrate init container's command differs from compose's migrate (which is run for real)`,
          );
        }
      }
      this.spread(l.pod);
      this.disruptionBudget(l.pod);
      for (const con of this.withRole("console")) {
        const port = Number(envOf(con.container, con.pod, this.secrets).PORT ?? 3000);
        for (const origin of consoleOrigins("127.0.0.1", port)) {
          if (!cfg.edge.corsOrigins.includes(origin))
            this.say(`${id} does not answer CORS for the console's ${origin}`);
        }
      }
    }
  }

  private spread(pod: Pod): void {
    const id = `${pod.owner.kind} ${pod.owner.metadata.name}`;
    const spread = (pod.spec.topologySpreadConstraints ?? []).some(
      (t) => t.topologyKey === "kubernetes.io/hostname" && matches(t.labelSelector?.matchLabels, pod.labels),
    );
    const anti = pod.spec.affinity?.podAntiAffinity;
    const apart =
      (anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(
        (t) => t.topologyKey === "kubernetes.io/hostname",
      ) ||
      (anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).some(
        (t) => t.podAffinityTerm.topologyKey === "kubernetes.io/hostname",
      );
    if (!spread && !apart) this.say(`${id}: nothing spreads its pods across nodes`);
  }

  private disruptionBudget(pod: Pod): void {
    const id = `${pod.owner.kind} ${pod.owner.metadata.name}`;
    const replicas = pod.owner.spec?.replicas ?? 1;
    const pdbs = this.ofKind("PodDisruptionBudget").filter(
      (p) => p.metadata.namespace === pod.namespace && matches(p.spec?.selector?.matchLabels, pod.labels),
    );
    if (pdbs.length === 0) this.say(`${id}: no PodDisruptionBudget selects its pods`);
    for (const p of pdbs) {
      const min = p.spec?.minAvailable;
      if (typeof min !== "number" || min < 1 || min >= replicas) {
        this.say(`${id}: PodDisruptionBudget ${p.metadata.name} minAvailable ${min} is not between 1 and replicas - 1`);
      }
    }
  }

  private console(): void {
    const consoles = this.withRole("console");
    if (consoles.length === 0) this.say("no console (node web/server.mjs)");
    for (const l of consoles) {
      const id = `${l.pod.owner.kind} ${l.pod.owner.metadata.name}`;
      this.probes(l);
      const env = envOf(l.container, l.pod, this.secrets);
      if (env.HOST !== "0.0.0.0") this.say(`${id}: the console does not listen on the pod's address (HOST=0.0.0.0)`);
      if (this.portOf(l.container, Number(env.PORT ?? 3000)) === undefined)
        this.say(`${id}: PORT is not a declared port`);
      if (this.serviceFor("console", Number(env.PORT ?? 3000)).length === 0)
        this.say(`${id}: no Service in front of it`);
      let url: URL;
      try {
        url = new URL(env.BATON_GRAPHQL_URL ?? "");
      } catch {
        this.say(`${id}: no valid BATON_GRAPHQL_URL`);
        continue;
      }
      // The browser (through port-forward) and the console's server (through
      // the forwarder in its pod) must both reach this one URL.
      const forwarders = this.containers.filter((c) => c.pod === l.pod && c.role === "forwarder");
      const script = forwarders.map((f) => [...(f.container.command ?? []), ...(f.container.args ?? [])].join(" "));
      const listen = script.map((s) => /\.listen\((\d+), "127\.0\.0\.1"\)/.exec(s)).find(Boolean);
      const upstream = script.map((s) => /connect\((\d+), "([^"]+)"\)/.exec(s)).find(Boolean);
      if (url.hostname !== "127.0.0.1" || !listen || Number(listen[1]) !== Number(url.port)) {
        this.say(`${id}: BATON_GRAPHQL_URL ${url} is not a forwarder in its pod on 127.0.0.1`);
        continue;
      }
      const plane = this.withRole("control-plane")[0];
      const planePort = plane ? loadConfig(envOf(plane.container, plane.pod, this.secrets)).port : 4000;
      const target = this.serviceFor("control-plane", planePort, upstream?.[2]);
      if (!upstream || !target.some((t) => t.port === Number(upstream[1]) && t.port === Number(url.port))) {
        this.say(`${id}: its forwarder does not reach the control plane's Service on port ${url.port}`);
      }
    }
  }

  private runner(): void {
    const runners = this.withRole("runner");
    if (runners.length === 0) this.say("no runner (node runners/host/dist/main.js)");
    for (const l of runners) {
      const owner = l.pod.owner;
      const id = `${owner.kind} ${owner.metadata.name}`;
      if (owner.kind !== "StatefulSet") this.say(`${id}: the runner is not a StatefulSet (its pod names would change)`);
      const vars = Object.fromEntries((l.container.env ?? []).map((e) => [e.name, e]));
      if (vars.RUNNER_PLATFORM?.value !== "kubernetes") this.say(`${id}: RUNNER_PLATFORM is not kubernetes`);
      if (vars.RUNNER_ID?.valueFrom?.fieldRef?.fieldPath !== "metadata.name") {
        this.say(`${id}: RUNNER_ID does not come from the pod's name (metadata.name)`);
      }
      if (vars.NATS_USER?.valueFrom?.fieldRef?.fieldPath !== "metadata.name")
        this.say(`${id}: NATS_USER is not the pod's name (each runner logs in as itself)`);
      const passwordFile = vars.NATS_PASSWORD_FILE?.value ?? "";
      const mount = this.secretMountOf(l.pod, l.container, passwordFile);
      if (!mount || passwordFile !== `${mount.mountPath.replace(/\/$/, "")}/$(RUNNER_ID)`)
        this.say(`${id}: NATS_PASSWORD_FILE is not the file named after the pod ($(RUNNER_ID)) in a mounted Secret`);
      const env = envOf(l.container, l.pod, this.secrets);
      try {
        const cfg = parseRunnerConfig(env, platforms);
        this.natsUrl(id, cfg.natsUrl);
        this.runnerProbes(id, l, cfg.http);
        if (cfg.http && !cfg.http.metricsToken && !cfg.http.metricsTokenFile)
          this.say(`${id}: its /metrics is open to every pod (no RUNNER_METRICS_TOKEN from a Secret)`);
        parseKubernetesSettings({ KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443", ...env });
      } catch (err) {
        this.say(`${id}: ${(err as Error).message.replace(/\s+/g, " ")}`);
      }
      this.rbac(id, l.pod.spec.serviceAccountName, l.pod.namespace, env.RUNNER_KUBERNETES_NAMESPACE);
    }
  }

  /** /healthz and /readyz on the port RUNNER_HTTP_PORT says, which the runner listens on at the pod's address. */
  private runnerProbes(id: string, l: Located, http: RunnerConfig["http"]): void {
    if (!http) {
      this.say(`${id}: no RUNNER_HTTP_PORT (its probes and /metrics need the runner's listener)`);
      return;
    }
    if (http.host !== "0.0.0.0" && http.host !== "::")
      this.say(`${id}: RUNNER_HTTP_HOST is ${http.host}, not the pod's address (0.0.0.0)`);
    if (this.portOf(l.container, http.port) === undefined)
      this.say(`${id}: RUNNER_HTTP_PORT ${http.port} is not a declared port`);
    for (const [kind, path] of [
      ["livenessProbe", "/healthz"],
      ["readinessProbe", "/readyz"],
    ] as const) {
      const get = l.container[kind]?.httpGet;
      if (!get) {
        this.say(`${id} has no ${kind} (an HTTP GET on ${path})`);
        continue;
      }
      if (get.path !== path) this.say(`${id}: its ${kind} is not on ${path}`);
      if (this.portOf(l.container, get.port) !== http.port)
        this.say(`${id}: its ${kind} probes port ${get.port}, not RUNNER_HTTP_PORT ${http.port}`);
    }
  }

  private rbac(id: string, account: string | undefined, podNamespace: string, runs: string | undefined): void {
    if (!account) {
      this.say(`${id} runs under the default service account`);
      return;
    }
    const sa = this.ofKind("ServiceAccount").find(
      (s) => s.metadata.name === account && s.metadata.namespace === podNamespace,
    );
    if (!sa) this.say(`${id}: its ServiceAccount ${account} is not in the manifests`);
    if (!runs) {
      this.say(`${id}: no RUNNER_KUBERNETES_NAMESPACE`);
      return;
    }
    if (runs === podNamespace) this.say(`${id}: its Jobs go to its own namespace, not a separate one`);
    const bindings = this.ofKind("RoleBinding").filter(
      (b) =>
        b.metadata.namespace === runs &&
        (b.subjects ?? []).some(
          (s: { kind: string; name: string; namespace?: string }) =>
            s.kind === "ServiceAccount" && s.name === account && s.namespace === podNamespace,
        ),
    );
    if (bindings.length === 0)
      this.say(`${id}: no RoleBinding in ${runs} binds ServiceAccount ${podNamespace}/${account}`);
    if (this.ofKind("ClusterRoleBinding").length > 0)
      this.say("a ClusterRoleBinding: the runner needs nothing cluster-wide");
    for (const b of bindings) {
      if (b.roleRef?.kind !== "Role") {
        this.say(`RoleBinding ${b.metadata.name} binds a ${b.roleRef?.kind}, not a Role`);
        continue;
      }
      const role = this.ofKind("Role").find((r) => r.metadata.name === b.roleRef.name && r.metadata.namespace === runs);
      if (!role) {
        this.say(`RoleBinding ${b.metadata.name} binds Role ${b.roleRef.name}, which is not in ${runs}`);
        continue;
      }
      const granted = new Set<string>();
      for (const rule of role.rules ?? []) {
        if (rule.resourceNames?.length || rule.nonResourceURLs?.length)
          this.say(`Role ${role.metadata.name}: narrowed or odd rule`);
        for (const g of rule.apiGroups ?? [])
          for (const r of rule.resources ?? []) for (const v of rule.verbs ?? []) granted.add(`${g}/${r}:${v}`);
      }
      for (const g of granted) {
        if (g.includes("*")) this.say(`Role ${role.metadata.name} grants a wildcard (${g})`);
        else if (g.includes("secrets")) this.say(`Role ${role.metadata.name} grants access to Secrets (${g})`);
        else if (!RUNNER_RULES.includes(g))
          this.say(`Role ${role.metadata.name} grants ${g}, which the runner does not use`);
      }
      for (const want of RUNNER_RULES) if (!granted.has(want)) this.say(`Role ${role.metadata.name} lacks ${want}`);
    }
    if (!this.ofKind("Namespace").some((n) => n.metadata.name === runs)) this.say(`namespace ${runs} is not created`);
  }

  private nats(): void {
    const nats = this.withRole("nats");
    if (nats.length !== 1) this.say(`expected one NATS container, found ${nats.length}`);
    for (const l of nats) {
      const owner = l.pod.owner;
      const id = `${owner.kind} ${owner.metadata.name}`;
      if (owner.kind !== "StatefulSet") this.say(`${id}: NATS is not a StatefulSet`);
      const argv = [...(l.container.command ?? []), ...(l.container.args ?? [])];
      const flag = (...names: string[]) => {
        const i = argv.findIndex((a) => names.includes(a));
        return i < 0 ? undefined : argv[i + 1];
      };
      if (!argv.some((a) => a === "-js" || a === "--jetstream")) this.say(`${id}: NATS runs without JetStream (-js)`);
      const config = flag("-c", "--config") ?? "";
      const auth = this.secretMountOf(l.pod, l.container, config);
      if (!auth || !("auth.conf" in (this.secrets.get(auth.secret) ?? {})))
        this.say(`${id}: NATS runs without authentication (-c with auth.conf from a Secret)`);
      const store = flag("-sd", "--store_dir");
      const claims = new Set((owner.spec?.volumeClaimTemplates ?? []).map((t: K8sObject) => t.metadata?.name));
      const onClaim = (l.container.volumeMounts ?? []).some((v) => v.mountPath === store && claims.has(v.name));
      if (!store || !onClaim) this.say(`${id}: the JetStream store is not on a volumeClaimTemplate`);
      const monitor = Number(flag("-m", "--http_port"));
      for (const kind of ["readinessProbe", "livenessProbe"] as const) {
        const get = l.container[kind]?.httpGet;
        if (!get?.path?.startsWith("/healthz") || this.portOf(l.container, get.port) !== monitor) {
          this.say(`${id}: its ${kind} is not on the monitoring port's /healthz`);
        }
      }
      const headless = this.ofKind("Service").find((s) => s.metadata.name === owner.spec?.serviceName);
      if (headless?.spec?.clusterIP !== "None") this.say(`${id}: its serviceName is no headless Service`);
      if (this.serviceFor("nats", 4222).filter((s) => s.service.spec?.clusterIP !== "None").length === 0) {
        this.say(`${id}: no client Service in front of port 4222`);
      }
    }
  }
}

// ---------------------------------------------------------------- the tests

const manifests = readManifests(k8sDir);
const problemsOf = (m: Manifests): string[] => new ManifestChecker(m, k8sDir).run();

/** A copy of the manifests with one object changed (found by kind and name). */
function mutate(kind: string, name: string, change: (o: K8sObject) => void): Manifests {
  const files = new Map<string, string>();
  let found = false;
  for (const [file, text] of manifests.files) {
    const docs = parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
    for (const o of docs) {
      if (o.kind === kind && o.metadata.name === name) {
        change(o);
        found = true;
      }
    }
    files.set(file, docs.map((d) => JSON.stringify(d)).join("\n---\n"));
  }
  if (!found) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return { kustomization: structuredClone(manifests.kustomization), files };
}
const containerOf = (o: K8sObject, name: string): Container => {
  const spec = o.spec.template.spec as PodSpec;
  const c = [...(spec.initContainers ?? []), ...spec.containers].find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${o.metadata.name}`);
  return c;
};
const setEnv = (o: K8sObject, container: string, name: string, entry: Omit<EnvVar, "name">) => {
  const c = containerOf(o, container);
  c.env = [...(c.env ?? []).filter((e) => e.name !== name), { name, ...entry }];
};

describe("deploy/kubernetes", () => {
  const objects = objectsOf(manifests);

  it("every YAML file is in the kustomization's resources, and every resource is a file", () => {
    const listed = [...(manifests.kustomization.resources ?? [])].sort();
    expect(listed).toEqual([...manifests.files.keys()].sort());
    expect(objects.length).toBeGreaterThan(10);
  });

  it("every object is valid by the Kubernetes OpenAPI schema (kubernetes-models)", () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it("the schema check refuses what the API server refuses, and kinds it does not know", () => {
    const bad = mutate("Deployment", "baton-control-plane", (o) => {
      o.spec.replicas = "two";
    });
    expect(objectsOf(bad).flatMap(schemaProblems).join("\n")).toMatch(/Deployment baton-control-plane: .*replicas/);
    expect(schemaProblems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toEqual([
      "Widget w: unknown apiVersion/kind example.com/v1/Widget",
    ]);
  });

  it("passes Baton's checks: config parsers, probes, ports, Services, PDB, RBAC, secrets, security", () => {
    expect(problemsOf(manifests)).toEqual([]);
  });

  it("the control plane's migrate init container runs compose's migrate command", () => {
    // test/deploy.test.ts runs that command against a real PostgreSQL.
    expect(facts.migrate).toContain("--input-type=module");
    const cp = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "baton-control-plane");
    expect(cp && containerOf(cp, "migrate").command).toEqual(facts.migrate);
  });

  it("the runner host knows RUNNER_PLATFORM=kubernetes (runners/host/src/drivers.ts)", () => {
    expect(platforms).toContain("kubernetes");
  });

  // Each broken copy must be reported, so the checks above are known to bite.
  const broken: [string, () => Manifests, RegExp][] = [
    [
      "one control plane",
      () =>
        mutate("Deployment", "baton-control-plane", (o) => {
          o.spec.replicas = 1;
        }),
      /fewer than 2 control-plane replicas/,
    ],
    [
      "a PodDisruptionBudget that selects other pods",
      () =>
        mutate("PodDisruptionBudget", "baton-control-plane", (o) => {
          o.spec.selector.matchLabels[COMPONENT] = "console";
        }),
      /no PodDisruptionBudget selects its pods/,
    ],
    [
      "a PodDisruptionBudget that blocks every drain",
      () =>
        mutate("PodDisruptionBudget", "baton-control-plane", (o) => {
          o.spec.minAvailable = 2;
        }),
      /minAvailable 2 is not between 1 and replicas - 1/,
    ],
    [
      "a container without limits",
      () => mutate("StatefulSet", "baton-nats", (o) => void delete containerOf(o, "nats").resources?.limits),
      /baton-nats\/nats has no cpu limits/,
    ],
    [
      "an init container without requests",
      () =>
        mutate("Deployment", "baton-control-plane", (o) => void delete containerOf(o, "migrate").resources?.requests),
      /baton-control-plane\/migrate has no cpu requests/,
    ],
    [
      "a control plane without a readiness probe",
      () =>
        mutate("Deployment", "baton-control-plane", (o) => void delete containerOf(o, "control-plane").readinessProbe),
      /control-plane has no readinessProbe/,
    ],
    [
      "a liveness probe on another path",
      () =>
        mutate("Deployment", "baton-control-plane", (o) => {
          const probe = containerOf(o, "control-plane").livenessProbe;
          if (probe?.httpGet) probe.httpGet.path = "/graphql";
        }),
      /its livenessProbe is not on \/healthz/,
    ],
    [
      "a control plane whose /metrics needs no token",
      () =>
        mutate("Deployment", "baton-control-plane", (o) => {
          const c = containerOf(o, "control-plane");
          c.env = (c.env ?? []).filter((e) => e.name !== "BATON_METRICS_TOKEN");
        }),
      /control-plane: \/metrics is open to every pod/,
    ],
    [
      "a control-plane readiness probe on /healthz (up, but maybe without Postgres or NATS)",
      () =>
        mutate("Deployment", "baton-control-plane", (o) => {
          const probe = containerOf(o, "control-plane").readinessProbe;
          if (probe?.httpGet) probe.httpGet.path = "/healthz";
        }),
      /control-plane: its readinessProbe is not on \/readyz/,
    ],
    [
      "a console probe on an undeclared port",
      () =>
        mutate("Deployment", "baton-console", (o) => {
          const probe = containerOf(o, "console").readinessProbe;
          if (probe?.httpGet) probe.httpGet.port = 8080;
        }),
      /console: its readinessProbe probes port 8080, which the container does not declare/,
    ],
    [
      "a Service that selects no pods",
      () =>
        mutate("Service", "baton-console", (o) => {
          o.spec.selector[COMPONENT] = "web";
        }),
      /Service baton-console: its selector matches the pods of no workload/,
    ],
    [
      "a Service whose targetPort no container declares",
      () =>
        mutate("Service", "baton-control-plane", (o) => {
          o.spec.ports[0].targetPort = 4001;
        }),
      /Service baton-control-plane: port 4000 targets 4001/,
    ],
    [
      "a Service published outside the cluster",
      () =>
        mutate("Service", "baton-console", (o) => {
          o.spec.type = "LoadBalancer";
        }),
      /Service baton-console is published outside the cluster/,
    ],
    [
      "a wildcard in the runner's Role",
      () =>
        mutate("Role", "baton-runner", (o) => {
          o.rules[0].verbs = ["*"];
        }),
      /grants a wildcard \(batch\/jobs:\*\)/,
    ],
    [
      "the runner's Role reading Secrets",
      () =>
        mutate("Role", "baton-runner", (o) => {
          o.rules.push({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] });
        }),
      /grants access to Secrets/,
    ],
    [
      "a verb the runner does not use",
      () => mutate("Role", "baton-runner", (o) => void o.rules[1].verbs.push("delete")),
      /grants \/pods:delete, which the runner does not use/,
    ],
    [
      "a Role without pods/log",
      () => mutate("Role", "baton-runner", (o) => void o.rules.pop()),
      /lacks \/pods\/log:get/,
    ],
    [
      "a RoleBinding to another ServiceAccount",
      () =>
        mutate("RoleBinding", "baton-runner", (o) => {
          o.subjects[0].name = "default";
        }),
      /no RoleBinding in baton-runs binds ServiceAccount baton\/baton-runner/,
    ],
    [
      "a runner on another platform",
      () => mutate("StatefulSet", "baton-runner", (o) => setEnv(o, "runner", "RUNNER_PLATFORM", { value: "docker" })),
      /RUNNER_PLATFORM is not kubernetes/,
    ],
    [
      "a fixed RUNNER_ID",
      () => mutate("StatefulSet", "baton-runner", (o) => setEnv(o, "runner", "RUNNER_ID", { value: "runner-1" })),
      /RUNNER_ID does not come from the pod's name/,
    ],
    [
      "a runner readiness probe on /healthz",
      () =>
        mutate("StatefulSet", "baton-runner", (o) => {
          const probe = containerOf(o, "runner").readinessProbe;
          if (probe?.httpGet) probe.httpGet.path = "/healthz";
        }),
      /StatefulSet baton-runner: its readinessProbe is not on \/readyz/,
    ],
    [
      "a runner whose /metrics needs no token",
      () =>
        mutate("StatefulSet", "baton-runner", (o) => {
          const c = containerOf(o, "runner");
          c.env = (c.env ?? []).filter((e) => e.name !== "RUNNER_METRICS_TOKEN");
        }),
      /StatefulSet baton-runner: its \/metrics is open to every pod/,
    ],
    [
      "a runner without a liveness probe",
      () => mutate("StatefulSet", "baton-runner", (o) => void delete containerOf(o, "runner").livenessProbe),
      /StatefulSet baton-runner has no livenessProbe \(an HTTP GET on \/healthz\)/,
    ],
    [
      "a runner listening on another port than its probes",
      () => mutate("StatefulSet", "baton-runner", (o) => setEnv(o, "runner", "RUNNER_HTTP_PORT", { value: "9999" })),
      /RUNNER_HTTP_PORT 9999 is not a declared port[\s\S]*its livenessProbe probes port http, not RUNNER_HTTP_PORT 9999/,
    ],
    [
      "a runner listening on loopback only",
      () =>
        mutate("StatefulSet", "baton-runner", (o) => setEnv(o, "runner", "RUNNER_HTTP_HOST", { value: "127.0.0.1" })),
      /RUNNER_HTTP_HOST is 127\.0\.0\.1, not the pod's address/,
    ],
    [
      "a runner as a Deployment",
      () =>
        mutate("StatefulSet", "baton-runner", (o) => {
          o.kind = "Deployment";
        }),
      /the runner is not a StatefulSet/,
    ],
    [
      "a misspelt control-plane variable",
      () =>
        mutate("Deployment", "baton-control-plane", (o) =>
          setEnv(o, "control-plane", "BATON_MIGRTE", { value: "false" }),
        ),
      /BATON_MIGRTE is not a variable control-plane reads/,
    ],
    [
      "a misspelt runner variable",
      () =>
        mutate("StatefulSet", "baton-runner", (o) =>
          setEnv(o, "runner", "RUNNER_KUBERNETES_NAMESPACES", { value: "baton-runs" }),
        ),
      /RUNNER_KUBERNETES_NAMESPACES is not a variable runner reads/,
    ],
    [
      "a bad runner value",
      () =>
        mutate("StatefulSet", "baton-runner", (o) =>
          setEnv(o, "runner", "RUNNER_KUBERNETES_NAMESPACE", { value: "Baton_Runs" }),
        ),
      /RUNNER_KUBERNETES_NAMESPACE: must be a namespace name/,
    ],
    [
      "a DATABASE_URL written in the manifest",
      () =>
        mutate("Deployment", "baton-control-plane", (o) =>
          setEnv(o, "control-plane", "DATABASE_URL", { value: "postgresql://baton:baton@db:5432/baton" }),
        ),
      /DATABASE_URL is written in the manifest, not taken from a Secret/,
    ],
    [
      "a DATABASE_URL from a Secret the kustomization does not make",
      () =>
        mutate("Deployment", "baton-control-plane", (o) =>
          setEnv(o, "migrate", "DATABASE_URL", { valueFrom: { secretKeyRef: { name: "db", key: "url" } } }),
        ),
      /DATABASE_URL comes from Secret db key url, which the kustomization does not make/,
    ],
    [
      "a control plane that refuses its Service's name",
      () =>
        mutate("Deployment", "baton-control-plane", (o) =>
          setEnv(o, "control-plane", "BATON_ALLOWED_HOSTS", { value: "" }),
        ),
      /refuses the Host baton-control-plane.baton.svc:4000/,
    ],
    [
      "a control plane on a port its Service does not keep",
      () =>
        mutate("Service", "baton-control-plane", (o) => {
          o.spec.ports[0].port = 80;
        }),
      /refuses the Host 127\.0\.0\.1:80/,
    ],
    [
      "a console origin the control planes do not allow",
      () => mutate("Deployment", "baton-console", (o) => setEnv(o, "console", "PORT", { value: "3005" })),
      /does not answer CORS for the console's http:\/\/127\.0\.0\.1:3005/,
    ],
    [
      "a console URL its pod's forwarder does not serve",
      () =>
        mutate("Deployment", "baton-console", (o) =>
          setEnv(o, "console", "BATON_GRAPHQL_URL", { value: "http://127.0.0.1:4001/graphql" }),
        ),
      /is not a forwarder in its pod on 127\.0\.0\.1/,
    ],
    [
      "a forwarder aimed at another Service",
      () =>
        mutate("Deployment", "baton-console", (o) => {
          const c = containerOf(o, "api");
          c.command = (c.command ?? []).map((a) => a.replace('"baton-control-plane"', '"baton-console"'));
        }),
      /its forwarder does not reach the control plane's Service/,
    ],
    [
      "a control plane without migrations",
      () => mutate("Deployment", "baton-control-plane", (o) => void delete o.spec.template.spec.initContainers),
      /has BATON_MIGRATE=false but no migrate init container/,
    ],
    [
      "a NATS_URL that names no Service",
      () =>
        mutate("StatefulSet", "baton-runner", (o) => setEnv(o, "runner", "NATS_URL", { value: "nats://nats:4222" })),
      /NATS_URL nats:\/\/nats:4222 names no Service/,
    ],
    [
      "NATS without JetStream",
      () =>
        mutate("StatefulSet", "baton-nats", (o) => {
          containerOf(o, "nats").args = ["-m", "8222"];
        }),
      /NATS runs without JetStream/,
    ],
    [
      "NATS without authentication",
      () =>
        mutate("StatefulSet", "baton-nats", (o) => {
          containerOf(o, "nats").args = ["-js", "-sd", "/data", "-m", "8222"];
        }),
      /NATS runs without authentication/,
    ],
    [
      "NATS users from a Secret nobody makes",
      () =>
        mutate("StatefulSet", "baton-nats", (o) => {
          o.spec.template.spec.volumes[0].secret.secretName = "nats-users";
        }),
      /mounts Secret nats-users, which neither the kustomization nor the operator makes/,
    ],
    [
      "a runner logging in to NATS as someone else",
      () => mutate("StatefulSet", "baton-runner", (o) => setEnv(o, "runner", "NATS_USER", { value: "control-plane" })),
      /NATS_USER is not the pod's name/,
    ],
    [
      "a runner reading another runner's password",
      () =>
        mutate("StatefulSet", "baton-runner", (o) =>
          setEnv(o, "runner", "NATS_PASSWORD_FILE", { value: "/var/run/baton-nats/baton-runner-0" }),
        ),
      /NATS_PASSWORD_FILE is not the file named after the pod/,
    ],
    [
      "a NATS password file outside any Secret",
      () =>
        mutate("StatefulSet", "baton-runner", (o) =>
          setEnv(o, "runner", "NATS_PASSWORD_FILE", { value: "/tmp/$(RUNNER_ID)" }),
        ),
      /NATS_PASSWORD_FILE \(\/tmp\/\$\(RUNNER_ID\)\) is not in a Secret mounted in the container/,
    ],
    [
      "a control plane without a NATS login",
      () =>
        mutate("Deployment", "baton-control-plane", (o) => {
          const c = containerOf(o, "control-plane");
          c.env = (c.env ?? []).filter((e) => e.name !== "NATS_USER" && e.name !== "NATS_PASSWORD");
        }),
      /baton-control-plane: no NATS login/,
    ],
    [
      "a NATS password written in the manifest",
      () =>
        mutate("Deployment", "baton-control-plane", (o) =>
          setEnv(o, "control-plane", "NATS_PASSWORD", { value: "hunter22" }),
        ),
      /NATS_PASSWORD is written in the manifest, not taken from a Secret/,
    ],
    [
      "a JetStream store outside the claim",
      () =>
        mutate("StatefulSet", "baton-nats", (o) => {
          o.spec.volumeClaimTemplates = [];
        }),
      /the JetStream store is not on a volumeClaimTemplate/,
    ],
    [
      "a pod that may run as root",
      () => mutate("Deployment", "baton-console", (o) => void delete o.spec.template.spec.securityContext.runAsNonRoot),
      /Deployment baton-console: its pods may run as root/,
    ],
    [
      "runAsNonRoot without a numeric user",
      () => mutate("StatefulSet", "baton-runner", (o) => void delete o.spec.template.spec.securityContext.runAsUser),
      /StatefulSet baton-runner: no non-zero runAsUser/,
    ],
    [
      "an object without Baton's labels",
      () => mutate("ServiceAccount", "baton-runner", (o) => void delete o.metadata.labels?.[COMPONENT]),
      /ServiceAccount baton-runner has no app.kubernetes.io\/component label/,
    ],
    [
      "a file the kustomization does not list",
      () => {
        const m = mutate("Namespace", "baton", () => undefined);
        m.kustomization.resources = (m.kustomization.resources ?? []).filter((r) => r !== "console.yaml");
        return m;
      },
      /console.yaml is not in kustomization.yaml's resources/,
    ],
  ];
  it.each(broken)("reports %s", (_what, make, expected) => {
    expect(problemsOf(make()).join("\n")).toMatch(expected);
  });
});

// ---------------------------------------------------------------- what `kubectl apply -k` sends

const kubectl = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((p) => existsSync(p));

describe.skipIf(!kubectl)("kubectl kustomize deploy/kubernetes", () => {
  it("builds (with database.env and auth.env from their examples), every object validates, the Secrets are referenced by their hashed names", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-k8s-"));
    try {
      cpSync(k8sDir, dir, { recursive: true });
      writeFileSync(join(dir, "database.env"), readFileSync(join(k8sDir, "database.env.example")));
      writeFileSync(join(dir, "auth.env"), readFileSync(join(k8sDir, "auth.env.example")));
      const built = execFileSync(kubectl ?? "kubectl", ["kustomize", dir], { encoding: "utf8" });
      const objects = parseAllDocuments(built).map((d) => d.toJS() as K8sObject);
      // Kustomize wraps a Secret's base64 at 70 columns; the API server's
      // decoder (Go's base64) skips the line breaks, the schema's "byte" format does not.
      for (const o of objects.filter((x) => x.kind === "Secret")) {
        for (const k of Object.keys(o.data ?? {})) o.data[k] = String(o.data[k]).replace(/\s+/g, "");
      }
      expect(objects.flatMap(schemaProblems)).toEqual([]);
      const secret = objects.find((o) => o.kind === "Secret" && o.metadata.name?.startsWith("baton-database-"));
      expect(secret?.metadata.name).toMatch(/^baton-database-[a-z0-9]{10}$/);
      expect(secret?.metadata.namespace).toBe("baton");
      const auth = objects.find((o) => o.kind === "Secret" && o.metadata.name?.startsWith("baton-auth-"));
      expect(auth?.metadata.name).toMatch(/^baton-auth-[a-z0-9]{10}$/);
      // Every reference follows the generated name, in the init containers too.
      const refs = (list: K8sObject[]): string[] =>
        list
          .filter((o) => WORKLOADS.has(o.kind))
          .flatMap((o) => {
            const spec = o.spec.template.spec as PodSpec;
            return [...(spec.initContainers ?? []), ...spec.containers];
          })
          .flatMap((c) => (c.env ?? []).flatMap((e) => e.valueFrom?.secretKeyRef?.name ?? []));
      const before = refs(objectsOf(manifests));
      // The database's and the sign-in's (generated, hashed: 5 keys for the control plane, 4 for the
      // console, the metrics token for the runner) and the NATS password the operator makes (README.md, "NATS users").
      expect(before.sort()).toEqual([
        ...Array(10).fill("baton-auth"),
        "baton-database",
        "baton-database",
        "baton-nats-control-plane",
      ]);
      const hashed: Record<string, string | undefined> = {
        "baton-database": secret?.metadata.name,
        "baton-auth": auth?.metadata.name,
      };
      expect(refs(objects).sort()).toEqual(before.map((n) => hashed[n] ?? n).sort());
      // The count of objects is the files' plus the two generated Secrets.
      expect(objects.length).toBe(objectsOf(manifests).length + 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the kustomization's images entry renames the Baton image everywhere", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-k8s-"));
    try {
      cpSync(k8sDir, dir, { recursive: true });
      writeFileSync(join(dir, "database.env"), "DATABASE_URL=postgresql://u:p@h:5432/d\n");
      writeFileSync(join(dir, "auth.env"), readFileSync(join(k8sDir, "auth.env.example")));
      const k = readFileSync(join(dir, "kustomization.yaml"), "utf8")
        .replace("newName: baton", "newName: registry.example.com/team/baton")
        .replace("newTag: local", 'newTag: "1.2.3"');
      writeFileSync(join(dir, "kustomization.yaml"), k);
      const built = execFileSync(kubectl ?? "kubectl", ["kustomize", dir], { encoding: "utf8" });
      expect(built).not.toMatch(/image: baton:local/);
      expect([...built.matchAll(/image: registry\.example\.com\/team\/baton:1\.2\.3/g)].length).toBe(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------- for real

/** Runs a container's argv from the repository root (the image's WORKDIR is the same tree). */
function run(argv: string[], env: Record<string, string>): ChildProcess {
  const [cmd, ...args] = argv;
  return spawn(cmd === "node" ? process.execPath : (cmd ?? ""), args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("the console pod's forwarder and the control plane, run for real", () => {
  const id = randomBytes(4).toString("hex");
  const database = `baton_k8s_${id}`;
  const adminUrl = inject("pgAdminUrl");
  const scratch = scratchDatabase(adminUrl, database);
  const databaseUrl = scratch.url;
  const children: ChildProcess[] = [];
  const objects = objectsOf(manifests);
  const plane = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "baton-control-plane");
  const consolePod = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "baton-console");
  if (!plane || !consolePod) throw new Error("deploy/kubernetes lacks the control plane or the console");

  afterAll(async () => {
    await stopChildren(children);
    await scratch.drop();
  });

  it("the migrate init container, then the control plane with its env, answer /readyz and GraphQL (sign-in required) through the forwarder", async () => {
    await scratch.create();

    // The migrate init container, as written, on an empty database.
    const migrate = containerOf(plane, "migrate");
    const m = run(migrate.command ?? [], { DATABASE_URL: databaseUrl });
    let migrateOut = "";
    m.stdout?.on("data", (d: Buffer) => (migrateOut += d));
    m.stderr?.on("data", (d: Buffer) => (migrateOut += d));
    const code = await new Promise<number | null>((done) => m.once("exit", (c) => done(c)));
    expect({ code, migrateOut }).toMatchObject({ code: 0, migrateOut: expect.stringMatching(/Migrations applied/) });

    // The pod's two addresses, stood in for by two loopback addresses on one
    // port: the control plane on 127.0.0.2 (the pod's IP), the forwarder on
    // 127.0.0.1 (the console pod's loopback). So the Host header the
    // forwarder passes on is exactly the one the pod would see.
    const port = await freePort();
    const cp = containerOf(plane, "control-plane");
    const env: Record<string, string> = {};
    const authExample = envFile(readFileSync(join(k8sDir, "auth.env.example"), "utf8"));
    for (const e of cp.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (e.valueFrom?.fieldRef) env[e.name] = "baton-control-plane-7d9f-abcde";
      else if (ref?.name === "baton-auth") env[e.name] = authExample[ref.key] ?? "";
      else if (ref) env[e.name] = databaseUrl;
      else env[e.name] = e.value ?? "";
    }
    Object.assign(env, {
      HOST: "127.0.0.2",
      PORT: String(port),
      NATS_URL: inject("natsUrl"),
      BATON_NATS_PREFIX: `k${id}`,
    });
    const child = run(cp.command ?? [], env);
    children.push(child);
    let output = "";
    const keep = (d: Buffer): void => {
      output = (output + d.toString()).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const probe = cp.readinessProbe?.httpGet?.path ?? "";
    expect(probe).toBe("/readyz");
    await waitFor(
      "the control plane's readiness probe to pass",
      async () => {
        if (child.exitCode !== null) throw new Error(`the control plane exited: ${output}`);
        const r = await fetch(`http://127.0.0.2:${port}${probe}`).catch(() => undefined);
        return r?.status === 200;
      },
      60_000,
    );

    // The forwarder, as written, aimed at this control plane instead of the Service.
    const fwd = containerOf(consolePod, "api");
    const argv = (fwd.command ?? []).map((a) =>
      a
        .replace('connect(4000, "baton-control-plane")', `connect(${port}, "127.0.0.2")`)
        .replace("listen(4000,", `listen(${port},`),
    );
    expect(argv.join(" ")).toContain(`connect(${port}, "127.0.0.2")`);
    const forwarder = run(argv, {});
    children.push(forwarder);
    const graphql = async (): Promise<Response | undefined> =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
        body: JSON.stringify({ query: "{ __typename }" }),
      }).catch(() => undefined);
    const answer = await waitFor(
      "GraphQL through the forwarder",
      async () => {
        if (forwarder.exitCode !== null) throw new Error("the forwarder exited");
        return graphql();
      },
      20_000,
    );
    // Sign-in is on as written: without a token the API answers, and refuses.
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ errors: [{ extensions: { code: "UNAUTHENTICATED" } }] });
    expect(output).toMatch(/authentication: OIDC \(issuer https:\/\/id\.example\.com\/realms\/batch/);
    // The console's origin through port-forward is allowed by the manifest's CORS list.
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3000");
  });
});
