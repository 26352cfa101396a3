import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { isAbsolute, sep } from "node:path";
import { MIN_MASKED_LENGTH } from "./mask.js";

/**
 * Secrets by reference (RunSpec.secrets): the control plane sends a variable
 * name and where its value is ("env:BATON_SECRET_DB", "file:/run/secrets/db",
 * "kubernetes:db-creds/password"); the runner resolves it just before the run
 * starts, so no value ever passes through NATS, Postgres or the events. The
 * runner's own rules decide what a run may read:
 *   - env:NAME only for NAME starting with BATON_SECRET_ (never the runner's
 *     NATS password, database URL or anything else in its environment);
 *   - file:/path only under RUNNER_SECRETS_DIR (unset: refused), after
 *     resolving symlinks and "..", a regular file of at most MAX_SECRET_BYTES;
 *   - kubernetes:<secret>/<key> only on the kubernetes platform, where the
 *     pod gets it through secretKeyRef (the runner reads it only to mask it).
 */

/** The prefix of the runner's variables that env: references may read. */
export const SECRET_ENV_PREFIX = "BATON_SECRET_";
/** The folder file: references must be under; unset, file: references are refused. */
export const SECRETS_DIR_VARIABLE = "RUNNER_SECRETS_DIR";
/** A secret file larger than this is refused (an environment variable holds it). */
export const MAX_SECRET_BYTES = 64 * 1024;

export type SecretRef =
  | { kind: "env"; variable: string }
  | { kind: "file"; path: string }
  | { kind: "kubernetes"; secret: string; key: string };

const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;
const FILE_REF = /^file:(\/.*)$/s;
const KUBERNETES_REF = /^kubernetes:([a-z0-9]([-a-z0-9.]*[a-z0-9])?)\/([-._A-Za-z0-9]+)$/;

/** Parses a reference as the control plane validates it; undefined for anything else. */
export function parseSecretRef(text: string): SecretRef | undefined {
  const env = ENV_REF.exec(text);
  if (env?.[1]) return { kind: "env", variable: env[1] };
  const file = FILE_REF.exec(text);
  if (file?.[1] && !file[1].includes("\0")) return { kind: "file", path: file[1] };
  const k8s = KUBERNETES_REF.exec(text);
  if (k8s?.[1] && k8s[3]) return { kind: "kubernetes", secret: k8s[1], key: k8s[3] };
  return undefined;
}

/** What resolution reads: the runner's environment (BATON_SECRET_* and RUNNER_SECRETS_DIR). */
export interface SecretSource {
  env: Readonly<Record<string, string | undefined>>;
  /** The platform that runs the program: kubernetes: references need "kubernetes". */
  platform: string;
  /**
   * Reads a Kubernetes Secret's key, only to mask its value in the log (the
   * pod gets the value through secretKeyRef, not from the runner): the value,
   * or a sentence when the Secret or key does not exist; rejects when the
   * runner may not read it. Undefined when the driver cannot read Secrets.
   */
  readKubernetes?: (secret: string, key: string) => Promise<{ value: string } | { missing: string }>;
}

/** A reference the runner cannot resolve: the run fails before its program starts, with this message. */
export class SecretRefError extends Error {
  override readonly name = "SecretRefError";
}

export interface ResolvedSecrets {
  /** Variables the runner gives the program itself (from env: and file: references). */
  env: Record<string, string>;
  /** References the platform resolves itself (kubernetes:), passed on to the driver as they are. */
  platform: Record<string, string>;
  /** Every value the log must not show (including Kubernetes values the runner could read). */
  values: string[];
  /** What the run's log should say about secrets that cannot be masked (a Secret the runner may not read). */
  notes: string[];
}

/**
 * Resolves every reference of a run, or throws a SecretRefError naming the
 * first one that fails and the runner setting that governs it (never a value).
 */
export async function resolveSecrets(
  secrets: Readonly<Record<string, string>>,
  source: SecretSource,
): Promise<ResolvedSecrets> {
  const out: ResolvedSecrets = { env: {}, platform: {}, values: [], notes: [] };
  for (const [name, text] of Object.entries(secrets)) {
    const ref = parseSecretRef(text);
    const what = `secret ${name} (${text})`;
    if (!ref) {
      throw new SecretRefError(
        `${what}: not a secret reference; use env:BATON_SECRET_<NAME>, file:<path under ${SECRETS_DIR_VARIABLE}> or kubernetes:<secret>/<key>`,
      );
    }
    let value: string | undefined;
    if (ref.kind === "env") {
      value = fromEnv(what, ref.variable, source.env);
      out.env[name] = value;
    } else if (ref.kind === "file") {
      value = await fromFile(what, ref.path, source.env[SECRETS_DIR_VARIABLE]);
      out.env[name] = value;
    } else {
      if (source.platform !== "kubernetes") {
        throw new SecretRefError(
          `${what}: a Kubernetes secret reaches only runs on the kubernetes platform; this runner's platform (RUNNER_PLATFORM) is ${source.platform}`,
        );
      }
      out.platform[name] = text;
      const read = await readForMasking(what, ref, source);
      if (typeof read === "string") value = read;
      else out.notes.push(read.note);
    }
    if (value === undefined) continue;
    out.values.push(value);
    if (value.length < MIN_MASKED_LENGTH) {
      out.notes.push(`${what} is not masked in this log: its value is shorter than ${MIN_MASKED_LENGTH} characters`);
    }
  }
  return out;
}

