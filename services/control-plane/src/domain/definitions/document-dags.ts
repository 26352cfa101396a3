/**
 * The dags section: each DAG's definition is SCDF's composed-task DSL, kept
 * exactly as written. Its syntax is checked here, each error pointed at the
 * document's line; which tasks exist is the service's to check (checkDag).
 */
import { parseDag } from "../dag/index.js";
import { checkName } from "../validation.js";
import { firstOfName } from "./document-entries.js";
import { dagLineError, entryKey } from "./document-lines.js";
import { type DagDefinitionDoc, type DocumentLines, MAX_DAG_DEFINITION_BYTES, MAX_PARALLEL } from "./types.js";
import type { YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

const DAG_KEYS = ["name", "definition", "maxParallel"] as const;

function checkDefinition(r: NodeReader, node: YamlNode, name: string, definition: string, lines: DocumentLines) {
  const origin = r.textOrigin(node);
  lines.definitions.set(name, origin);
  const bytes = Buffer.byteLength(definition, "utf8");
  if (bytes > MAX_DAG_DEFINITION_BYTES) {
    r.fail(node, `DAG ${name}: the definition is larger than 4 MB; split it into several DAGs.`);
    return false;
  }
  const parsed = parseDag(definition);
  if (parsed.ok) return true;
  for (const error of parsed.errors) r.errors.push(dagLineError(name, origin, error));
  return false;
}

export function readDags(r: NodeReader, node: YamlNode | undefined, lines: DocumentLines): DagDefinitionDoc[] {
  const dags: DagDefinitionDoc[] = [];
  const seen = new Map<string, number>();
  for (const item of r.list(node, "dags")) {
    const f = r.map(item, "a DAG", DAG_KEYS);
    const name = f?.text("name", "a DAG", (n) => checkName(n, "DAG name"));
    if (!f) continue;
    const context = name === undefined ? "a DAG" : `DAG ${name}`;
    const definition = f.text("definition", context);
    const maxParallel = f.integer("maxParallel", context, 1, MAX_PARALLEL);
    const badParallel = f.node("maxParallel") !== undefined && maxParallel === undefined;
    if (name === undefined || !firstOfName(r, seen, name, f.node("name") ?? item, "DAG")) continue;
    lines.entries.set(entryKey("dag", name), r.lineOf(item));
    const definitionNode = f.node("definition");
    if (definition === undefined || !definitionNode) continue;
    if (!checkDefinition(r, definitionNode, name, definition, lines) || badParallel) continue;
    dags.push(maxParallel === undefined ? { name, definition } : { name, definition, maxParallel });
  }
  return dags;
}
