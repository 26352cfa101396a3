import { isScalar, type ParsedNode } from "yaml";

export type YamlNode = ParsedNode;

/** Absent, `key:` with nothing after it, `~` and `null` all mean "not given". */
export function isNull(node: YamlNode | null | undefined): node is null | undefined {
  return !node || (isScalar(node) && node.value === null);
}