function fromEnv(what: string, variable: string, env: SecretSource["env"]): string {
  if (!variable.startsWith(SECRET_ENV_PREFIX)) {
    throw new SecretRefError(
      `${what}: refused; env: references may read only the runner's variables whose names start with ${SECRET_ENV_PREFIX} (set ${SECRET_ENV_PREFIX}<NAME> in the runner's environment and reference env:${SECRET_ENV_PREFIX}<NAME>)`,
    );
  }
  const value = env[variable];
  if (value === undefined) {
    throw new SecretRefError(`${what}: the runner's environment has no variable ${variable}; set it on the runner`);
  }
  return value;
}

async function fromFile(what: string, path: string, dirSetting: string | undefined): Promise<string> {
  if (dirSetting === undefined || dirSetting === "") {
    throw new SecretRefError(
      `${what}: refused; file: references are read only under the runner's ${SECRETS_DIR_VARIABLE}, which is not set on this runner`,
    );
  }
  if (!isAbsolute(dirSetting)) {
    throw new SecretRefError(
      `${what}: the runner's ${SECRETS_DIR_VARIABLE} (${dirSetting}) is not an absolute path; set it to one`,
    );
  }
  let dir: string;
  try {
    dir = await realpath(dirSetting);
  } catch (err) {
    throw new SecretRefError(
      `${what}: the runner's ${SECRETS_DIR_VARIABLE} (${dirSetting}) cannot be read: ${errorCode(err)}`,
    );
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    throw new SecretRefError(`${what}: the file cannot be read on this runner: ${errorCode(err)}`);
  }
  const inside = dir === sep ? real.startsWith(sep) : real.startsWith(dir + sep);
  if (!inside) {
    throw new SecretRefError(
      `${what}: refused; the file is not under the runner's ${SECRETS_DIR_VARIABLE} (${dirSetting}) once links and ".." are resolved`,
    );
  }
  // The resolved path, and no link at its end: what was checked is what is read.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: unknown) => {
    throw new SecretRefError(`${what}: the file cannot be read on this runner: ${errorCode(err)}`);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SecretRefError(`${what}: not a regular file`);
    if (stat.size > MAX_SECRET_BYTES) {
      throw new SecretRefError(`${what}: the file has ${stat.size} bytes, more than the ${MAX_SECRET_BYTES} allowed`);
    }
    const buffer = Buffer.alloc(MAX_SECRET_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_SECRET_BYTES) {
      throw new SecretRefError(`${what}: the file has more than the ${MAX_SECRET_BYTES} bytes allowed`);
    }
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) throw new SecretRefError(`${what}: the file holds a NUL byte, which no variable can carry`);
    // One trailing newline (what `echo` and editors add) is not part of the secret.
    return bytes.toString("utf8").replace(/\r?\n$/, "");
  } catch (err) {
    if (err instanceof SecretRefError) throw err;
    throw new SecretRefError(`${what}: the file cannot be read on this runner: ${errorCode(err)}`);
  } finally {
    await handle.close();
  }
}

/**
 * A Kubernetes value for masking: a Secret or key that does not exist fails
 * the run at once (the pod could not start either); one the runner may not
 * read (no driver support, RBAC) is given to the pod unmasked, with a note.
 */
async function readForMasking(
  what: string,
  ref: Extract<SecretRef, { kind: "kubernetes" }>,
  source: SecretSource,
): Promise<string | { note: string }> {
  if (!source.readKubernetes) {
    return { note: `${what} is not masked in this log: the runner's driver cannot read Kubernetes Secrets` };
  }
  let read: { value: string } | { missing: string };
  try {
    read = await source.readKubernetes(ref.secret, ref.key);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      note: `${what} is not masked in this log: the runner could not read it (${message}); allow the runner's Role to get secrets in its namespace`,
    };
  }
  if ("missing" in read) throw new SecretRefError(`${what}: ${read.missing}`);
  return read.value;
}

/** The error's code (ENOENT, EACCES...) or message: never file content. */
function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "ENOENT (no such file or directory)";
  if (code === "EACCES") return "EACCES (permission denied)";
  if (code === "ELOOP") return "ELOOP (a symbolic link where none may be)";
  return code ?? (err instanceof Error ? err.message : String(err));
}
