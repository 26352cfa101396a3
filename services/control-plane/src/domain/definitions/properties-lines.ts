/**
 * The logical lines of a Java .properties file, as java.util.Properties.load
 * reads them: SCDF registry files are such files, and people edit them by hand
 * (comments, ":" separators, continued lines).
 */
export interface PropertyLine {
  /** 1-based line where the logical line starts. */
  line: number;
  key: string;
  value: string;
}

const LEADING_SPACE = /^[ \t\f]+/;
const ESCAPES: Record<string, string> = { t: "\t", n: "\n", r: "\r", f: "\f" };

/** An odd number of trailing backslashes continues the line; an even number is escaped backslashes. */
function continues(text: string): boolean {
  const trailing = /\\*$/.exec(text)?.[0].length ?? 0;
  return trailing % 2 === 1;
}

function unescapeJava(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_match, c: string) =>
    c.length === 5 ? String.fromCharCode(Number.parseInt(c.slice(1), 16)) : (ESCAPES[c] ?? c),
  );
}

/** The key ends at the first unescaped "=", ":" or whitespace; then one optional "=" or ":" separates. */
function splitKeyValue(text: string): { key: string; value: string } {
  let end = 0;
  while (end < text.length && !/[=:\s]/.test(text[end] ?? "")) end += text[end] === "\\" ? 2 : 1;
  let rest = text.slice(end).replace(LEADING_SPACE, "");
  if (rest.startsWith("=") || rest.startsWith(":")) rest = rest.slice(1);
  // Java keeps trailing spaces in values; trailing spaces in a URI are never meant, so trim.
  return { key: unescapeJava(text.slice(0, end)).trim(), value: unescapeJava(rest).trim() };
}

export function readPropertyLines(text: string): PropertyLine[] {
  const physical = text.split(/\r\n|\r|\n/);
  const lines: PropertyLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let logical = (physical[i] ?? "").replace(LEADING_SPACE, "");
    // Comments and blank lines are never continued, as in Java.
    if (logical === "" || logical.startsWith("#") || logical.startsWith("!")) continue;
    while (continues(logical)) {
      logical = logical.slice(0, -1);
      if (i + 1 >= physical.length) break;
      i++;
      logical += (physical[i] ?? "").replace(LEADING_SPACE, "");
    }
    lines.push({ line: start + 1, ...splitKeyValue(logical) });
  }
  return lines;
}
