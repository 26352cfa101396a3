/** One requirement of a label selector, in the equality-based and set-based forms Kubernetes accepts. */
type Requirement =
  | { op: "eq" | "neq"; key: string; value: string }
  | { op: "exists" | "absent"; key: string }
  | { op: "in" | "notin"; key: string; values: string[] };

/** Parses a labelSelector query value; throws on what it cannot read (the server answers 400). */
export function parseSelector(selector: string | null | undefined): Requirement[] {
  if (!selector) return [];
  // Split on commas outside parentheses (set-based values contain commas).
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((raw) => {
    const part = raw.trim();
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (set?.[1] && set[2] && set[3] !== undefined) {
      return { op: set[2] as "in" | "notin", key: set[1], values: set[3].split(",").map((v) => v.trim()) };
    }
    const eq = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
    if (eq?.[1] && eq[2] && eq[3] !== undefined) {
      return { op: eq[2] === "!=" ? "neq" : "eq", key: eq[1], value: eq[3] };
    }
    const exists = /^(!?)([\w./-]+)$/.exec(part);
    if (exists?.[2]) return { op: exists[1] ? "absent" : "exists", key: exists[2] };
    throw new Error(`unable to parse requirement: ${JSON.stringify(part)}`);
  });
}

export function matches(requirements: readonly Requirement[], labels: Readonly<Record<string, string>> = {}): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case "eq":
        return value === r.value;
      case "neq":
        return value !== r.value;
      case "exists":
        return has;
      case "absent":
        return !has;
      case "in":
        return has && r.values.includes(value as string);
      case "notin":
        return !has || !r.values.includes(value as string);
      default:
        return false;
    }
  });
}
