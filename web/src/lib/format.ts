/** "850 ms", "42 s", "3 m 35 s", "2 h 5 m", "3 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} m`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Milliseconds between two ISO times; `end` defaults to now. */
export function elapsed(start: string | null | undefined, end?: string | null, now = Date.now()): number | null {
  if (!start) return null;
  return (end ? Date.parse(end) : now) - Date.parse(start);
}

/** "2026-11-23 18:58:48 UTC": the same on server and browser. */
export function formatAbsolute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** "just now", "12 s ago", "3 m ago", "5 h ago", "2 d ago", "in 3 m". */
export function formatRelative(iso: string, now = Date.now()): string {
  const diff = now - Date.parse(iso);
  const abs = Math.abs(diff);
  if (abs < 5000) return "just now";
  const s = Math.round(abs / 1000);
  const text =
    s < 60
      ? `${s} s`
      : s < 3600
        ? `${Math.floor(s / 60)} m`
        : s < 86_400
          ? `${Math.floor(s / 3600)} h`
          : `${Math.floor(s / 86_400)} d`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

/** Splits an argument line like a shell would, for the simple cases: spaces, "double" and 'single' quotes. */
export function splitArguments(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  return out;
}

/** Parses a JSON object typed into a form; throws a sentence when it is not one. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${what} must be a JSON object.`);
  return value as Record<string, unknown>;
}

/** The form's "properties" field as a JSON object, or the sentence to show when it is not one. */
export function readProperties(form: FormData): { properties?: Record<string, unknown>; error?: string } {
  try {
    const properties = parseJsonObject(String(form.get("properties") ?? ""), "Properties");
    return properties ? { properties } : {};
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** A launch or relaunch form's "arguments" (split as a shell would) and "properties" (JSON), or what is wrong. */
export function readLaunchFields(form: FormData): {
  args: string[];
  properties?: Record<string, unknown>;
  error?: string;
} {
  const { properties, error } = readProperties(form);
  const args = splitArguments(String(form.get("arguments") ?? ""));
  return error ? { args, error } : { args, ...(properties ? { properties } : {}) };
}

/**
 * An argument list as a POSIX shell would need it typed: words with spaces,
 * quotes or other special characters in single quotes, so that "two words"
 * reads as one argument. An empty argument is ''.
 */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
