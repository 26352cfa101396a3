import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import Docker from "dockerode";

const run = promisify(execFile);

export interface NodeImageOptions {
  /** The engine (unix:///path.sock); the image is imported there. */
  dockerHost: string;
  /** A test-only tag, e.g. "localhost/baton-test-node:1". */
  tag: string;
  /** Container path -> host path of each file to put in the image. */
  files: Readonly<Record<string, string>>;
  /** Default: ["/usr/local/bin/node"]. */
  entrypoint?: readonly string[];
}

/**
 * An image that runs one Node program with the container's command as its
 * arguments, unchanged (the conformance program, a test's own): node and the
 * program are the entrypoint.
 */
export function buildProgramImage(dockerHost: string, tag: string, program: string): Promise<string> {
  return buildNodeImage({
    dockerHost,
    tag,
    files: { "/app/program.mjs": program },
    entrypoint: ["/usr/local/bin/node", "/app/program.mjs"],
  });
}

/** The label that says what an image was built from, so a changed file rebuilds it. */
const CONTENT_LABEL = "baton.test.content";

/**
 * A minimal image with this machine's node binary at /usr/local/bin/node, the
 * libraries `ldd` lists for it, a /tmp (mode 1777) and the given files; no
 * registry is needed. Imported through the Docker API (POST /images/create?
 * fromSrc=-) as a tarball streamed from the system tar. Cached by tag: kept
 * when an image of that tag was built from the same files and entrypoint.
 */
export async function buildNodeImage(options: NodeImageOptions): Promise<string> {
  const socketPath = options.dockerHost.replace(/^unix:\/\//, "");
  const docker = new Docker({ socketPath });
  const entrypoint = options.entrypoint ?? ["/usr/local/bin/node"];
  const content = await contentHash(options.files, entrypoint);
  const existing = await docker
    .getImage(options.tag)
    .inspect()
    .catch(() => undefined);
  if (existing?.Config?.Labels?.[CONTENT_LABEL] === content) return options.tag;

  const stage = await mkdtemp(join(tmpdir(), "baton-node-image-"));
  try {
    await stageRootfs(stage, options.files);
    // -h: the staged symbolic links go in as the files they point to, so nothing is copied on disk.
    const tar = spawn("tar", ["-C", stage, "-chf", "-", "--owner=0", "--group=0", "--numeric-owner", "."], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let tarErrors = "";
    tar.stderr.on("data", (chunk: Buffer) => {
      tarErrors += chunk.toString();
    });
    const tarDone = new Promise<number | null>((resolve) => tar.once("close", resolve));
    // The whole reference as `repo` (the API allows a tag in it): Podman ignores a separate `tag`.
    const stream = await docker.importImage(tar.stdout, {
      repo: options.tag,
      changes: [`ENTRYPOINT ${JSON.stringify(entrypoint)}`, `LABEL ${CONTENT_LABEL}=${content}`],
    });
    const events = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) =>
        err ? reject(err) : resolve(out),
      ),
    );
    const code = await tarDone;
    if (code !== 0) throw new Error(`tar failed (${code}): ${tarErrors}`);
    const failed = events.find((event) => event.error);
    if (failed) throw new Error(`importing ${options.tag} failed: ${failed.error}`);
    const made = await docker.getImage(options.tag).inspect();
    if (JSON.stringify(made.Config.Entrypoint) !== JSON.stringify(entrypoint)) {
      throw new Error(`imported ${options.tag} without its entrypoint: ${JSON.stringify(made.Config.Entrypoint)}`);
    }
    // The build this one replaced is now untagged: remove it unless a container still uses it.
    if (existing && existing.Id !== made.Id) {
      await docker
        .getImage(existing.Id)
        .remove()
        .catch(() => {});
    }
    return options.tag;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** The rootfs as symbolic links to the host's files. */
async function stageRootfs(stage: string, files: Readonly<Record<string, string>>): Promise<void> {
  const place = async (inImage: string, hostPath: string): Promise<void> => {
    const at = join(stage, inImage);
    await mkdir(dirname(at), { recursive: true });
    await rm(at, { force: true });
    await symlink(hostPath, at);
  };
  await place("/usr/local/bin/node", process.execPath);
  for (const library of await sharedLibraries(process.execPath)) await place(library, library);
  for (const [inImage, hostPath] of Object.entries(files)) await place(inImage, hostPath);
  await mkdir(join(stage, "tmp"));
  await chmod(join(stage, "tmp"), 0o1777);
}

/** Absolute paths `ldd` prints for a binary (the loader included). */
async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run("ldd", [binary]);
  const paths = new Set<string>();
  for (const line of stdout.split("\n")) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match?.[1]) paths.add(match[1]);
  }
  return [...paths];
}

async function contentHash(files: Readonly<Record<string, string>>, entrypoint: readonly string[]): Promise<string> {
  const hash = createHash("sha256").update(process.execPath).update(process.version).update(JSON.stringify(entrypoint));
  for (const [inImage, hostPath] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    hash
      .update(inImage)
      .update("\0")
      .update(await readFile(hostPath))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}
