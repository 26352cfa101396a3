/**
 * Reads a parsed YAML tree while recording, for every refusal, the line and
 * column of the node at fault: an import of hundreds of definitions is only
 * fixable if each error says where to look.
 */
import { isAlias, isMap, isScalar, isSeq, type LineCounter, Scalar } from "yaml";
import { attempt } from "./attempt.js";
import type { LineError, TextOrigin } from "./types.js";
import { Fields } from "./yaml-fields.js";
import { isNull, type YamlNode } from "./yaml-node.js";

/** Aliases are refused: they hide what an entry says and can multiply a small file into a huge one. */
const ALIAS = "aliases (*name) are not supported in a definitions document; write the value out.";

export class NodeReader {
  readonly errors: LineError[] = [];

  /** `source` is the document's text; only `textOrigin` needs it. */
  constructor(
    private readonly lines: LineCounter,
    private readonly source = "",
  ) {}

  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  }

  lineOf(node: YamlNode): number {
    return this.position(node.range[0]).line;
  }

  errorAt(offset: number, message: string): void {
    this.errors.push({ ...this.position(offset), message });
  }

  fail(node: YamlNode, message: string): void {
    this.errorAt(node.range[0], message);
  }

  /** Runs a domain check on a value read from node; its error is reported at node. */
  check<T>(node: YamlNode, context: string, run: () => T): T | undefined {
    return attempt(run, (message) => this.fail(node, `${context}: ${message}`));
  }

  /** A missing or empty list is an empty list. */
  list(node: YamlNode | null | undefined, what: string): YamlNode[] {
    if (isNull(node)) return [];
    if (isSeq(node)) return node.items;
    this.fail(node, isAlias(node) ? `${what}: ${ALIAS}` : `${what} must be a list (lines starting with "- ").`);
    return [];
  }

  /** A mapping whose keys are all among `keys`; unknown keys are reported at their own line. */
  map(node: YamlNode, what: string, keys: readonly string[]): Fields | undefined {
    if (!isMap(node)) {
      this.fail(node, isAlias(node) ? `${what}: ${ALIAS}` : `${what} must be a mapping of key: value lines.`);
      return undefined;
    }
    const fields = new Fields(this, node);
    for (const pair of node.items) {
      const key = this.text(pair.key, `a key in ${what}`);
      if (key === undefined) continue;
      if (keys.includes(key)) fields.set(key, pair.key, pair.value);
      else this.fail(pair.key, `${what}: unknown key "${key}"; known keys are ${keys.join(", ")}.`);
    }
    return fields;
  }

  /**
   * A single text value. Unquoted numbers and booleans are taken as written,
   * so `version: 2.0` means "2.0" (YAML alone would make it the number 2).
   */
  text(node: YamlNode, what: string): string | undefined {
    if (isScalar(node)) {
      if (typeof node.value === "string") return node.value;
      const plain = node.type === "PLAIN" && (typeof node.value === "number" || typeof node.value === "boolean");
      if (plain) return node.source ?? String(node.value);
    }
    this.fail(node, isAlias(node) ? `${what}: ${ALIAS}` : `${what} must be a single text value.`);
    return undefined;
  }

  /** The JSON value of node; with `leavesAsText`, plain scalars are their written text (env values are text). */
  plain(node: YamlNode | null, what: string, leavesAsText = false): unknown {
    if (node === null) return null;
    if (isAlias(node)) {
      this.fail(node, `${what}: ${ALIAS}`);
      return undefined;
    }
    if (isSeq(node)) return node.items.map((item, i) => this.plain(item, `${what}[${i}]`, leavesAsText));
    if (isMap(node)) {
      const value: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = this.text(pair.key, `a key in ${what}`);
        if (key !== undefined) value[key] = this.plain(pair.value, `${what}.${key}`, leavesAsText);
      }
      return value;
    }
    return leavesAsText && node.value !== null ? (this.text(node, what) ?? node.value) : node.value;
  }

  /** Where a text value's characters start, so positions inside it (a DAG's DSL) map to document lines. */
  textOrigin(node: YamlNode): TextOrigin {
    const { line, column } = this.position(node.range[0]);
    const type = isScalar(node) ? node.type : undefined;
    if (type === Scalar.BLOCK_LITERAL) return { line, column, style: "block", offset: this.blockIndent(line) };
    const oneLine = this.position(Math.max(node.range[1] - 1, node.range[0])).line === line;
    if (oneLine && (type === Scalar.PLAIN || type === Scalar.QUOTE_SINGLE || type === Scalar.QUOTE_DOUBLE)) {
      return { line, column, style: "inline", offset: type === Scalar.PLAIN ? 0 : 1 };
    }
    return { line, column, style: "other", offset: 0 };
  }

  /** The indentation of a block scalar's text: that of its first line with anything on it after the header. */
  private blockIndent(headerLine: number): number {
    const starts = this.lines.lineStarts;
    for (let i = headerLine; i < starts.length; i++) {
      const text = this.source.slice(starts[i], starts[i + 1] ?? this.source.length).replace(/\r?\n$/, "");
      if (text.trim() !== "") return text.length - text.trimStart().length;
    }
    return 0;
  }

  /** The node a dotted path (as in a BatonError's details.field) leads to, as deep as it exists. */
  locate(node: YamlNode, path: readonly string[]): YamlNode {
    const [head, ...rest] = path;
    if (head === undefined) return node;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === head);
      return pair ? this.locate(pair.value ?? pair.key, rest) : node;
    }
    const item = isSeq(node) ? node.items[Number(head)] : undefined;
    return item ? this.locate(item, rest) : node;
  }
}
