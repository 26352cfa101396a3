import { extname, isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Interpreters chosen by file extension. Everything else is executed directly
 * (it must carry its own shebang or be a binary and have the execute bit).
 * `process.execPath` rather than "node" so tasks run on the runner's own Node.
 */
const INTERPRETERS: Readonly<Record<string, readonly string[]>> = {
  ".js": [process.execPath],
  ".mjs": [process.execPath],
  ".cjs": [process.execPath],
  ".jar": ["java", "-jar"],
  ".sh": ["bash"],
  ".py": ["python3"],
};

/** The absolute path a file:/// URI names; throws a readable Error for anything the local runner cannot run. */
export function taskPath(uri: string): string {
  const cannot = (why: string): Error => new Error(`the local runner cannot run "${uri}": ${why}`);
  if (!uri.startsWith("file://")) throw cannot("only absolute file:/// URIs are supported");
  let path: string;
  try {
    // Decodes percent-escapes (%20...) and refuses remote hosts.
    path = fileURLToPath(uri);
  } catch (err) {
    throw cannot(err instanceof Error ? err.message : String(err));
  }
  if (!isAbsolute(path)) throw cannot("the path is not absolute");
  return path;
}

/**
 * The argv that runs a task: [command, ...args]. Pure; the result goes to
 * spawn() without a shell, so every argument stays one argv element.
 */
export function buildArgv(uri: string, args: readonly string[]): string[] {
  const path = taskPath(uri);
  const interpreter = INTERPRETERS[extname(path).toLowerCase()] ?? [];
  return [...interpreter, path, ...args];
}
