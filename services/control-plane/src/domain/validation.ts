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
