import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, matchesGlob, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { migrationsDir, readMigrations } from "@baton/db";
import { DRIVERS, parseRunnerConfig } from "@baton/runner-host";
import { freePort } from "@baton/stack";
import { Ajv } from "ajv";
import { type Copy, DockerfileParser, type Instruction } from "dockerfile-ast";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { DOCKER_WATCHDOG_SCRIPT } from "../runners/docker/src/watchdog-client.js";
import { WATCHDOG_SCRIPT } from "../runners/local-process/src/watchdog-client.js";
import { loadConfig } from "../services/control-plane/src/config.js";
import { type EdgePolicy, hostAllowed } from "../services/control-plane/src/graphql/edge.js";
import { consoleOrigins } from "../services/stack/src/cors.js";
import { waitFor } from "./support/flows.js";
import { scratchDatabase, stopChildren } from "./support/scratch.js";

// deploy/compose.yaml and deploy/Dockerfile cannot run here (no Docker engine,
// no registry), so everything that can be checked without running them is
// checked against the real thing: the compose-spec schema, Baton's own config
// parsers, the repository after `turbo run build`, and, for the migrate and
// control-plane services, their exact commands run against a real PostgreSQL
// and NATS. Each check is a function returning problems, and each is shown to
// report a broken copy of the file.

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const deployDir = join(repoRoot, "deploy");
const composeText = readFileSync(join(deployDir, "compose.yaml"), "utf8");
const dockerfileText = readFileSync(join(deployDir, "Dockerfile"), "utf8");
const dockerignoreText = readFileSync(join(repoRoot, ".dockerignore"), "utf8");
const rootPackage = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  workspaces: string[];
};

// ---------------------------------------------------------------- compose model

type EnvValue = string | number | boolean | null;
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  ports?: (string | number | { host_ip?: string; published?: string | number; target: number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  privileged?: boolean;
  cap_add?: string[];
  pid?: string;
  ipc?: string;
  security_opt?: string[];
  network_mode?: string;
  restart?: string;
  hostname?: string;
  group_add?: (string | number)[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/**
 * Compose's interpolation of the forms this file may use: ${NAME},
 * ${NAME:-default}, ${NAME-default} and $$. Any other "$" is reported, so the
 * checks never run on a value Compose would read differently.
 */
function interpolate(value: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars)]));
  }
  if (typeof value !== "string") return value;
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$/g, (all, name, op, fallback) => {
    if (all === "$$") return "$";
    if (name === undefined) throw new Error(`unsupported interpolation in ${JSON.stringify(value)}`);
    const set = vars[name];
    if (op === ":-") return set ? set : fallback;
    if (op === "-") return set ?? fallback;
    return set ?? "";
  });
}

/** The file as Compose sees it: YAML with merge keys (<<), then interpolated. */
function loadCompose(text: string, vars: Readonly<Record<string, string>> = {}): Compose {
  return interpolate(parseYaml(text, { merge: true }), vars) as Compose;
}

const commandOf = (s: Service): string[] =>
  Array.isArray(s.command) ? s.command : s.command ? s.command.split(/\s+/) : [];

function envOf(s: Service): Record<string, string> {
  if (Array.isArray(s.environment)) {
    return Object.fromEntries(
      s.environment.map((e) => [e.split("=")[0] ?? e, e.includes("=") ? e.slice(e.indexOf("=") + 1) : ""]),
    );
  }
  return Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

function dependsOn(s: Service): Record<string, string> {
  if (Array.isArray(s.depends_on)) return Object.fromEntries(s.depends_on.map((d) => [d, "service_started"]));
  return Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([d, v]) => [d, v?.condition ?? "service_started"]));
}

interface PortMapping {
  hostIp: string | undefined;
  published: number | undefined;
  target: number;
}
function portsOf(s: Service): PortMapping[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === "object") {
      return {
        hostIp: p.host_ip,
        published: p.published === undefined ? undefined : Number(p.published),
        target: p.target,
      };
    }
    // [host_ip:][published:]target[/protocol]; an IPv6 host_ip is bracketed.
    const m = /^(?:(\[[^\]]+\]|[^:]+):)??(?:(\d+):)?(\d+)(?:\/\w+)?$/.exec(String(p));
    if (!m) throw new Error(`cannot read the port mapping ${JSON.stringify(p)}`);
    return { hostIp: m[1], published: m[2] === undefined ? undefined : Number(m[2]), target: Number(m[3]) };
  });
}

interface Mount {
  source: string | undefined;
  target: string;
  named: boolean;
}
function mountsOf(s: Service): Mount[] {
  return (s.volumes ?? []).map((v) => {
    if (typeof v === "object") return { source: v.source, target: v.target, named: v.type === "volume" };
    const parts = v.split(":");
    if (parts.length === 1) return { source: undefined, target: v, named: true };
    const source = parts[0] ?? "";
    return { source, target: parts[1] ?? "", named: !/^[./~]/.test(source) };
  });
}

const healthText = (s: Service): string | undefined =>
  s.healthcheck && !s.healthcheck.disable
    ? Array.isArray(s.healthcheck.test)
      ? s.healthcheck.test.join(" ")
      : s.healthcheck.test
    : undefined;

// ---------------------------------------------------------------- what Baton's code says

/** The environment variable names a parser reads: it is handed a Proxy that notes every lookup. */
function namesRead(parse: (env: Record<string, string>) => unknown, env: Record<string, string>): Set<string> {
  const seen = new Set<string>();
  const proxy = new Proxy(
    { ...env },
    {
      get: (t, k) => {
        if (typeof k === "string") seen.add(k);
        return Reflect.get(t, k);
      },
      has: (t, k) => {
        if (typeof k === "string") seen.add(k);
        return Reflect.has(t, k);
      },
    },
  );
  try {
    parse(proxy);
  } catch {
    // only the names matter here; the error is reported by the caller's own parse
  }
  return new Set([...seen].filter((n) => /^[A-Z][A-Z0-9_]*$/.test(n)));
}

const packageDir = (pkg: string): string => dirname(require.resolve(`${pkg}/package.json`));
/** As services/stack/src/main.ts starts them: <package>/dist/main.js. */
const stackEntry = (pkg: string): string => relative(repoRoot, join(packageDir(pkg), "dist", "main.js"));

/** `node server.mjs` from web/package.json's start script. */
function consoleEntry(): string {
  const web = packageDir("@baton/web");
  const start = (JSON.parse(readFileSync(join(web, "package.json"), "utf8")) as { scripts: { start: string } }).scripts
    .start;
  const script = /^node (\S+)$/.exec(start)?.[1];
  if (!script) throw new Error(`web's start script is not "node <file>": ${start}`);
  return relative(repoRoot, join(web, script));
}

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

/** The variables the console reads: process.env.NAME in its server and sources. */
function consoleEnvNames(): Set<string> {
  const web = packageDir("@baton/web");
  const files = [join(web, "server.mjs"), ...filesUnder(join(web, "src"), (f) => /\.tsx?$/.test(f))];
  return new Set(
    files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1] ?? "")),
  );
}

interface Facts {
  entries: { controlPlane: string; runner: string; console: string };
  consoleEnv: Set<string>;
  platforms: string[];
  driverSettings: Record<string, (env: Record<string, string>) => unknown>;
  db: Record<string, unknown>;
}

