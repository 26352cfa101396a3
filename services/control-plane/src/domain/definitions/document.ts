/**
 * The Baton definitions document (YAML): apps, tasks, DAGs, schedules and
 * triggers, for export/import (backup and GitOps). Every error names the
 * 1-based line and column of the node at fault. Pure: the service checks what
 * needs the database (references to what the document does not define, name
 * clashes, a DAG's tasks), using `lines` to point at the entry.
 */
import { LineCounter, parseDocument as parseYaml } from "yaml";
import { readApps } from "./document-apps.js";
import { readDags } from "./document-dags.js";
import { emptyLines } from "./document-lines.js";
import { readSchedules } from "./document-schedules.js";
import { readTasks } from "./document-tasks.js";
import { readTriggers } from "./document-triggers.js";
import {
  API_VERSION,
  type DefinitionsDocument,
  type DocumentLines,
  type LineError,
  MAX_DOCUMENT_BYTES,
} from "./types.js";
import { isNull } from "./yaml-node.js";
import { NodeReader } from "./yaml-reader.js";

export { dagLineError, lineOfEntry } from "./document-lines.js";
export { renderDocument } from "./document-render.js";
export type {
  AppDefinition,
  AppVersionDefinition,
  DagDefinitionDoc,
  DefinitionsDocument,
  DocumentLines,
  LineError,
  ScheduleDefinitionDoc,
  TaskDefinitionDoc,
  TriggerDefinitionDoc,
} from "./types.js";
export { API_VERSION, MAX_DOCUMENT_BYTES } from "./types.js";

export type DocumentResult =
  | { ok: true; doc: DefinitionsDocument; lines: DocumentLines }
  | { ok: false; errors: LineError[] };

export interface ParseOptions {
  /** Baton's own NATS subject prefix, which a trigger may not listen under; "" checks NATS' own prefixes only. */
  natsPrefix?: string;
}

const TOP_KEYS = ["apiVersion", "apps", "tasks", "dags", "schedules", "triggers"] as const;

function refuse(errors: LineError[]): DocumentResult {
  const sorted = [...errors].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, errors: sorted };
}

export function parseDocument(text: string, options: ParseOptions = {}): DocumentResult {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_DOCUMENT_BYTES) {
    const mb = (bytes / 1024 / 1024).toFixed(1);
    return refuse([
      { line: 1, message: `The document is ${mb} MB; the limit is 5 MB. Split it into several documents.` },
    ]);
  }
  const lines = new LineCounter();
  const yaml = parseYaml(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new NodeReader(lines, text);
  // Warnings (an unknown !tag, for one) are refused too: an import must mean exactly what it says.
  for (const problem of [...yaml.errors, ...yaml.warnings]) r.errorAt(problem.pos[0], problem.message);
  // A broken YAML tree would only add confusing follow-on errors; fix the syntax first.
  if (r.errors.length > 0) return refuse(r.errors);
  const root = yaml.contents;
  if (isNull(root))
    return refuse([{ line: 1, message: `The document is empty; start it with apiVersion: ${API_VERSION}.` }]);
  const f = r.map(root, "the document", TOP_KEYS);
  if (!f) return refuse(r.errors);
  const apiVersion = f.node("apiVersion");
  const given = apiVersion ? r.text(apiVersion, "apiVersion") : undefined;
  if (!apiVersion) r.fail(root, `apiVersion is missing; start the document with apiVersion: ${API_VERSION}.`);
  else if (given !== undefined && given !== API_VERSION) {
    // Another version's shape is unknown here: reading on would only produce noise.
    r.fail(apiVersion, `apiVersion "${given}" is not supported; this Baton reads apiVersion: ${API_VERSION}.`);
    return refuse(r.errors);
  }
  const apps = readApps(r, f.node("apps"));
  const where = emptyLines();
  const doc: DefinitionsDocument = {
    apiVersion: API_VERSION,
    apps: apps.apps,
    tasks: readTasks(r, f.node("tasks"), apps),
    dags: readDags(r, f.node("dags"), where),
    schedules: readSchedules(r, f.node("schedules"), where),
    triggers: readTriggers(r, f.node("triggers"), where, options.natsPrefix ?? ""),
  };
  return r.errors.length > 0 ? refuse(r.errors) : { ok: true, doc, lines: where };
}
