/**
 * Masks secret values in a run's output before the runner publishes it: each
 * value a run received through a secret reference (secrets.ts) becomes ***
 * wherever it appears in a stdout, stderr or step line, so it never reaches
 * NATS, the events or Postgres. Lines are masked whole (lines.ts assembles
 * them first), so a value split across two output chunks is still found.
 *
 * What counts as the value in a line: the value itself, and for a value of
 * several lines each of its lines (a line of output never holds a newline);
 * control characters removed as lines.ts removes them; its JSON-escaped form
 * (a step line is JSON); its base64 forms (standard, without padding,
 * URL-safe). Values shorter than MIN_MASKED_LENGTH are not masked: masking
 * "1" or "on" would garble every line and hide nothing. Where several values
 * overlap, the union of their places is masked. This protects against a
 * program printing a secret by accident, not against one that means to leak
 * it (printing it reversed, one character per line...).
 */

export const MASK = "***";
/** Values (and lines of values) shorter than this are not masked. */
export const MIN_MASKED_LENGTH = 4;

const NEWLINES = /\r\n|\r|\n/;
const TAB = 0x09;

/** The strings a secret value may appear as in one line of output (see above). */
export function maskNeedles(value: string): string[] {
  const found = new Set<string>();
  const add = (needle: string): void => {
    if (needle.length >= MIN_MASKED_LENGTH) found.add(needle);
  };
  for (const piece of value.split(NEWLINES)) {
    const line = stripControls(piece);
    add(line);
    add(JSON.stringify(line).slice(1, -1));
  }
  if (value.length >= MIN_MASKED_LENGTH) {
    const bytes = Buffer.from(value, "utf8");
    const base64 = bytes.toString("base64");
    add(base64);
    add(base64.replace(/=+$/, ""));
    add(bytes.toString("base64url"));
  }
  return [...found];
}

/**
 * `text` with every occurrence of every needle replaced by MASK (overlapping
 * or adjacent occurrences become one MASK). With `cut` (the line was cut at
 * its size limit) a needle's beginning at the very end is masked too, so a
 * cut never leaves the first part of a secret showing.
 */
export function maskText(text: string, needles: readonly string[], cut = false): string {
  if (needles.length === 0 || text.length === 0) return text;
  const ranges: Array<[number, number]> = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      ranges.push([at, at + needle.length]);
    }
    if (cut) {
      const tail = trailingPrefix(text, needle);
      if (tail > 0) ranges.push([text.length - tail, text.length]);
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = "";
  let done = 0;
  let [start, end] = ranges[0] as [number, number];
  for (const [from, to] of ranges) {
    if (from <= end) {
      end = Math.max(end, to);
      continue;
    }
    out += text.slice(done, start) + MASK;
    done = end;
    start = from;
    end = to;
  }
  return out + text.slice(done, start) + MASK + text.slice(end);
}

/** The length of the longest beginning of `needle` (at least MIN_MASKED_LENGTH, shorter than it) that ends `text`. */
function trailingPrefix(text: string, needle: string): number {
  for (let length = Math.min(needle.length - 1, text.length); length >= MIN_MASKED_LENGTH; length--) {
    if (text.endsWith(needle.slice(0, length))) return length;
  }
  return 0;
}

/** A JSON value with every string (object keys included) masked. */
export function maskDeep<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === "string") return mask(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask)) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [mask(key), maskDeep(item, mask)])) as T;
}

/** The masker of one run: empty until its secrets are resolved (no output comes before). */
export class SecretMasker {
  private needles: string[] = [];

  /** Adds values to mask from now on. */
  add(values: Iterable<string>): void {
    const all = new Set(this.needles);
    for (const value of values) for (const needle of maskNeedles(value)) all.add(needle);
    this.needles = [...all];
  }

  get empty(): boolean {
    return this.needles.length === 0;
  }

  /** One line of output (see maskText for `cut`). */
  text(text: string, cut = false): string {
    return maskText(text, this.needles, cut);
  }

  /** Every string in a JSON value (a step line's record). */
  deep<T>(value: T): T {
    return this.empty ? value : maskDeep(value, (text) => this.text(text));
  }
}

/** C0 control characters except tab, as lines.ts removes them from output. */
function stripControls(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 || code === TAB) out += ch;
  }
  return out;
}
