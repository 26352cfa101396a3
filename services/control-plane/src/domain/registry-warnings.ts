import semver from "semver";
import { type AppUri, parseAppUri } from "./uri.js";

/**
 * What a user should know about a registered app version: a program file
 * this control plane cannot see, a version that is not semver, an image no
 * live runner can run. Pure: the caller looks at the file and the runners.
 */

export const REGISTRY_WARNING_CODES = ["MISSING_FILE", "UNCHECKABLE_FILE", "NOT_SEMVER", "NO_RUNNER"] as const;
export type RegistryWarningCode = (typeof REGISTRY_WARNING_CODES)[number];

export interface RegistryWarning {
  code: RegistryWarningCode;
  message: string;
}

/** What stat said about a file: URI's path on this host. */
export type FileCheck =
  | { state: "file" }
  | { state: "missing" }
  | { state: "directory" }
  /** A socket, FIFO or device: nothing a runner can start. */
  | { state: "other" }
  /** stat failed for another reason (EACCES on a parent folder, say). */
  | { state: "unchecked"; reason: string };

/** The runner platforms whose drivers run container images (runners/host/src/drivers.ts). */
export const IMAGE_PLATFORMS: readonly string[] = ["docker", "kubernetes"];

export interface WarningFacts {
  uri: string;
  version: string;
  /** os.hostname() of the control plane answering. */
  host: string;
  /** For a file: URI; undefined when it was not looked at (then nothing is said about it). */
  file?: FileCheck;
  /** For a docker: URI: the platform of each live runner (repeats allowed); undefined when not read. */
  livePlatforms?: readonly string[];
}

/** The URI's kind and path or image; undefined for a URI that no longer parses (stored before a rule changed). */
export function appUriOf(uri: string): AppUri | undefined {
  try {
    return parseAppUri(uri);
  } catch {
    return undefined;
  }
}

export function registryWarnings(facts: WarningFacts): RegistryWarning[] {
  const warnings: RegistryWarning[] = [];
  const uri = appUriOf(facts.uri);
  if (uri?.kind === "file" && facts.file) {
    const w = fileWarning(uri.path, facts.host, facts.file);
    if (w) warnings.push(w);
  }
  if (!semver.valid(facts.version)) warnings.push(notSemver(facts.version));
  if (uri?.kind === "docker" && facts.livePlatforms) {
    const w = runnerWarning(uri.image, facts.livePlatforms);
    if (w) warnings.push(w);
  }
  return warnings;
}

function fileWarning(path: string, host: string, check: FileCheck): RegistryWarning | undefined {
  const where = `on host ${host} (where this control plane runs); a local runner looks for the same path on its own host.`;
  switch (check.state) {
    case "file":
      return undefined;
    case "missing":
      return { code: "MISSING_FILE", message: `No file at ${path} ${where}` };
    case "directory":
      return { code: "MISSING_FILE", message: `${path} is a directory, not a program, ${where}` };
    case "other":
      return { code: "MISSING_FILE", message: `${path} is not a regular file ${where}` };
    case "unchecked":
      return {
        code: "UNCHECKABLE_FILE",
        message: `Could not check ${path} on host ${host} (where this control plane runs): ${check.reason}. A local runner looks for the same path on its own host.`,
      };
  }
}

function notSemver(version: string): RegistryWarning {
  return {
    code: "NOT_SEMVER",
    message:
      `Version "${version}" is not a semantic version (MAJOR.MINOR.PATCH, such as 1.4.2 or 2.0.0-rc.1). ` +
      "Baton never compares versions: it lists them in the order they were registered and runs exactly the " +
      "version a release names, so none counts as newer than another.",
  };
}

function runnerWarning(image: string, livePlatforms: readonly string[]): RegistryWarning | undefined {
  if (livePlatforms.some((p) => IMAGE_PLATFORMS.includes(p))) return undefined;
  const counts = new Map<string, number>();
  for (const p of livePlatforms) counts.set(p, (counts.get(p) ?? 0) + 1);
  const seen = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, n]) => `${n} ${p}`);
  const live = seen.length > 0 ? `the live runners are ${seen.join(", ")}` : "no runner is live";
  return {
    code: "NO_RUNNER",
    message:
      `No live runner can run the image ${image}: ${live}. Runs of it wait in the queue until a runner ` +
      "started with RUNNER_PLATFORM=docker (or RUNNER_PLATFORM=kubernetes, for tasks with the property " +
      'platform "kubernetes") sends heartbeats.',
  };
}
