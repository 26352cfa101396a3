/**
 * Which programs may run, and where: BATON_ALLOWED_PROGRAMS parsed into rules
 * per pool, and the matching of an app URI against them. Pure: no file
 * system (symlinks are the runner machine's business), no registry lookups.
 *
 * Syntax: entries separated by ";", each `pool=prefix prefix ...`, with "*"
 * as the pool for "every pool". A prefix is a `file:` directory root or a
 * `docker:` registry or repository:
 *   *=file:/opt/batch/;etl=file:/opt/etl/ docker:registry.example.com/etl/
 * Unset (or blank): no list, everything may run.
 */
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { imageRepository } from "@baton/proto";
import { forbidden } from "./errors.js";
import { parseAppUri } from "./uri.js";

/** The pool name of rules that hold in every pool. */
export const EVERY_POOL = "*";

const POOL = /^[A-Za-z0-9_-]{1,64}$/;
/** Docker's reference grammar (distribution): a registry host[:port], then lowercase path components. */
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** What a rule admits: everything under a directory, or every image under a registry/repository prefix. */
export type ProgramTarget = { kind: "file"; root: string } | { kind: "docker"; repository: string };

export interface ProgramRule {
  /** A pool name, or "*" for every pool. */
  pool: string;
  /** The prefix as the operator wrote it (messages quote it so). */
  text: string;
  target: ProgramTarget;
}

/** A parsed BATON_ALLOWED_PROGRAMS. `undefined` where one is expected means: no list, everything allowed. */
export interface ProgramAllowlist {
  readonly rules: readonly ProgramRule[];
}

/**
 * Parses BATON_ALLOWED_PROGRAMS. Unset or blank: undefined (no list).
 * Anything malformed throws one Error saying what is wrong and how to write it.
 */
export function parseProgramAllowlist(text: string | undefined): ProgramAllowlist | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const rules: ProgramRule[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(";")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    if (eq < 0) {
      throw new Error(
        `"${entry}" has no "="; write pool=prefix prefix..., for example *=file:/opt/batch/;etl=docker:registry.example.com/etl/`,
      );
    }
    const pool = entry.slice(0, eq).trim();
    if (pool !== EVERY_POOL && !POOL.test(pool)) {
      throw new Error(`"${pool}" is not a pool name: a pool is 1-64 letters, digits, _ or -, or * for every pool`);
    }
    if (seen.has(pool)) throw new Error(`pool ${pool} is listed twice; put all its prefixes in one entry`);
    seen.add(pool);
    const prefixes = entry
      .slice(eq + 1)
      .split(/\s+/)
      .filter((p) => p !== "");
    if (prefixes.length === 0) {
      throw new Error(`pool ${pool} lists no prefix; give a file: root or a docker: registry, or leave the pool out`);
    }
    for (const prefix of prefixes) rules.push({ pool, text: prefix, target: parseRule(prefix) });
  }
  if (rules.length === 0) throw new Error("it lists no pool; write pool=prefix, or leave it unset to allow everything");
  return { rules };
}

function parseRule(text: string): ProgramTarget {
  if (text.startsWith("file:")) return { kind: "file", root: fileRoot(text) };
  if (text.startsWith("docker:")) return { kind: "docker", repository: dockerPrefix(text) };
  throw new Error(
    `"${text}" is neither a file: root nor a docker: registry; Baton runs file:///absolute/path programs and docker: images only`,
  );
}

/** file:/opt/batch/ or file:///opt/batch -> "/opt/batch" (percent-escapes decoded, as in app URIs). */
function fileRoot(text: string): string {
  const rest = text.slice("file:".length);
  const path = rest.startsWith("//") ? rest.slice(2) : rest;
  if (!path.startsWith("/")) {
    throw new Error(`"${text}" is not an absolute file root; write file:/opt/jobs/ (or file:///opt/jobs/)`);
  }
  if (path.split("/").some((s) => s === "." || s === "..")) {
    throw new Error(`"${text}" contains "." or ".."; write the directory it means`);
  }
  let decoded: string;
  try {
    decoded = fileURLToPath(`file://${path}`);
  } catch (err) {
    throw new Error(`"${text}" is not a valid file root: ${(err as Error).message}`);
  }
  return trimSlash(posix.normalize(decoded));
}

/**
 * docker:ghcr.io/acme/ -> "ghcr.io/acme"; docker:registry.example.com/ -> the
 * whole registry; docker:ubuntu -> "docker.io/library/ubuntu" (Docker's own
 * normalisation). A single name that looks like a host without the trailing
 * slash is refused: Docker would read it as an image on Docker Hub.
 */
