/**
 * RUNNER_ALLOWED_PROGRAMS: the runner's own list of programs it will start,
 * defence in depth behind the control plane's BATON_ALLOWED_PROGRAMS. Same
 * prefixes, no pools (a runner serves one): `file:/opt/batch/ docker:registry.example.com/`.
 * Unlike the control plane, the runner resolves symlinks: a file: program
 * must really lie under a root (both sides realpath-resolved). A run it
 * refuses never starts; it ends FAILED with the sentence as its message.
 * Unset or blank: everything the control plane sent may start.
 */
import { realpath } from "node:fs/promises";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { imageRepository } from "@baton/proto";

export type RunnerRule =
  | { kind: "file"; text: string; root: string }
  | { kind: "docker"; text: string; repository: string };

const VARIABLE = "RUNNER_ALLOWED_PROGRAMS";

const trimSlash = (s: string): string => (s.length > 1 ? s.replace(/\/+$/, "") : s);
const looksLikeHost = (c: string): boolean => c.includes(".") || c.includes(":") || c === "localhost";
const under = (path: string, root: string): boolean =>
  path === root || path.startsWith(root === "/" ? "/" : `${root}/`);

/** Parses the list; throws an Error naming the prefix that is wrong. undefined when unset. */
export function parseRunnerAllowlist(text: string | undefined): RunnerRule[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text
    .trim()
    .split(/\s+/)
    .map((prefix): RunnerRule => {
      if (prefix.startsWith("file:")) {
        const rest = prefix.slice("file:".length);
        const path = rest.startsWith("//") ? rest.slice(2) : rest;
        if (!path.startsWith("/") || path.split("/").some((s) => s === "." || s === "..")) {
          throw new Error(`${VARIABLE}: "${prefix}" is not an absolute file root; write file:/opt/jobs/`);
        }
        return { kind: "file", text: prefix, root: trimSlash(posix.normalize(fileURLToPath(`file://${path}`))) };
      }
      if (prefix.startsWith("docker:")) {
        const body = prefix.slice("docker:".length).replace(/^\/\//, "");
        const asPrefix = body.endsWith("/");
        const bareHost = !asPrefix && !body.includes("/") && looksLikeHost(body);
        // A rule names a repository or registry: no digest, and no tag after the last slash.
        const tagged = body.includes("@") || (body.includes("/") && /:[^/]*$/.test(body));
        const repo = tagged || bareHost ? undefined : imageRepository(body, { asPrefix });
        if (repo === undefined) {
          throw new Error(
            `${VARIABLE}: "${prefix}" is not a registry or repository (no tag, no digest); write docker:registry.example.com/ or docker:registry.example.com/team/`,
          );
        }
        return { kind: "docker", text: prefix, repository: repo };
      }
      throw new Error(`${VARIABLE}: "${prefix}" is neither a file: root nor a docker: registry`);
    });
}

const realOrSelf = async (path: string): Promise<string> => realpath(path).catch(() => path);

/** Why this runner will not start the program, or undefined when a rule allows it. Symlinks resolved. */
export async function runnerRefusal(rules: readonly RunnerRule[], uri: string): Promise<string | undefined> {
  const refuse = (why: string) =>
    `${VARIABLE} does not allow ${uri} on this runner${why}; allowed: ${rules.map((r) => r.text).join(" ")}. The program was not started.`;
  if (uri.startsWith("file:")) {
    let path: string;
    try {
      path = trimSlash(posix.normalize(fileURLToPath(uri)));
    } catch {
      return refuse("");
    }
    const real = await realOrSelf(path);
    for (const rule of rules) {
      if (rule.kind === "file" && under(real, await realOrSelf(rule.root))) return undefined;
    }
    return refuse(real === path ? "" : ` (it resolves to ${real})`);
  }
  if (uri.startsWith("docker:")) {
    const name = (uri.slice("docker:".length).replace(/^\/\//, "").split("@")[0] ?? "").replace(/:[^/:]*$/, "");
    const repo = imageRepository(name);
    if (repo !== undefined && rules.some((r) => r.kind === "docker" && under(repo, r.repository))) return undefined;
    return refuse("");
  }
  return refuse("");
}

/**
 * The hook before a run starts: throws the refusal (the run then ends FAILED
 * with it). A malformed list refuses every run, saying what is wrong.
 */
export async function checkRunnerProgram(
  uri: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<void> {
  const rules = parseRunnerAllowlist(env[VARIABLE]);
  if (rules === undefined) return;
  const refusal = await runnerRefusal(rules, uri);
  if (refusal !== undefined) throw new Error(refusal);
}
