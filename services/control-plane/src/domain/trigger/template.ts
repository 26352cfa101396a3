/**
 * Templates over a message's JSON: literal text with `{{ .field }}`,
 * `{{ .a.b.c }}` or `{{ .items.0 }}` placeholders. Pure.
 */
import { badInput } from "../errors.js";

export interface Template {
  source: string;
  /** The field paths the template names, in order of first appearance. */
  fields: string[][];
}

export const MAX_TEMPLATE_LENGTH = 1000;
const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** JSON deeper than this is refused (it would only be an attempt to exhaust the stack). */
const MAX_DEPTH = 64;

type Part = { text: string } | { path: string[] };

const EXAMPLE = "such as {{ .requestId }} or {{ .order.id }}";

function scan(source: string, what: string): Part[] {
  if (typeof source !== "string") throw badInput(`${what} must be text.`, { field: what });
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw badInput(`${what} is ${source.length} characters long; a template may have at most ${MAX_TEMPLATE_LENGTH}.`, {
      field: what,
    });
  }
  const parts: Part[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{{", i);
    const stray = source.indexOf("}}", i);
    if (stray !== -1 && (open === -1 || stray < open)) {
      throw badInput(
        `${what} has "}}" at character ${stray + 1} with no "{{" before it; a placeholder is written {{ .field }}.`,
        { field: what },
      );
    }
    if (open === -1) {
      parts.push({ text: source.slice(i) });
      break;
    }
    if (open > i) parts.push({ text: source.slice(i, open) });
    const close = source.indexOf("}}", open + 2);
    if (close === -1) {
      throw badInput(
        `${what} opens a placeholder with "{{" at character ${open + 1} but never closes it; end it with "}}", ${EXAMPLE}.`,
        { field: what },
      );
    }
    const inner = source.slice(open + 2, close);
    const nested = inner.indexOf("{{");
    if (nested !== -1) {
      throw badInput(
        `${what} opens a placeholder at character ${open + 1} and another at character ${open + 3 + nested} before closing the first; close each with "}}", ${EXAMPLE}.`,
        { field: what },
      );
    }
    parts.push({ path: parsePath(inner, source.slice(open, close + 2), open + 1, what) });
    i = close + 2;
  }
  return parts;
}

function parsePath(inner: string, placeholder: string, at: number, what: string): string[] {
  const path = inner.trim();
  const where = `${what}: the placeholder ${placeholder} at character ${at}`;
  if (path === "" || path === ".") throw badInput(`${where} names no field; name one, ${EXAMPLE}.`, { field: what });
  if (!path.startsWith(".")) {
    throw badInput(`${where} must start its field with a dot, as in {{ .${path.split(/\s/)[0]} }}.`, { field: what });
  }
  const segments = path.slice(1).split(".");
  for (const segment of segments) {
    if (segment === "") {
      throw badInput(`${where} has an empty part in "${path}"; separate field names with one dot, as in .order.id.`, {
        field: what,
      });
    }
    if (!SEGMENT.test(segment)) {
      const bad = [...segment].find((c) => !/[A-Za-z0-9_-]/.test(c)) ?? segment;
      throw badInput(
        `${where} has ${JSON.stringify(bad)} in the field name "${segment}"; field names may have only letters, digits, "_" and "-".`,
        { field: what },
      );
    }
  }
  return segments;
}

/**
 * Throws badInput for unbalanced braces, a placeholder that names no field,
 * bad path characters, over 1000 characters. `what` names the input (e.g.
 * "arguments[1]"). Text with no placeholder is valid.
 */
export function parseTemplate(source: string, what: string): Template {
  const fields: string[][] = [];
  const seen = new Set<string>();
  for (const part of scan(source, what)) {
    if (!("path" in part)) continue;
    const key = part.path.join(".");
    if (seen.has(key)) continue;
    seen.add(key);
    fields.push(part.path);
  }
  return { source, fields };
}

type Lookup = { ok: true; value: string } | { ok: false; reason: string };

/** The path of a template that is exactly one placeholder ("{{ .t }}"), else undefined. */
function wholePlaceholder(source: string): string[] | undefined {
  let parts: Part[];
  try {
    parts = scan(source, "the template");
  } catch {
    return undefined;
  }
  const only = parts.length === 1 ? parts[0] : undefined;
  return only && "path" in only ? only.path : undefined;
}

/** The field's value as the message has it (undefined when missing). */
function rawLookup(message: unknown, path: string[]): unknown {
  let current: unknown = message;
  for (const segment of path) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (current !== null && typeof current === "object" && Object.hasOwn(current, segment))
      current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

/**
 * A stand-in for a trigger's properties before any message: templated values
 * become a sample text under `env` (so the environment rules still apply to
 * their names) and are left out elsewhere (their type is the message's).
 * Used to refuse, at create time, properties that could never start a run.
 */
export function sampleJsonTemplates(value: unknown, inEnv = false): unknown {
  if (typeof value === "string") return value.includes("{{") ? (inEnv ? "sample" : undefined) : value;
  if (Array.isArray(value)) return value.map((v) => sampleJsonTemplates(v, inEnv));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const sampled = sampleJsonTemplates(item, inEnv || key === "env");
      if (sampled !== undefined)
        Object.defineProperty(out, key, { value: sampled, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function lookup(message: unknown, path: string[]): Lookup {
  const name = `.${path.join(".")}`;
  const missing: Lookup = { ok: false, reason: `field ${name} is missing from the message` };
  let current: unknown = message;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment) || Number(segment) >= current.length) return missing;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === "object" && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return missing;
    }
  }
  if (current === null) return { ok: true, value: "" };
  if (typeof current === "string") return { ok: true, value: current };
  if (typeof current === "number" || typeof current === "boolean" || typeof current === "bigint") {
    return { ok: true, value: String(current) };
  }
  if (Array.isArray(current)) {
    return {
      ok: false,
      reason: `field ${name} is an array; name a string, number or boolean field, such as ${name}.0`,
    };
  }
  if (typeof current === "object") {
    return { ok: false, reason: `field ${name} is an object; name a string, number or boolean field` };
  }
  return missing;
}

/**
 * Renders against a parsed JSON message. A missing field, or one whose value
 * is an object or array, gives { ok: false, reason }. null renders as "";
 * numbers and booleans via String().
 */
export function renderTemplate(
  t: Template,
  message: unknown,
): { ok: true; value: string } | { ok: false; reason: string } {
  let parts: Part[];
  try {
    parts = scan(t.source, "the template");
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  let value = "";
  for (const part of parts) {
    if ("text" in part) {
      value += part.text;
      continue;
    }
    const found = lookup(message, part.path);
    if (!found.ok) return found;
    value += found.value;
  }
  return { ok: true, value };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const child = (at: string, key: string) =>
  IDENTIFIER.test(key) ? (at === "" ? key : `${at}.${key}`) : `${at}[${JSON.stringify(key)}]`;

function tooDeep(what: string): Error {
  return badInput(`${what} is nested more than ${MAX_DEPTH} levels deep; flatten it.`, { field: what });
}

/** Validates every string leaf of a JSON value as a template; returns the value unchanged. */
export function parseJsonTemplates(value: unknown, what: string): unknown {
  const walk = (v: unknown, at: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw tooDeep(what);
    if (typeof v === "string") {
      parseTemplate(v, at);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        walk(item, `${at}[${i}]`, depth + 1);
      });
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) walk(item, child(at, key), depth + 1);
    }
  };
  walk(value, what, 0);
  return value;
}

