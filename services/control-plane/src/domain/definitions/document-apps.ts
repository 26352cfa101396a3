import { parseAppUri } from "../uri.js";
import { checkName, checkVersion } from "../validation.js";
import type { AppDefinition, AppVersionDefinition } from "./types.js";
import type { YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

const APP_KEYS = ["name", "defaultVersion", "versions"] as const;
const VERSION_KEYS = ["version", "uri"] as const;

/** parseAppUri refuses what Baton cannot run; the URI is kept as written (trimmed). */
function checkUri(uri: string): string {
  parseAppUri(uri);
  return uri.trim();
}

export interface AppsRead {
  apps: AppDefinition[];
  /** Every version each app of the document lists, even where a URI is bad, so tasks are checked without echoes. */
  versions: Map<string, Set<string>>;
}

function readVersions(r: NodeReader, node: YamlNode | undefined, context: string, seen: Set<string>) {
  const versions: AppVersionDefinition[] = [];
  const lines = new Map<string, number>();
  for (const item of r.list(node, `${context}: versions`)) {
    const f = r.map(item, `${context}: a version`, VERSION_KEYS);
    const version = f?.text("version", context, checkVersion);
    const uri = f?.text("uri", context, checkUri);
    if (!f || version === undefined) continue;
    const first = lines.get(version);
    if (first !== undefined) {
      r.fail(f.node("version") ?? item, `${context}: version ${version} is listed twice (first on line ${first}).`);
      continue;
    }
    lines.set(version, r.lineOf(item));
    seen.add(version);
    if (uri !== undefined) versions.push({ version, uri });
  }
  return versions;
}

/** Apps of the document: names unique, versions unique per app, defaultVersion among them. */
export function readApps(r: NodeReader, node: YamlNode | undefined): AppsRead {
  const read: AppsRead = { apps: [], versions: new Map() };
  const lines = new Map<string, number>();
  for (const item of r.list(node, "apps")) {
    const f = r.map(item, "an app", APP_KEYS);
    const name = f?.text("name", "an app", (n) => checkName(n, "app name"));
    if (!f || name === undefined) continue;
    const context = `app ${name}`;
    const first = lines.get(name);
    if (first !== undefined) {
      r.fail(f.node("name") ?? item, `${context} is defined twice (first on line ${first}); merge its versions.`);
      continue;
    }
    lines.set(name, r.lineOf(item));
    const seen = new Set<string>();
    read.versions.set(name, seen);
    const versions = readVersions(r, f.node("versions"), context, seen);
    const defaultVersion = f.optionalText("defaultVersion", context, checkVersion);
    if (defaultVersion !== undefined && !seen.has(defaultVersion)) {
      const known = seen.size > 0 ? [...seen].join(", ") : "none";
      r.fail(
        f.node("defaultVersion") ?? item,
        `${context}: defaultVersion ${defaultVersion} is not among its versions (${known}).`,
      );
    }
    read.apps.push(defaultVersion === undefined ? { name, versions } : { name, defaultVersion, versions });
  }
  return read;
}