function dockerPrefix(text: string): string {
  const body = text.slice("docker:".length).replace(/^\/\//, "");
  if (body === "" || body === "/") throw new Error(`"${text}" names no registry; write docker:registry.example.com/`);
  if (body.includes("@")) throw new Error(`"${text}": a rule names a registry or repository, not a digest`);
  const slash = body.endsWith("/");
  const parts = trimSlash(body).split("/");
  const first = parts[0] ?? "";
  const tag = /:(.*)$/.exec(first)?.[1];
  if (!slash && parts.length === 1 && tag !== undefined && !/^[0-9]+$/.test(tag)) {
    throw new Error(`"${text}": a rule names a registry or repository, not a tag; leave out ":${tag}"`);
  }
  if (!slash && parts.length === 1 && looksLikeHost(first)) {
    throw new Error(
      `"${text}" would be an image on Docker Hub; for the whole registry write docker:${first}/ (with the slash)`,
    );
  }
  const hasDomain = (slash || parts.length > 1) && looksLikeHost(first);
  if (hasDomain && !DOMAIN.test(first)) throw new Error(`"${text}": "${first}" is not a registry host[:port]`);
  const path = hasDomain ? parts.slice(1) : parts;
  for (const component of path) {
    const at = component.indexOf(":");
    if (at >= 0) {
      throw new Error(
        `"${text}": a rule names a registry or repository, not a tag; leave out "${component.slice(at)}"`,
      );
    }
    if (!PATH_COMPONENT.test(component)) {
      throw new Error(`"${text}": "${component}" is not a repository name (lowercase letters, digits, . _ -)`);
    }
  }
  // Docker Hub's official images live under library/: "ubuntu" is docker.io/library/ubuntu; "acme/" is a namespace.
  const repository = imageRepository(body, { asPrefix: slash });
  if (repository === undefined) throw new Error(`"${text}" is not a registry or repository name`);
  return repository;
}

const looksLikeHost = (component: string): boolean =>
  component.includes(".") || component.includes(":") || component === "localhost";

const trimSlash = (s: string): string => (s.length > 1 ? s.replace(/\/+$/, "") : s);

/** "/opt/batch" is under "/opt/batch" and "/opt/batch/x", never "/opt/batch-evil/x". */
const under = (path: string, root: string): boolean =>
  path === root || path.startsWith(root === "/" ? "/" : `${root}/`);

/**
 * The normalised program an app URI names: an absolute path with ".." and
 * trailing slashes resolved, or an image's registry/repository without tag
 * or digest (Docker Hub names completed). undefined when it is not one of
 * those: such a URI matches no rule.
 */
export function programOf(uri: string): ProgramTarget | undefined {
  let app: ReturnType<typeof parseAppUri>;
  try {
    app = parseAppUri(uri);
  } catch {
    return undefined;
  }
  if (app.kind === "file") return { kind: "file", root: trimSlash(posix.normalize(app.path)) };
  const repository = imageRepository(app.image);
  return repository === undefined ? undefined : { kind: "docker", repository };
}

function matches(rule: ProgramRule, program: ProgramTarget): boolean {
  if (rule.target.kind === "file" && program.kind === "file") return under(program.root, rule.target.root);
  if (rule.target.kind === "docker" && program.kind === "docker")
    return under(program.repository, rule.target.repository);
  return false;
}

/** The rules that hold in a pool: its own and the "*" ones. */
export function rulesOfPool(list: ProgramAllowlist, pool: string): ProgramRule[] {
  return list.rules.filter((r) => r.pool === pool || r.pool === EVERY_POOL);
}

/** The list as BATON_ALLOWED_PROGRAMS would spell it (pools in order of appearance). */
export function describeAllowlist(list: ProgramAllowlist): string {
  const pools = [...new Set(list.rules.map((r) => r.pool))];
  return pools
    .map(
      (p) =>
        `${p}=${list.rules
          .filter((r) => r.pool === p)
          .map((r) => r.text)
          .join(" ")}`,
    )
    .join("; ");
}

/** Whether some pool (or "*") allows the program: what registration asks. */
export function allowedSomewhere(list: ProgramAllowlist | undefined, uri: string): boolean {
  if (!list) return true;
  const program = programOf(uri);
  return program !== undefined && list.rules.some((r) => matches(r, program));
}

/** Why a registration of this URI is refused, or undefined when some pool allows it. */
export function registrationRefusal(list: ProgramAllowlist | undefined, uri: string): string | undefined {
  if (!list || allowedSomewhere(list, uri)) return undefined;
  return (
    `Program ${uri} is not allowed in any pool; BATON_ALLOWED_PROGRAMS allows ${describeAllowlist(list)}. ` +
    "Register a program under one of these roots or registries, or have an operator add a rule to BATON_ALLOWED_PROGRAMS."
  );
}

/** Why a run of this URI in this pool is refused, or undefined when the pool (or "*") allows it. */
export function launchRefusal(list: ProgramAllowlist | undefined, uri: string, pool: string): string | undefined {
  if (!list) return undefined;
  const rules = rulesOfPool(list, pool);
  const program = programOf(uri);
  if (program !== undefined && rules.some((r) => matches(r, program))) return undefined;
  const allowed = rules.map((r) => (r.pool === EVERY_POOL ? `${r.text} (every pool)` : r.text));
  return (
    `program ${uri} may not run in pool ${pool}; allowed there: ${allowed.length > 0 ? allowed.join(", ") : "nothing"}. ` +
    "Run it in a pool that allows it, or set BATON_ALLOWED_PROGRAMS to allow it there."
  );
}

/** registerApp and the importers: FORBIDDEN unless some pool allows the URI. */
export function checkRegistrable(list: ProgramAllowlist | undefined, uri: string): void {
  const refusal = registrationRefusal(list, uri);
  if (refusal === undefined) return;
  throw forbidden(refusal, { uri, allowedPrograms: list ? describeAllowlist(list) : "" });
}

/** A launch the caller waits for: FORBIDDEN unless the run's pool allows the URI. */
export function checkRunnable(list: ProgramAllowlist | undefined, uri: string, pool: string): void {
  const refusal = launchRefusal(list, uri, pool);
  if (refusal === undefined || !list) return;
  throw forbidden(refusal, { uri, pool, allowed: rulesOfPool(list, pool).map((r) => r.text) });
}

/** The control plane's one line at start about the list. */
export function allowlistStartLine(list: ProgramAllowlist | undefined): string {
  return list
    ? `programs may run only as BATON_ALLOWED_PROGRAMS allows: ${describeAllowlist(list)}`
    : 'BATON_ALLOWED_PROGRAMS is not set: any file: program or docker: image may be registered and run in any pool; set it to restrict them (README, "Which programs may run")';
}