/** Renders every string leaf of a JSON value (objects and arrays recursively), e.g. a trigger's properties. */
export function renderJsonTemplates(
  value: unknown,
  message: unknown,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  class Failed {
    constructor(readonly reason: string) {}
  }
  const walk = (v: unknown, at: string, depth: number, inEnv = false): unknown => {
    if (depth > MAX_DEPTH) throw new Failed(`the value is nested more than ${MAX_DEPTH} levels deep`);
    if (typeof v === "string") {
      let rendered: ReturnType<typeof renderTemplate>;
      try {
        rendered = renderTemplate(parseTemplate(v, at === "" ? "the value" : at), message);
      } catch (err) {
        throw new Failed(err instanceof Error ? err.message : String(err));
      }
      if (!rendered.ok) throw new Failed(at === "" ? rendered.reason : `${rendered.reason} (at ${at})`);
      // A value that is one placeholder and nothing else keeps the field's JSON type:
      // {"timeoutSeconds": "{{ .t }}"} with {"t": 30} gives the number 30, not "30" (env values stay text).
      const whole = inEnv ? undefined : wholePlaceholder(v);
      if (whole) {
        const raw = rawLookup(message, whole);
        if (typeof raw === "number" || typeof raw === "boolean") return raw;
      }
      return rendered.value;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}[${i}]`, depth + 1, inEnv));
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        // defineProperty, not assignment: a "__proto__" key from JSON.parse stays a plain key.
        Object.defineProperty(out, key, {
          value: walk(item, child(at, key), depth + 1, inEnv || key === "env"),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return v;
  };
  try {
    return { ok: true, value: walk(value, "", 0) };
  } catch (err) {
    if (err instanceof Failed) return { ok: false, reason: err.reason };
    throw err;
  }
}
