import { badInput } from "./errors.js";

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
export const MAX_NAME_LENGTH = 63;

/** App, task, DAG and schedule names: short, URL- and label-safe (like SCDF and Kubernetes names). */
export function checkName(value: string, what: string): string {
  const name = value.trim();
  if (name.length === 0) throw badInput(`${what} must not be empty.`, { field: what });
  if (name.length > MAX_NAME_LENGTH) {
    throw badInput(`${what} is ${name.length} characters long; use at most ${MAX_NAME_LENGTH}.`, { field: what });
  }
  if (!NAME.test(name)) {
    throw badInput(`${what} "${name}" may contain only letters, digits, "-" and "_", and must start with a letter.`, {
      field: what,
    });
  }
  return name;
}

export function checkVersion(value: string): string {
  const v = value.trim();
  if (v.length === 0) throw badInput("version must not be empty (for example 1.0.0).", { field: "version" });
  if (v.length > MAX_NAME_LENGTH)
    throw badInput(`version is ${v.length} characters long; use at most ${MAX_NAME_LENGTH}.`);
  if (!VERSION.test(v)) {
    throw badInput(`version "${v}" may contain only letters, digits, ".", "_", "+" and "-" (for example 2.1.0).`, {
      field: "version",
    });
  }
  return v;
}

export const ARGUMENT_LIMITS = { count: 1000, bytesEach: 32 * 1024, bytesTotal: 256 * 1024 } as const;

/** Arguments reach a program as argv elements: no shell, but the kernel's limits and NUL still apply. */
export function checkArguments(args: readonly string[] | null | undefined, what = "arguments"): string[] {
  const list = [...(args ?? [])];
  if (list.length > ARGUMENT_LIMITS.count) {
    throw badInput(`${what} has ${list.length} items; at most ${ARGUMENT_LIMITS.count} are allowed.`);
  }
  let total = 0;
  for (const [i, arg] of list.entries()) {
    const bytes = Buffer.byteLength(arg);
    total += bytes;
    if (arg.includes("\0")) throw badInput(`${what}[${i}] contains a NUL character, which no program can receive.`);
    if (bytes > ARGUMENT_LIMITS.bytesEach) {
      throw badInput(
        `${what}[${i}] is ${bytes} bytes; one argument may be at most ${ARGUMENT_LIMITS.bytesEach}. Pass large inputs in a file and give its path.`,
      );
    }
  }
  if (total > ARGUMENT_LIMITS.bytesTotal) {
    throw badInput(
      `${what} total ${total} bytes; the limit is ${ARGUMENT_LIMITS.bytesTotal}. Pass large inputs in a file and give its path.`,
    );
  }
  return list;
}

export function checkIdempotencyKey(key: string | null | undefined): string | undefined {
  if (key === null || key === undefined) return undefined;
  if (key.length === 0 || key.length > 200) throw badInput("idempotencyKey must be 1 to 200 characters long.");
  return key;
}

/** What makes a string unfit for the API: where, and what it is. */
export interface BadCharacter {
  index: number;
  description: string;
}

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, "0");

/**
 * The first character no string sent to Baton may hold: a C0 control
 * character other than tab, newline and carriage return (NUL included:
 * PostgreSQL text, argv and environment values cannot carry it), or a lone
 * UTF-16 surrogate (not valid Unicode; PostgreSQL refuses to store it).
 */
export function findBadCharacter(value: string): BadCharacter | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
      const name = c === 0 ? "a NUL character (U+0000)" : `the control character U+${hex4(c)}`;
      return { index: i, description: name };
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return { index: i, description: `a lone UTF-16 surrogate (U+${hex4(c)})` };
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return { index: i, description: `a lone UTF-16 surrogate (U+${hex4(c)})` };
    }
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EXAMPLE_UUID = "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3";

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
