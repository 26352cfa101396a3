import { isSeq } from "yaml";
import { isNull, type YamlNode } from "./yaml-node.js";
import type { NodeReader } from "./yaml-reader.js";

interface Field {
  key: YamlNode;
  value: YamlNode | null;
}

/** The known fields of one mapping, read with errors reported at the right node. */
export class Fields {
  private readonly fields = new Map<string, Field>();

  constructor(
    private readonly reader: NodeReader,
    readonly owner: YamlNode,
  ) {}

  set(key: string, keyNode: YamlNode, value: YamlNode | null): void {
    this.fields.set(key, { key: keyNode, value });
  }

  /** The value node; undefined when the key is absent or its value empty. */
  node(key: string): YamlNode | undefined {
    const value = this.fields.get(key)?.value;
    return isNull(value) ? undefined : value;
  }

  /** Where to point when a key's value is missing: the key if written, else the mapping. */
  private where(key: string): YamlNode {
    return this.fields.get(key)?.key ?? this.owner;
  }

  text(key: string, context: string, check?: (value: string) => string): string | undefined {
    const node = this.node(key);
    if (!node) {
      this.reader.fail(this.where(key), `${context}: "${key}" is required.`);
      return undefined;
    }
    return this.checked(node, key, context, check);
  }

  optionalText(key: string, context: string, check?: (value: string) => string): string | undefined {
    const node = this.node(key);
    return node ? this.checked(node, key, context, check) : undefined;
  }

  private checked(node: YamlNode, key: string, context: string, check?: (value: string) => string): string | undefined {
    const value = this.reader.text(node, `${context}: ${key}`);
    if (value === undefined || !check) return value;
    return this.reader.check(node, context, () => check(value));
  }

  /** A list of text values (arguments); absent is empty. Unquoted numbers are taken as written. */
  texts(key: string, context: string): string[] | undefined {
    const node = this.node(key);
    if (!node) return [];
    if (!isSeq(node)) {
      this.reader.fail(node, `${context}: ${key} must be a list of text values.`);
      return undefined;
    }
    const values = node.items.map((item, i) => this.reader.text(item, `${context}: ${key}[${i}]`));
    return values.every((v): v is string => v !== undefined) ? values : undefined;
  }

  /** A whole number from min to max; undefined when absent or refused. */
  integer(key: string, context: string, min: number, max: number): number | undefined {
    const node = this.node(key);
    if (!node) return undefined;
    const value = this.reader.plain(node, `${context}: ${key}`);
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    this.reader.fail(node, `${context}: ${key} must be a whole number from ${min} to ${max}.`);
    return undefined;
  }

  flag(key: string, context: string, fallback: boolean): boolean {
    const node = this.node(key);
    if (!node) return fallback;
    const value = this.reader.plain(node, `${context}: ${key}`);
    if (typeof value === "boolean") return value;
    this.reader.fail(node, `${context}: ${key} must be true or false.`);
    return fallback;
  }
}
