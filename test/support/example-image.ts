import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildNodeImage } from "@baton/runner-docker/testing";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Every file under `dir` (relative to the repository) whose name matches. */
function filesUnder(dir: string, match: RegExp): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => match.test(name))
    .map((name) => join(dir, name));
}

/**
 * The image examples/Dockerfile describes (the examples and the SDK they
 * import, under /baton, run by node), built without a registry: the same
 * files, with this machine's node, imported into the engine at dockerHost.
 */
export async function buildExampleImage(dockerHost: string, tag: string): Promise<string> {
  const paths = [
    "sdk/package.json",
    ...filesUnder("sdk/dist", /\.js$/),
    ...filesUnder("examples", /^[^/]+\.mjs$/),
    ...filesUnder("examples/lib", /\.mjs$/),
  ];
  const files = Object.fromEntries(paths.map((path) => [`/baton/${relative(".", path)}`, join(repoRoot, path)]));
  return buildNodeImage({ dockerHost, tag, files, entrypoint: ["/usr/local/bin/node"] });
}