async function loadFacts(): Promise<Facts> {
  const platforms = Object.keys(DRIVERS);
  const driverSettings: Facts["driverSettings"] = {};
  for (const [platform, load] of Object.entries(DRIVERS)) {
    const module = await load();
    driverSettings[platform] = (env) => module.settings(env);
  }
  return {
    entries: {
      controlPlane: stackEntry("@baton/control-plane"),
      runner: stackEntry("@baton/runner-host"),
      console: consoleEntry(),
    },
    consoleEnv: consoleEnvNames(),
    platforms,
    driverSettings,
    db: (await import("@baton/db")) as Record<string, unknown>,
  };
}

// ---------------------------------------------------------------- compose checks

type Role = "control-plane" | "runner" | "console" | "migrate";

/** A Baton process, known by its command: the entry files `npm start` runs, or the migrations. */
function roleOf(s: Service, facts: Facts): Role | undefined {
  const cmd = commandOf(s);
  if (cmd[0] !== "node") return undefined;
  if (cmd[1] === facts.entries.controlPlane) return "control-plane";
  if (cmd[1] === facts.entries.runner) return "runner";
  if (cmd[1] === facts.entries.console) return "console";
  if (cmd.includes("-e") && /from ["']@baton\/db["']/.test(cmd.join(" "))) return "migrate";
  return undefined;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);
const WILDCARD = new Set(["0.0.0.0", "::"]);

interface Checked {
  name: string;
  service: Service;
  role: Role | undefined;
  env: Record<string, string>;
}

type PlaneConfig = ReturnType<typeof loadConfig>;
type RunnerConfig = ReturnType<typeof parseRunnerConfig>;

const policyOf = (cfg: PlaneConfig): EdgePolicy => ({
  host: cfg.host,
  port: () => cfg.port,
  corsOrigins: cfg.edge.corsOrigins,
  allowedHosts: cfg.edge.allowedHosts,
});

/** Baton's own checks of a compose file; `run()` returns one sentence per problem. */
class ComposeChecker {
  private readonly problems: string[] = [];
  private readonly services: Checked[];
  private readonly byName: Map<string, Checked>;
  private readonly postgres: Checked[];
  private readonly nats: Checked[];
  private readonly planes = new Map<string, PlaneConfig>();
  private readonly runnerConfigs: RunnerConfig[] = [];

  constructor(
    private readonly doc: Compose,
    private readonly facts: Facts,
  ) {
    this.services = Object.entries(doc.services ?? {}).map(([name, service]) => ({
      name,
      service,
      role: roleOf(service, facts),
      env: envOf(service),
    }));
    this.byName = new Map(this.services.map((s) => [s.name, s]));
    this.postgres = this.services.filter((s) => s.service.image?.startsWith("postgres:"));
    this.nats = this.services.filter((s) => s.service.image?.startsWith("nats:"));
  }

  run(): string[] {
    this.required();
    for (const c of this.services) this.anyService(c);
    this.postgresService();
    this.natsService();
    for (const c of this.withRole("control-plane")) this.controlPlane(c);
    for (const c of this.withRole("migrate")) this.migrate(c);
    for (const c of this.withRole("runner")) this.runner(c);
    for (const c of this.withRole("console")) this.console(c);
    this.together();
    return this.problems;
  }

  private say(name: string, what: string): void {
    this.problems.push(`${name}: ${what}`);
  }

  private withRole(role: Role): Checked[] {
    return this.services.filter((s) => s.role === role);
  }

  private required(): void {
    const count = (what: string, n: number, ok: boolean) => {
      if (!ok) this.problems.push(`expected ${what}, found ${n}`);
    };
    count("one postgres service", this.postgres.length, this.postgres.length === 1);
    count("one nats service", this.nats.length, this.nats.length === 1);
    const migrate = this.withRole("migrate").length;
    count("one migrate service (applyMigrations from @baton/db)", migrate, migrate === 1);
    const planes = this.withRole("control-plane").length;
    count("at least two control planes", planes, planes >= 2);
    const consoles = this.withRole("console").length;
    count("a console (web)", consoles, consoles >= 1);
  }

  /** Safe by default: no privileges, ports on loopback, dependencies and volumes that exist. */
  private anyService({ name, service: s, role }: Checked): void {
    if (s.privileged) this.say(name, "is privileged");
    if (s.cap_add?.length) this.say(name, `adds capabilities ${s.cap_add.join(", ")}`);
    if (s.pid === "host" || s.ipc === "host") this.say(name, "shares the host's pid or ipc namespace");
    if (s.security_opt?.some((o) => o.includes("unconfined"))) this.say(name, "runs unconfined");
    if (s.network_mode === "host" && role !== "console") this.say(name, "uses the host's network");
    for (const p of portsOf(s)) {
      if (!p.hostIp || !LOOPBACK.has(p.hostIp)) {
        this.say(name, `publishes port ${p.target} on ${p.hostIp ?? "every interface"}, not 127.0.0.1`);
      }
    }
    for (const [target, condition] of Object.entries(dependsOn(s))) {
      const t = this.byName.get(target);
      if (!t) this.say(name, `depends on "${target}", which is not a service`);
      else if (condition === "service_healthy" && !healthText(t.service)) {
        this.say(name, `waits for "${target}" to be healthy, but it has no healthcheck`);
      }
    }
    const declared = new Set(Object.keys(this.doc.volumes ?? {}));
    for (const m of mountsOf(s)) {
      if (m.named && m.source && !declared.has(m.source)) this.say(name, `mounts undeclared volume "${m.source}"`);
    }
    if (role) {
      const build = typeof s.build === "string" ? { context: s.build } : s.build;
      const dockerfile = build ? resolve(deployDir, build.context ?? ".", build.dockerfile ?? "Dockerfile") : "";
      if (dockerfile !== join(deployDir, "Dockerfile")) this.say(name, "is not built from deploy/Dockerfile");
    } else if (commandOf(s)[0] === "node") {
      this.say(name, `runs ${commandOf(s).join(" ")}, which is no Baton process`);
    }
  }

  private postgresService(): void {
    const pgService = this.postgres[0];
    if (!pgService) return;
    if (!healthText(pgService.service)?.includes("pg_isready"))
      this.say(pgService.name, "has no pg_isready healthcheck");
    const data = pgService.env.PGDATA ?? "/var/lib/postgresql/data";
    if (!mountsOf(pgService.service).some((m) => m.named && m.target === data)) {
      this.say(pgService.name, `keeps its data (${data}) outside a volume`);
    }
  }

  private natsService(): void {
    const nats = this.nats[0];
    if (!nats) return;
    const cmd = commandOf(nats.service);
    const flag = (...names: string[]) => {
      const i = cmd.findIndex((c) => names.includes(c));
      return i < 0 ? undefined : cmd[i + 1];
    };
    if (!cmd.some((c) => c === "-js" || c === "--jetstream")) this.say(nats.name, "runs without JetStream (-js)");
    const store = flag("-sd", "--store_dir");
    if (!store || !mountsOf(nats.service).some((m) => m.named && m.target === store)) {
      this.say(nats.name, "keeps the JetStream store outside a volume (-sd on a volume)");
    }
    const monitor = flag("-m", "--http_port");
    if (!monitor || !healthText(nats.service)?.includes(`:${monitor}/healthz`)) {
      this.say(nats.name, "has no healthcheck on its monitoring port's /healthz");
    }
  }

  /** Names in the environment that no parser reads: a typo there would be silently ignored. */
  private unread(c: Checked, read: Set<string>, who: string): void {
    for (const key of Object.keys(c.env)) if (!read.has(key)) this.say(c.name, `${key} is not a variable ${who} reads`);
  }

  private databaseUrl(c: Checked, url: string): void {
    const u = new URL(url);
    const pgService = this.postgres[0];
    const pgEnv = pgService?.env ?? {};
    if (!pgService || u.hostname !== pgService.name) {
      this.say(c.name, `DATABASE_URL names host ${u.hostname}, not the postgres service`);
    }
    const user = pgEnv.POSTGRES_USER ?? "postgres";
    if (
      decodeURIComponent(u.username) !== user ||
      decodeURIComponent(u.password) !== (pgEnv.POSTGRES_PASSWORD ?? "") ||
      u.pathname.slice(1) !== (pgEnv.POSTGRES_DB ?? user)
    ) {
      this.say(c.name, "DATABASE_URL's user, password or database differ from the postgres service's");
    }
    if (dependsOn(c.service)[u.hostname] !== "service_healthy") {
      this.say(c.name, `does not wait for ${u.hostname} to be healthy`);
    }
  }

  private natsUrl(c: Checked, url: string): void {
    const nats = this.nats[0];
    for (const server of url.split(",")) {
      const host = new URL(server.trim()).hostname;
      if (!nats || host !== nats.name) this.say(c.name, `NATS_URL names host ${host}, not the nats service`);
    }
    if (nats && dependsOn(c.service)[nats.name] !== "service_healthy") {
      this.say(c.name, "does not wait for NATS to be healthy");
    }
  }

  private controlPlane(c: Checked): void {
    this.unread(c, namesRead(loadConfig, c.env), "the control plane");
    let cfg: PlaneConfig;
    try {
      cfg = loadConfig(c.env);
    } catch (err) {
      this.say(c.name, (err as Error).message);
      return;
    }
    this.planes.set(c.name, cfg);
    this.databaseUrl(c, cfg.databaseUrl);
    this.natsUrl(c, cfg.natsUrl);
    const published = portsOf(c.service);
    if (published.length > 0 && c.service.network_mode !== "host" && !WILDCARD.has(cfg.host)) {
      this.say(c.name, `listens on ${cfg.host} inside its container, so its published port reaches nothing`);
    }
    for (const p of published) {
      const hostPort = p.published ?? p.target;
      if (p.target !== cfg.port) this.say(c.name, `publishes container port ${p.target}, but PORT is ${cfg.port}`);
      if (!hostAllowed(`127.0.0.1:${hostPort}`, policyOf(cfg))) {
        this.say(c.name, `refuses the Host 127.0.0.1:${hostPort} a browser sends to its published port`);
      }
    }
    if (!healthText(c.service)?.includes(`http://127.0.0.1:${cfg.port}/healthz`)) {
      this.say(c.name, `has no healthcheck on http://127.0.0.1:${cfg.port}/healthz`);
    }
    const migrate = this.withRole("migrate")[0];
    if (!cfg.migrate && (!migrate || dependsOn(c.service)[migrate.name] !== "service_completed_successfully")) {
      this.say(c.name, "has BATON_MIGRATE=false but does not wait for the migrate service to complete");
    }
  }

  private migrate(c: Checked): void {
    const script = commandOf(c.service).join(" ");
    this.unread(
      c,
      new Set([...script.matchAll(/process\.env\.([A-Z0-9_]+)/g)].map((m) => m[1] ?? "")),
      "the migrate script",
    );
    const imports = /import\s*\{([^}]*)\}\s*from\s*["']@baton\/db["']/.exec(script)?.[1] ?? "";
    for (const name of imports.split(",").map((n) => n.trim())) {
      if (name && typeof this.facts.db[name] !== "function") {
        this.say(c.name, `imports ${name}, which @baton/db does not export`);
      }
    }
    if (!c.env.DATABASE_URL) this.say(c.name, "has no DATABASE_URL");
    else this.databaseUrl(c, c.env.DATABASE_URL);
  }

  private runner(c: Checked): void {
    const { platforms, driverSettings } = this.facts;
    const read = new Set([
      ...namesRead((env) => parseRunnerConfig(env, platforms), c.env),
      ...namesRead((env) => driverSettings[env.RUNNER_PLATFORM ?? "local"]?.(env), c.env),
    ]);
    this.unread(c, read, "the runner");
    let cfg: RunnerConfig;
    let settings: unknown;
    try {
      cfg = parseRunnerConfig(c.env, platforms);
      settings = driverSettings[cfg.platform]?.(c.env);
    } catch (err) {
      this.say(c.name, (err as Error).message.replace(/\s+/g, " "));
      return;
    }
    this.runnerConfigs.push(cfg);
    this.natsUrl(c, cfg.natsUrl);
    if (!c.service.restart || c.service.restart === "no") this.say(c.name, "has no restart policy");
    if (cfg.platform === "docker") this.dockerRunner(c, cfg, settings);
  }

  private dockerRunner(c: Checked, cfg: RunnerConfig, settings: unknown): void {
    const socket = (settings as { engine?: { socketPath?: string } } | undefined)?.engine?.socketPath;
    if (socket && !mountsOf(c.service).some((m) => m.target === socket && m.source?.endsWith(".sock"))) {
      this.say(c.name, `does not mount the engine's socket at ${socket}`);
    }
    if (socket && !c.service.group_add?.length) this.say(c.name, "adds no group that may use the engine's socket");
    // Its containers outlive it: it must come back under the same id to adopt them.
    if (!c.service.hostname && !c.env.RUNNER_ID) {
      this.say(c.name, "has no fixed hostname or RUNNER_ID (its id would change)");
    }
    if (!mountsOf(c.service).some((m) => m.named && m.target === cfg.dataDir)) {
      this.say(c.name, `keeps its data folder ${cfg.dataDir} outside a volume`);
    }
  }

  /** The console's BATON_GRAPHQL_URL is fetched by its server and handed to the browser. */
  private console(c: Checked): void {
    this.unread(c, this.facts.consoleEnv, "the console");
    const host = c.env.HOST ?? "127.0.0.1";
    if (c.service.network_mode !== "host") {
      this.say(c.name, "is not on the host's network, so one GraphQL URL cannot serve its server and the browser");
    } else if (!LOOPBACK.has(host)) {
      this.say(c.name, `listens on ${host} on the host's network, not on loopback`);
    }
    if (c.service.ports?.length) this.say(c.name, "publishes ports on the host's network (they are ignored)");
    if (!healthText(c.service)) this.say(c.name, "has no healthcheck");
    let url: URL;
    try {
      url = new URL(c.env.BATON_GRAPHQL_URL ?? "");
    } catch {
      this.say(c.name, "has no valid BATON_GRAPHQL_URL");
      return;
    }
    if (url.pathname !== "/graphql") this.say(c.name, "BATON_GRAPHQL_URL does not end in /graphql");
    const target = [...this.planes].find(([plane]) =>
      portsOf(this.byName.get(plane)?.service ?? {}).some((p) => (p.published ?? p.target) === Number(url.port)),
    );
    if (!LOOPBACK.has(url.hostname) || !target) {
      this.say(c.name, `BATON_GRAPHQL_URL ${url} is no control plane's published port`);
      return;
    }
    const [plane, cfg] = target;
    if (!hostAllowed(url.host, policyOf(cfg))) this.say(c.name, `${plane} refuses the Host ${url.host}`);
    if (dependsOn(c.service)[plane] !== "service_healthy") this.say(c.name, `does not wait for ${plane} to be healthy`);
  }

  /** What the services must agree on. */
  private together(): void {
    for (const c of this.withRole("console")) {
      const origins = consoleOrigins(c.env.HOST ?? "127.0.0.1", Number(c.env.PORT ?? 3000));
      for (const [plane, cfg] of this.planes) {
        for (const origin of origins) {
          if (!cfg.edge.corsOrigins.includes(origin)) {
            this.say(plane, `does not answer CORS for the console's origin ${origin}`);
          }
        }
      }
    }
    // file:/// programs: the control planes check they exist before accepting a launch.
    for (const c of this.withRole("runner").filter((r) => r.env.RUNNER_PLATFORM !== "docker")) {
      for (const m of mountsOf(c.service).filter((m) => !m.named)) {
        for (const [plane] of this.planes) {
          const mounts = mountsOf(this.byName.get(plane)?.service ?? {});
          if (!mounts.some((p) => p.source === m.source && p.target === m.target)) {
            this.say(plane, `does not mount ${m.source} at ${m.target} like ${c.name} does`);
          }
        }
      }
    }
    const platforms = new Set(this.runnerConfigs.map((r) => r.platform));
    for (const p of ["local", "docker"]) {
      if (!platforms.has(p)) this.problems.push(`expected a runner with RUNNER_PLATFORM=${p}`);
    }
    const prefixes = new Set([
      ...[...this.planes.values()].map((p) => p.natsPrefix),
      ...this.runnerConfigs.map((r) => r.prefix),
    ]);
    if (prefixes.size > 1) {
      this.problems.push(`Baton's services use different BATON_NATS_PREFIX values: ${[...prefixes].join(", ")}`);
    }
    const images = new Set(this.services.filter((s) => s.role).map((s) => s.service.image));
    if (images.size > 1) this.problems.push(`Baton's services use several images: ${[...images].join(", ")}`);
  }
}

const composeProblems = (doc: Compose, facts: Facts): string[] => new ComposeChecker(doc, facts).run();

// ---------------------------------------------------------------- Dockerfile model

/**
 * .dockerignore as Docker reads it: each pattern matches a path or any folder
 * above it, "!" lets a path back in, and the last matching pattern wins.
 */
function ignoredBy(patterns: readonly string[]): (path: string) => boolean {
  const rules = patterns
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => ({ keep: l.startsWith("!"), glob: posix.normalize(l.replace(/^!/, "").replace(/^\/+/, "")) }));
  return (path) => {
    const parts = posix.normalize(path).split("/");
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
    let ignored = false;
    for (const r of rules) if (prefixes.some((p) => matchesGlob(p, r.glob))) ignored = !r.keep;
    return ignored;
  };
}

interface Workspace {
  dir: string;
  /** Its turbo build outputs, relative to it (a package's turbo.json replaces the root's). */
  outputs: string[];
}

function workspaces(): Workspace[] {
  const rootOutputs = turboOutputs(join(repoRoot, "turbo.json")) ?? [];
  return rootPackage.workspaces.flatMap((pattern) => {
    const dirs = pattern.endsWith("/*")
      ? readdirSync(join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
      : [pattern];
    return dirs
      .filter((d) => existsSync(join(repoRoot, d, "package.json")))
      .map((dir) => ({ dir, outputs: turboOutputs(join(repoRoot, dir, "turbo.json")) ?? rootOutputs }));
  });
}

function turboOutputs(file: string): string[] | undefined {
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { tasks?: { build?: { outputs?: string[] } } }).tasks?.build
    ?.outputs;
}

/** Whether `turbo run build` writes this repository path (a folder counts when what is inside it does). */
function isBuildOutput(path: string, spaces: readonly Workspace[]): boolean {
  const ws = spaces.find((w) => path.startsWith(`${w.dir}/`));
  if (!ws) return false;
  const rel = path.slice(ws.dir.length + 1);
  const inside = existsSync(join(repoRoot, path)) && statSync(join(repoRoot, path)).isDirectory() ? `${rel}/_` : rel;
  let out = false;
  for (const o of ws.outputs) {
    if (o.startsWith("!")) {
      if (matchesGlob(inside, o.slice(1))) out = false;
    } else if (matchesGlob(inside, o)) out = true;
  }
  return out;
}

interface Stage {
  name: string;
  index: number;
  /** An earlier stage this one starts from, or undefined for an image. */
  parent: Stage | undefined;
  image: string;
  instructions: Instruction[];
}

interface CopyRule {
  from: Stage | undefined;
  sources: string[];
  /** Absolute destination in the stage. */
  dest: string;
  destIsDir: boolean;
}

class DockerfileModel {
  readonly stages: Stage[] = [];
  private readonly ignored: (path: string) => boolean;
  private readonly spaces = workspaces();

  constructor(text: string, dockerignore: string) {
    this.ignored = ignoredBy(dockerignore.split("\n"));
    const df = DockerfileParser.parse(text);
    const args = new Map(
      df.getInitialARGs().map((a) => [a.getProperty()?.getName() ?? "", a.getProperty()?.getValue() ?? ""]),
    );
    const froms = df.getFROMs();
    const all = df.getInstructions();
    froms.forEach((from, index) => {
      const image = (from.getImage() ?? "").replace(/\$\{?(\w+)\}?/g, (_, n: string) => args.get(n) ?? "");
      const start = from.getRange().start.line;
      const end = froms[index + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
      const parent = this.stages.find((s) => s.name === image);
      this.stages.push({
        name: from.getBuildStage() ?? String(index),
        index,
        parent,
        image,
        instructions: all.filter((i) => i.getRange().start.line > start && i.getRange().start.line < end),
      });
    });
  }

  get final(): Stage {
    const last = this.stages.at(-1);
    if (!last) throw new Error("the Dockerfile has no FROM");
    return last;
  }

  /** WORKDIR in force at an instruction of a stage (inherited from its parent stage). */
  workdirAt(stage: Stage, line = Number.POSITIVE_INFINITY): string {
    let dir = stage.parent ? this.workdirAt(stage.parent) : "/";
    for (const i of stage.instructions) {
      if (i.getRange().start.line >= line) break;
      if (i.getKeyword() === "WORKDIR") dir = posix.resolve(dir, i.getArgumentsContent() ?? "/");
    }
    return dir;
  }

  copies(stage: Stage): CopyRule[] {
    return stage.instructions
      .filter((i): i is Copy => i.getKeyword() === "COPY")
      .map((c) => {
        const args = c.getArguments().map((a) => a.getValue());
        const destRaw = args.at(-1) ?? "";
        const sources = args.slice(0, -1);
        const fromName = c.getFromFlag()?.getValue() ?? undefined;
        const from = fromName === undefined ? undefined : this.stages.find((s) => s.name === fromName);
        const workdir = this.workdirAt(stage, c.getRange().start.line);
        return {
          from:
            fromName === undefined
              ? undefined
              : (from ?? { name: fromName, index: -1, parent: undefined, image: "", instructions: [] }),
          sources,
          dest: posix.resolve(workdir, destRaw),
          destIsDir: destRaw.endsWith("/") || sources.length > 1,
        };
      });
  }

  runs(stage: Stage): string[] {
    return stage.instructions.filter((i) => i.getKeyword() === "RUN").map((i) => i.getArgumentsContent() ?? "");
  }

  /**
   * Where a path of a stage's filesystem comes from, as a repository path
   * (the checkout after `turbo run build` stands for the build stage's
   * result), or a sentence saying why it is not there. Followed through
   * COPY (the last one that covers the path wins), COPY --from into earlier
   * stages, npm install (node_modules) and turbo's build outputs.
   */
  provides(stage: Stage, path: string): { repo: string } | { missing: string } {
    const rules = this.copies(stage).reverse();
    for (const rule of rules) {
      for (const source of rule.sources) {
        const target = rule.destIsDir ? posix.join(rule.dest, posix.basename(source)) : rule.dest;
        const isDir = rule.from ? this.isDirIn(rule.from, source) : this.isDirInContext(source);
        const covered = isDir ? path === rule.dest || path.startsWith(`${rule.dest}/`) : path === target;
        if (!covered) continue;
        const rest = isDir ? path.slice(rule.dest.length).replace(/^\//, "") : "";
        if (rule.from) {
          if (rule.from.index < 0) return { missing: `COPY --from=${rule.from.name}: no such stage` };
          return this.provides(rule.from, rest ? posix.join(source, rest) : source);
        }
        const repo = posix.normalize(rest ? posix.join(source, rest) : source);
        if (!existsSync(join(repoRoot, repo))) return { missing: `${repo} is not in the repository` };
        if (!this.ignored(repo)) return { repo };
        // Excluded from the context: a build in this stage may still write it.
        if (this.builds(stage) && isBuildOutput(repo, this.spaces)) return { repo };
        return { missing: `${repo} is excluded by .dockerignore and no build in stage ${stage.name} writes it` };
      }
    }
    const workdir = this.workdirAt(stage);
    const rel = path.startsWith(`${workdir}/`) ? path.slice(workdir.length + 1) : undefined;
    if (rel && this.installs(stage) && rel.split("/").includes("node_modules") && existsSync(join(repoRoot, rel))) {
      return { repo: rel };
    }
    if (stage.parent) return this.provides(stage.parent, path);
    return { missing: `nothing in stage ${stage.name} puts ${path} there` };
  }

  /** A folder of a stage: its WORKDIR or a parent of what it copies, or a folder where it comes from. */
  isDirIn(stage: Stage, path: string): boolean {
    if (stage.index < 0) return false;
    for (let s: Stage | undefined = stage; s; s = s.parent) {
      if (this.workdirAt(s) === path || this.copies(s).some((r) => r.dest.startsWith(`${path}/`))) return true;
    }
    const found = this.provides(stage, path);
    return found !== undefined && "repo" in found && statSync(join(repoRoot, found.repo)).isDirectory();
  }

  private isDirInContext(path: string): boolean {
    const full = join(repoRoot, path);
    return existsSync(full) && statSync(full).isDirectory();
  }

  private installs(stage: Stage): boolean {
    return (
      this.runs(stage).some((r) => /\bnpm (install|ci)\b/.test(r)) || (!!stage.parent && this.installs(stage.parent))
    );
  }

  private builds(stage: Stage): boolean {
    return this.runs(stage).some((r) => /\bturbo run build\b/.test(r));
  }
}

interface ImageNeeds {
  /** Paths relative to the final stage's WORKDIR, or absolute. */
  paths: string[];
}

function dockerfileProblems(text: string, dockerignore: string, needs: ImageNeeds): string[] {
  const model = new DockerfileModel(text, dockerignore);
  const ignored = ignoredBy(dockerignore.split("\n"));
  const problems: string[] = [];
  if (model.stages.length < 2) problems.push(`one stage only: a build stage and a runtime stage are expected`);
  const final = model.final;

  const users = final.instructions.filter((i) => i.getKeyword() === "USER");
  const user = users.at(-1)?.getArgumentsContent()?.trim();
  if (!user) problems.push("the final stage sets no USER: it runs as root");
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`the final stage runs as ${user}`);

  for (const stage of model.stages) {
    for (const rule of model.copies(stage)) {
      if (rule.from && !(rule.from.index >= 0 && rule.from.index < stage.index)) {
        problems.push(`stage ${stage.name}: COPY --from=${rule.from.name} names no earlier stage`);
      }
      if (!rule.from) {
        for (const source of rule.sources) {
          if (!existsSync(join(repoRoot, source)))
            problems.push(`stage ${stage.name}: COPY ${source}: not in the repository`);
          else if (ignored(source)) {
            problems.push(`stage ${stage.name}: COPY ${source}: excluded by .dockerignore`);
          }
        }
      } else if (rule.from.index >= 0) {
        for (const source of rule.sources) {
          const found = model.isDirIn(rule.from, source) ? { repo: source } : model.provides(rule.from, source);
          if ("missing" in found)
            problems.push(`stage ${stage.name}: COPY --from=${rule.from.name} ${source}: ${found.missing}`);
        }
      }
    }
  }

  // npm needs every workspace's manifest to install from the lockfile.
  const copiedFromContext = new Set(
    model.stages.flatMap((s) =>
      model
        .copies(s)
        .filter((r) => !r.from)
        .flatMap((r) => r.sources.map((x) => posix.normalize(x))),
    ),
  );
  for (const ws of workspaces()) {
    if (!copiedFromContext.has(`${ws.dir}/package.json`))
      problems.push(`${ws.dir}/package.json is not copied before npm install`);
  }

  for (const run of model.runs(final)) {
    if (/(^|&&|;|\|\|)\s*(npm|npx|yarn|pnpm|apt-get|apk)\s+(install|ci|add|i)\b/.test(run)) {
      problems.push(`the final stage installs packages: ${run.slice(0, 60)}`);
    }
  }

  const workdir = model.workdirAt(final);
  for (const path of needs.paths) {
    const found = model.provides(final, posix.resolve(workdir, path));
    if ("missing" in found) problems.push(`the image lacks ${path}: ${found.missing}`);
  }
  return problems;
}

/** What Baton's processes in the image need, from the compose commands and the code's own asset paths. */
async function imageNeeds(doc: Compose, facts: Facts): Promise<ImageNeeds> {
  const paths = new Set<string>();
  for (const s of Object.values(doc.services)) {
    const role = roleOf(s, facts);
    if (!role) continue;
    const script = commandOf(s)[1];
    if (script && !script.startsWith("-")) paths.add(script);
    if (role === "console") paths.add(posix.join(posix.dirname(script ?? ""), ".next", "BUILD_ID"));
    if (role === "migrate") {
      // `import "@baton/db"` goes through the workspace link to the built package.
      paths.add("node_modules/@baton/db");
      paths.add(relative(repoRoot, require.resolve("@baton/db")));
    }
  }
  // Every driver the runner host can load (its registry imports them by package name).
  const host = JSON.parse(readFileSync(join(repoRoot, "runners/host/package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  for (const pkg of Object.keys(host.dependencies).filter((name) => name.startsWith("@baton/runner-"))) {
    paths.add(relative(repoRoot, require.resolve(pkg)));
  }
  // Files the code finds next to itself at run time.
  paths.add(relative(repoRoot, WATCHDOG_SCRIPT));
  paths.add(relative(repoRoot, DOCKER_WATCHDOG_SCRIPT));
  for (const m of await readMigrations()) paths.add(relative(repoRoot, join(migrationsDir, m.name, "migration.sql")));
  return { paths: [...paths] };
}

// ---------------------------------------------------------------- the tests

const facts = await loadFacts();
const compose = loadCompose(composeText);
/** The variables deploy/README.md tells users they may set. */
const userVars = {
  POSTGRES_PASSWORD: "s3cret",
  DOCKER_GID: "998",
  DOCKER_SOCKET: "/run/podman/podman.sock",
  BATON_TASKS_DIR: "/srv/baton/tasks",
};
const mutate = (change: (doc: Compose) => void): Compose => {
  const copy = structuredClone(compose);
  change(copy);
  return copy;
};
const service = (doc: Compose, name: string): Service => {
  const s = doc.services[name];
  if (!s) throw new Error(`no service ${name} in compose.yaml`);
  return s;
};
const envMap = (s: Service): Record<string, EnvValue> => s.environment as Record<string, EnvValue>;
const setEnv = (name: string, key: string, value: string) => (d: Compose) => {
  envMap(service(d, name))[key] = value;
};
const setField =
  <K extends keyof Service>(name: string, key: K, value: Service[K]) =>
  (d: Compose) => {
    service(d, name)[key] = value;
  };
const dropField = (name: string, key: keyof Service) => (d: Compose) => {
  delete service(d, name)[key];
};

describe("deploy/compose.yaml", () => {
  const schema = JSON.parse(readFileSync(join(deployDir, "schema", "compose-spec.json"), "utf8")) as {
    $schema: string;
  };
  // The schema names draft-07 by its https address; Ajv knows draft-07 by its http one.
  const draft7 = require("ajv/dist/refs/json-schema-draft-07.json") as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  ajv.addMetaSchema({ ...draft7, $id: schema.$schema });
  const validate = ajv.compile(schema);
  const schemaErrors = (doc: unknown): string[] =>
    validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  it("is a valid Compose file by the compose-spec schema", () => {
    expect(schemaErrors(compose)).toEqual([]);
    expect(schemaErrors(loadCompose(composeText, userVars))).toEqual([]);
  });

  it("the schema check refuses what Compose refuses", () => {
    const bad = mutate((d) => {
      (service(d, "controlplane-1") as Record<string, unknown>).ports = "4000";
      (service(d, "runner-docker") as Record<string, unknown>).privilegd = true;
    });
    const errors = schemaErrors(bad);
    expect(errors.some((e) => e.includes("/services/controlplane-1/ports"))).toBe(true);
    expect(errors.some((e) => e.includes("additional properties"))).toBe(true);
  });

  it("passes Baton's checks: real config parsers, health checks, ports on 127.0.0.1, the Docker socket, no privileges", () => {
    expect(composeProblems(compose, facts)).toEqual([]);
    expect(composeProblems(loadCompose(composeText, userVars), facts)).toEqual([]);
  });

  // Each broken copy must be reported, so the checks above are known to bite.
  const broken: [string, (d: Compose) => void, RegExp][] = [
    ["a privileged runner", setField("runner-docker", "privileged", true), /runner-docker: is privileged/],
    [
      "a misspelt control-plane variable",
      setEnv("controlplane-2", "BATON_MIGRTE", "false"),
      /controlplane-2: BATON_MIGRTE is not a variable the control plane reads/,
    ],
    [
      "a value the control plane refuses",
      setEnv("controlplane-1", "PORT", "lots"),
      /controlplane-1: Configuration error: PORT/,
    ],
    [
      "a runner platform that does not exist",
      setEnv("runner-local", "RUNNER_PLATFORM", "mainframe"),
      /runner-local: invalid runner configuration: RUNNER_PLATFORM/,
    ],
    [
      "a bad Docker runner setting",
      setEnv("runner-docker", "RUNNER_DOCKER_PULL_POLICY", "Sometimes"),
      /runner-docker: RUNNER_DOCKER_PULL_POLICY/,
    ],
    [
      "a misspelt runner variable",
      setEnv("runner-docker", "RUNNER_DOCKER_PULLPOLICY", "Always"),
      /runner-docker: RUNNER_DOCKER_PULLPOLICY is not a variable the runner reads/,
    ],
    [
      "a port published on every interface",
      setField("controlplane-1", "ports", ["4000:4000"]),
      /controlplane-1: publishes port 4000 on every interface/,
    ],
    [
      "a published port that differs from PORT",
      setField("controlplane-2", "ports", ["127.0.0.1:4002:4001"]),
      /controlplane-2: refuses the Host 127.0.0.1:4002/,
    ],
    [
      "a control plane listening on loopback inside its container",
      setEnv("controlplane-1", "HOST", "127.0.0.1"),
      /controlplane-1: listens on 127.0.0.1 inside its container/,
    ],
    [
      "a Docker runner whose id changes when it is re-created",
      dropField("runner-docker", "hostname"),
      /runner-docker: has no fixed hostname or RUNNER_ID/,
    ],
    [
      "a dependency on a service that does not exist",
      setField("web", "depends_on", { "controlplane-9": { condition: "service_healthy" } }),
      /web: depends on "controlplane-9"/,
    ],
    [
      "no healthcheck on a control plane",
      dropField("controlplane-2", "healthcheck"),
      /controlplane-2: has no healthcheck on http:\/\/127\.0\.0\.1:4001\/healthz/,
    ],
    [
      "no healthcheck on NATS",
      dropField("nats", "healthcheck"),
      /waits for "nats" to be healthy, but it has no healthcheck/,
    ],
    [
      "the Docker runner without the socket",
      setField("runner-docker", "volumes", ["runner-docker-data:/var/lib/baton/runner"]),
      /runner-docker: does not mount the engine's socket at \/var\/run\/docker\.sock/,
    ],
    [
      "a control plane that does not wait for migrations",
      setField("controlplane-1", "depends_on", { nats: { condition: "service_healthy" } }),
      /controlplane-1: has BATON_MIGRATE=false but does not wait for the migrate service/,
    ],
    [
      "a DATABASE_URL with another password",
      setEnv("migrate", "DATABASE_URL", "postgresql://baton:nope@postgres:5432/baton"),
      /migrate: DATABASE_URL's user, password or database differ/,
    ],
    [
      "a console origin the control planes do not allow",
      setEnv("web", "PORT", "3005"),
      /does not answer CORS for the console's origin http:\/\/127\.0\.0\.1:3005/,
    ],
    [
      "a console pointed at no control plane",
      setEnv("web", "BATON_GRAPHQL_URL", "http://127.0.0.1:4999/graphql"),
      /web: BATON_GRAPHQL_URL .* is no control plane's published port/,
    ],
    [
      "a Baton service built from another Dockerfile",
      setField("runner-local", "build", { context: "..", dockerfile: "examples/Dockerfile" }),
      /runner-local: is not built from deploy\/Dockerfile/,
    ],
    [
      "a migrate script that imports what @baton/db does not export",
      (d) => {
        const s = service(d, "migrate");
        s.command = commandOf(s).map((a) => a.replace("{ applyMigrations }", "{ applyMigration }"));
      },
      /migrate: imports applyMigration, which @baton\/db does not export/,
    ],
    [
      "a tasks folder the control planes do not see",
      setField("controlplane-2", "volumes", []),
      /controlplane-2: does not mount .* at \/opt\/baton\/tasks like runner-local does/,
    ],
  ];
  it.each(broken)("reports %s", (_what, change, expected) => {
    const problems = composeProblems(mutate(change), facts);
    expect(problems.join("\n")).toMatch(expected);
  });
});

const needs = await imageNeeds(compose, facts);

describe("deploy/Dockerfile", () => {
  it("builds in stages, runs as a non-root user, copies what exists and is not ignored, and holds what compose runs", () => {
    expect(needs.paths).toContain(facts.entries.controlPlane);
    expect(dockerfileProblems(dockerfileText, dockerignoreText, needs)).toEqual([]);
  });

  const broken: [string, string, string, RegExp][] = [
    ["a root user", dockerfileText.replace(/^USER node$/m, "USER root"), dockerignoreText, /final stage runs as root/],
    ["no user", dockerfileText.replace(/^USER node$/m, ""), dockerignoreText, /sets no USER/],
    [
      "a COPY --from of a stage that does not exist",
      dockerfileText.replace("COPY --from=build /src/proto/dist", "COPY --from=builder /src/proto/dist"),
      dockerignoreText,
      /COPY --from=builder names no earlier stage/,
    ],
    [
      "a COPY of a file the repository does not have",
      dockerfileText.replace("COPY tsconfig.base.json turbo.json ./", "COPY tsconfig.base.json turbo.jsonc ./"),
      dockerignoreText,
      /COPY turbo\.jsonc: not in the repository/,
    ],
    [
      "a COPY of a folder .dockerignore excludes",
      dockerfileText,
      `${dockerignoreText}\nproto\n`,
      /COPY proto: excluded by \.dockerignore/,
    ],
    [
      "a runtime file .dockerignore excludes",
      dockerfileText,
      `${dockerignoreText}\nrunners/docker/watchdog.mjs\n`,
      /the image lacks runners\/docker\/watchdog\.mjs/,
    ],
    [
      "a missing workspace manifest",
      dockerfileText.replace("COPY bench/package.json bench/\n", ""),
      dockerignoreText,
      /bench\/package\.json is not copied before npm install/,
    ],
    [
      "the console's server left out of the image",
      dockerfileText.replace(
        "COPY --from=build /src/web/server.mjs /src/web/next.config.ts web/",
        "COPY --from=build /src/web/next.config.ts web/",
      ),
      dockerignoreText,
      /the image lacks web\/server\.mjs/,
    ],
    [
      "migrations left out of the image",
      dockerfileText.replace("COPY --from=build /src/prisma/migrations prisma/migrations\n", ""),
      dockerignoreText,
      /the image lacks prisma\/migrations\//,
    ],
    [
      "production dependencies left out of the image",
      dockerfileText.replace("COPY --from=deps /src ./\n", ""),
      dockerignoreText,
      /the image lacks node_modules\/@baton\/db/,
    ],
    [
      "a runtime stage that installs packages",
      dockerfileText.replace(/^USER node$/m, "RUN apt-get install -y curl\nUSER node"),
      dockerignoreText,
      /the final stage installs packages/,
    ],
  ];
  it.each(broken)("reports %s", (_what, text, ignore, expected) => {
    expect(dockerfileText === text && ignore === dockerignoreText).toBe(false);
    expect(dockerfileProblems(text, ignore, needs).join("\n")).toMatch(expected);
  });
});

// ---------------------------------------------------------------- for real

/** A compose service's environment pointed at this machine's private PostgreSQL and NATS. */
function onThisMachine(
  env: Record<string, string>,
  at: { databaseUrl: string; natsUrl: string; prefix: string; port?: number },
) {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    ...env,
    ...(env.DATABASE_URL ? { DATABASE_URL: at.databaseUrl } : {}),
    ...(env.NATS_URL ? { NATS_URL: at.natsUrl } : {}),
    ...(env.BATON_NATS_PREFIX ? { BATON_NATS_PREFIX: at.prefix } : {}),
    ...(env.HOST ? { HOST: "127.0.0.1" } : {}),
    ...(at.port !== undefined ? { PORT: String(at.port) } : {}),
  };
}

/** Runs a compose command (the image's WORKDIR is the repository root here). */
function run(argv: string[], env: Record<string, string>): ChildProcess {
  const [cmd, ...args] = argv;
  return spawn(cmd === "node" ? process.execPath : (cmd ?? ""), args, {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("the compose commands, run for real", () => {
  const id = randomBytes(4).toString("hex");
  const database = `baton_deploy_${id}`;
  const adminUrl = inject("pgAdminUrl");
  const scratch = scratchDatabase(adminUrl, database);
  const databaseUrl = scratch.url;
  const children: ChildProcess[] = [];

  afterAll(async () => {
    await stopChildren(children);
    await scratch.drop();
  });

  it("the migrate service's command applies every migration to an empty database", async () => {
    await scratch.create();
    const migrate = service(compose, "migrate");
    const child = run(commandOf(migrate), onThisMachine(envOf(migrate), { databaseUrl, natsUrl: "", prefix: "" }));
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d));
    child.stderr?.on("data", (d: Buffer) => (output += d));
    const code = await new Promise<number | null>((done) => child.once("exit", (c) => done(c)));
    expect({ code, output }).toMatchObject({ code: 0 });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const applied = await db.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    await db.end();
    expect(applied.rows.map((r) => r.migration_name)).toEqual((await readMigrations()).map((m) => m.name));
  });

  it("a control plane started with its compose command and environment passes its compose healthcheck", async () => {
    const plane = service(compose, "controlplane-1");
    const env = envOf(plane);
    const port = await freePort();
    // The healthcheck exactly as compose runs it, aimed at the port used here.
    const check = plane.healthcheck?.test;
    if (!Array.isArray(check)) throw new Error("controlplane-1's healthcheck is not in exec form");
    const test = check.slice(1).map((a) => a.replaceAll(`127.0.0.1:${env.PORT}`, `127.0.0.1:${port}`));
    expect(test.join(" ")).toContain(`127.0.0.1:${port}/healthz`);
    const [cmd, ...args] = test;
    const healthy = () =>
      promisify(execFile)(cmd === "node" ? process.execPath : (cmd ?? ""), args, { cwd: repoRoot }).then(
        () => true,
        () => false,
      );
    expect(await healthy()).toBe(false); // nothing listens there yet: the check must fail
    const child = run(
      commandOf(plane),
      onThisMachine(env, { databaseUrl, natsUrl: inject("natsUrl"), prefix: `d${id}`, port }),
    );
    children.push(child);
    let output = "";
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    await waitFor(
      "the control plane's healthcheck to pass",
      async () => {
        if (child.exitCode !== null) throw new Error(`the control plane exited: ${output}`);
        return healthy();
      },
      60_000,
    );
  });
});

// ---------------------------------------------------------------- Prometheus and Grafana

/** A scrape job of deploy/prometheus/prometheus.yml, as far as these checks read it. */
interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets?: string[] }[];
  dns_sd_configs?: { names?: string[]; type?: string; port?: number }[];
}

/** The host file a service's bind mount of `target` comes from (relative sources are relative to deploy/). */
function boundFile(s: Service, target: string): string | undefined {
  const m = mountsOf(s).find((v) => v.target === target && !v.named && v.source);
  return m?.source ? resolve(deployDir, m.source) : undefined;
}

/** The container path under which a host path is mounted, by a bind mount of it or of a folder holding it. */
function mountedAt(s: Service, hostPath: string): string | undefined {
  for (const m of mountsOf(s)) {
    if (m.named || !m.source) continue;
    const source = resolve(deployDir, m.source);
    if (source === hostPath) return m.target;
    if (hostPath.startsWith(`${source}/`)) return posix.join(m.target, relative(source, hostPath));
  }
  return undefined;
}

/**
 * The monitoring services of a compose file: Prometheus mounts deploy/prometheus/prometheus.yml
 * where --config.file says and scrapes every control plane on its PORT at /metrics (and every runner
 * with RUNNER_HTTP_PORT); Grafana mounts both provisioning folders and the dashboard where the
 * dashboard provider looks, with a data source pointing at the Prometheus service.
 */
function monitoringProblems(doc: Compose, read: (file: string) => string = (f) => readFileSync(f, "utf8")): string[] {
  const problems: string[] = [];
  const entries = Object.entries(doc.services ?? {});
  const prom = entries.find(([, s]) => s.image?.startsWith("prom/prometheus"));
  const graf = entries.find(([, s]) => s.image?.startsWith("grafana/grafana"));
  if (!prom) problems.push("no prometheus service (image prom/prometheus)");
  if (!graf) problems.push("no grafana service (image grafana/grafana-oss)");
  let promPort = 9090;
  if (prom) {
    const [name, s] = prom;
    const flag = (f: string) =>
      commandOf(s)
        .find((c) => c.startsWith(`--${f}=`))
        ?.slice(f.length + 3);
    const configPath = flag("config.file") ?? "/etc/prometheus/prometheus.yml";
    promPort = Number(flag("web.listen-address")?.split(":").pop() ?? 9090);
    const file = boundFile(s, configPath);
    if (file !== join(deployDir, "prometheus", "prometheus.yml")) {
      problems.push(`${name}: does not mount deploy/prometheus/prometheus.yml at ${configPath}`);
    } else {
      const config = parseYaml(read(file)) as { scrape_configs?: ScrapeJob[] };
      const scraped = new Set<string>();
      for (const job of config.scrape_configs ?? []) {
        if ((job.metrics_path ?? "/metrics") !== "/metrics") continue;
        for (const sc of job.static_configs ?? []) for (const t of sc.targets ?? []) scraped.add(t);
        for (const sd of job.dns_sd_configs ?? []) for (const n of sd.names ?? []) scraped.add(`${n}:${sd.port}`);
      }
      for (const [plane, ps] of entries.filter(([, x]) => roleOf(x, facts) === "control-plane")) {
        const port = loadConfig(envOf(ps)).port;
        if (!scraped.has(`${plane}:${port}`)) problems.push(`${name}: does not scrape ${plane}:${port}/metrics`);
      }
      for (const [runner, rs] of entries.filter(([, x]) => roleOf(x, facts) === "runner")) {
        const port = envOf(rs).RUNNER_HTTP_PORT;
        if (port && !scraped.has(`${runner}:${port}`))
          problems.push(`${name}: does not scrape ${runner}:${port}/metrics`);
      }
    }
    if (!mountsOf(s).some((m) => m.named && m.target === (flag("storage.tsdb.path") ?? "/prometheus"))) {
      problems.push(`${name}: keeps its TSDB outside a volume`);
    }
  }
  if (graf) {
    const [name, s] = graf;
    const provisioning = join(deployDir, "grafana", "provisioning");
    const dashboards = mountedAt(s, join(provisioning, "dashboards", "baton.yaml"));
    const datasources = mountedAt(s, join(provisioning, "datasources", "prometheus.yaml"));
    if (dashboards !== "/etc/grafana/provisioning/dashboards/baton.yaml") {
      problems.push(
        `${name}: does not mount deploy/grafana/provisioning/dashboards at /etc/grafana/provisioning/dashboards`,
      );
    }
    if (datasources !== "/etc/grafana/provisioning/datasources/prometheus.yaml") {
      problems.push(
        `${name}: does not mount deploy/grafana/provisioning/datasources at /etc/grafana/provisioning/datasources`,
      );
    }
    const providers = (
      parseYaml(read(join(provisioning, "dashboards", "baton.yaml"))) as {
        providers?: { type?: string; options?: { path?: string } }[];
      }
    ).providers;
    const folder = providers?.find((p) => p.type === "file")?.options?.path;
    const dashboard = mountedAt(s, join(deployDir, "grafana", "baton.json"));
    if (!dashboard || !folder || posix.dirname(dashboard) !== posix.normalize(folder)) {
      problems.push(`${name}: does not mount deploy/grafana/baton.json in the dashboard provider's folder ${folder}`);
    }
    const sources =
      (
        parseYaml(read(join(provisioning, "datasources", "prometheus.yaml"))) as {
          datasources?: { type?: string; url?: string }[];
        }
      ).datasources ?? [];
    const url = sources.find((d) => d.type === "prometheus")?.url;
    if (!prom || !url || new URL(url).host !== `${prom[0]}:${promPort}`) {
      problems.push(`${name}: its Prometheus data source ${url} is not the prometheus service on port ${promPort}`);
    } else if (!dependsOn(s)[prom[0]]) {
      problems.push(`${name}: does not depend on ${prom[0]}`);
    }
  }
  return problems;
}

describe("deploy/compose.yaml: Prometheus and Grafana", () => {
  const withVars = loadCompose(composeText, { ...userVars, GRAFANA_ADMIN_PASSWORD: "not-admin" });

  it("Prometheus scrapes the control planes, Grafana mounts the provisioning and the dashboard", () => {
    expect(monitoringProblems(compose)).toEqual([]);
    expect(monitoringProblems(withVars)).toEqual([]);
    expect(composeProblems(withVars, facts)).toEqual([]);
    expect(envOf(service(withVars, "grafana")).GF_SECURITY_ADMIN_PASSWORD).toBe("not-admin");
  });

  it("deploy/prometheus/prometheus.yml passes promtool check config", async () => {
    const { stdout } = await promisify(execFile)("promtool", [
      "check",
      "config",
      join(deployDir, "prometheus", "prometheus.yml"),
    ]);
    expect(stdout).toContain("SUCCESS");
  });

  const promYml = join(deployDir, "prometheus", "prometheus.yml");
  const realRead = (f: string) => readFileSync(f, "utf8");
  const broken: [string, (d: Compose) => void, ((f: string) => string) | undefined, RegExp][] = [
    [
      "Grafana without the dashboard",
      (d) => {
        const g = service(d, "grafana");
        g.volumes = (g.volumes ?? []).filter((v) => !String(v).includes("baton.json"));
      },
      undefined,
      /grafana: does not mount deploy\/grafana\/baton\.json/,
    ],
    [
      "Grafana without the dashboard provisioning",
      (d) => {
        const g = service(d, "grafana");
        g.volumes = (g.volumes ?? []).filter((v) => !String(v).includes("provisioning/dashboards"));
      },
      undefined,
      /grafana: does not mount deploy\/grafana\/provisioning\/dashboards/,
    ],
    [
      "Grafana without the data source",
      (d) => {
        const g = service(d, "grafana");
        g.volumes = (g.volumes ?? []).filter((v) => !String(v).includes("provisioning/datasources"));
      },
      undefined,
      /grafana: does not mount deploy\/grafana\/provisioning\/datasources/,
    ],
    [
      "Prometheus without its config",
      (d) => {
        const p = service(d, "prometheus");
        p.volumes = (p.volumes ?? []).filter((v) => !String(v).includes("prometheus.yml"));
      },
      undefined,
      /prometheus: does not mount deploy\/prometheus\/prometheus\.yml/,
    ],
    [
      "a prometheus.yml that forgets a control plane",
      () => undefined,
      (f) => (f === promYml ? realRead(f).replace(', "controlplane-2:4001"', "") : realRead(f)),
      /prometheus: does not scrape controlplane-2:4001\/metrics/,
    ],
    [
      "a control plane moved to another port",
      (d) => {
        envMap(service(d, "controlplane-1")).PORT = "4005";
      },
      undefined,
      /prometheus: does not scrape controlplane-1:4005\/metrics/,
    ],
    [
      "a runner whose /metrics moved to another port",
      (d) => {
        envMap(service(d, "runner-docker")).RUNNER_HTTP_PORT = "9470";
      },
      undefined,
      /prometheus: does not scrape runner-docker:9470\/metrics/,
    ],
    [
      "a data source pointing elsewhere",
      () => undefined,
      (f) => realRead(f).replace("http://prometheus:9090", "http://localhost:9090"),
      /grafana: its Prometheus data source http:\/\/localhost:9090 is not the prometheus service/,
    ],
  ];
  it.each(broken)("reports %s", (_what, change, read, expected) => {
    expect(monitoringProblems(mutate(change), read).join("\n")).toMatch(expected);
  });
});
