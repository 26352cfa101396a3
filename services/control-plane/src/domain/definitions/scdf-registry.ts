/**
 * Reads Spring Cloud Data Flow's app-registry bulk import file (the
 * .properties file given to `app import`), so an SCDF user can bring their
 * task apps over. Baton runs tasks only: stream apps are skipped and listed.
 * All or nothing: one bad line refuses the whole file, with every error listed.
 */
import { parseAppUri } from "../uri.js";
import { checkName, checkVersion } from "../validation.js";
import { attempt } from "./attempt.js";
import { readPropertyLines } from "./properties-lines.js";
import type { LineError } from "./types.js";

export interface RegistryEntry {
  name: string;
  version: string;
  uri: string;
  /** 1-based line of the task.<name>=<uri> line. */
  line: number;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export type ScdfRegistryResult =
  | { ok: true; apps: RegistryEntry[]; skipped: SkippedLine[] }
  | { ok: false; errors: LineError[] };

const STREAM_TYPES = new Set(["source", "processor", "sink", "app"]);
/** SCDF suffixes Baton has no use for: metadata jars (property hints) and the Spring Boot generation. */
const IGNORED_SUFFIXES = new Set(["metadata", "bootVersion"]);

interface UriLine {
  name: string;
  uri: string;
  line: number;
  tag: string | undefined;
}

/** docker:repo/name:tag[@digest] -> tag; a ":" before the last "/" is a registry port, not a tag. */
function dockerTag(image: string): string | undefined {
  const ref = image.split("@")[0] ?? "";
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/") ? ref.slice(colon + 1) : undefined;
}

function readUri(key: string, value: string, fail: (m: string) => void): UriLine["tag"] | null {
  if (value === "") {
    fail(`${key} has no URI; write ${key}=docker:image:tag or ${key}=file:///path/to/app.jar.`);
    return null;
  }
  if (value.startsWith("maven:")) {
    fail(
      `${key}=${value}: Baton cannot resolve Maven artifacts. Download the jar and register it as ` +
        `file:///path/to/the.jar (with ${key}.version=<version>), or publish an image and use docker:image:tag.`,
    );
    return null;
  }
  const uri = attempt(
    () => parseAppUri(value),
    (m) => fail(`${key}: ${m}`),
  );
  if (!uri) return null;
  return uri.kind === "docker" ? dockerTag(uri.image) : undefined;
}

export function parseScdfRegistry(text: string): ScdfRegistryResult {
  const errors: LineError[] = [];
  const skipped: SkippedLine[] = [];
  const uris: UriLine[] = [];
  const versions = new Map<string, { version: string; line: number }>();
  for (const { line, key, value } of readPropertyLines(text)) {
    const fail = (message: string): void => void errors.push({ line, message });
    const parts = key.split(".");
    const [type = "", rawName = "", suffix] = parts;
    if (STREAM_TYPES.has(type)) {
      skipped.push({ line, reason: `${key} is a stream app (${type}); Baton runs tasks only.` });
      continue;
    }
    if (type !== "task" || parts.length < 2 || parts.length > 3) {
      fail(`"${key}" is not a task registry key; write task.<name>=<uri> or task.<name>.version=<version>.`);
      continue;
    }
    const name = attempt(
      () => checkName(rawName, "task name"),
      (m) => fail(`${key}: ${m}`),
    );
    if (name === undefined || (suffix !== undefined && IGNORED_SUFFIXES.has(suffix))) continue;
    if (suffix === undefined) {
      const tag = readUri(key, value, fail);
      if (tag !== null) uris.push({ name, uri: value, line, tag });
    } else if (suffix === "version") {
      const version = attempt(
        () => checkVersion(value),
        (m) => fail(`${key}: ${m}`),
      );
      const earlier = versions.get(name);
      if (version !== undefined && earlier && earlier.version !== version) {
        fail(
          `${key} was already set to ${earlier.version} on line ${earlier.line}; a file gives each task one ` +
            "version line. Import other versions from another file.",
        );
      } else if (version !== undefined && !earlier) versions.set(name, { version, line });
    } else {
      fail(`${key}: unknown suffix ".${suffix}"; Baton reads task.<name>, task.<name>.version and .metadata.`);
    }
  }
  const apps = resolveVersions(uris, versions, errors);
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, apps, skipped };
}

/** The version line wins over a docker tag (and is the only source for file: URIs); exact repeats collapse. */
function resolveVersions(
  uris: UriLine[],
  versions: Map<string, { version: string; line: number }>,
  errors: LineError[],
): RegistryEntry[] {
  const entries = new Map<string, RegistryEntry>();
  for (const u of uris) {
    const fail = (message: string): void => void errors.push({ line: u.line, message });
    const given = versions.get(u.name)?.version ?? u.tag;
    if (given === undefined) {
      fail(
        u.uri.startsWith("docker:")
          ? `task.${u.name}: ${u.uri} has no tag; add one (${u.uri.split("@")[0]}:1.0.0) or a line task.${u.name}.version=<version>.`
          : `task.${u.name}: a file: URI carries no version; add a line task.${u.name}.version=<version>.`,
      );
      continue;
    }
    const version = attempt(
      () => checkVersion(given),
      (m) => fail(`task.${u.name}: ${m}`),
    );
    if (version === undefined) continue;
    const earlier = entries.get(`${u.name}\n${version}`);
    if (earlier && earlier.uri !== u.uri) {
      fail(
        `task.${u.name} version ${version} is already ${earlier.uri} (line ${earlier.line}); give this URI its own version.`,
      );
    } else if (!earlier) entries.set(`${u.name}\n${version}`, { name: u.name, version, uri: u.uri, line: u.line });
  }
  for (const [name, { line }] of versions) {
    if (!uris.some((u) => u.name === name)) {
      errors.push({ line, message: `task.${name}.version has no task.${name}=<uri> line to apply to.` });
    }
  }
  return [...entries.values()];
}
