import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_SECRET_BYTES, parseSecretRef, resolveSecrets, SecretRefError, type SecretSource } from "./secrets.js";

const root = mkdtempSync(join(tmpdir(), "baton-secrets-"));
const dir = join(root, "secrets");
mkdirSync(dir);
writeFileSync(join(dir, "api-key"), "key-from-file\n");
writeFileSync(join(dir, "big"), "x".repeat(MAX_SECRET_BYTES + 1));
writeFileSync(join(dir, "nul"), "a\0b");
mkdirSync(join(dir, "sub"));
writeFileSync(join(root, "outside"), "not yours");
symlinkSync(join(root, "outside"), join(dir, "escape"));
symlinkSync(join(dir, "api-key"), join(dir, "inside-link"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const source = (extra: Partial<SecretSource> = {}): SecretSource => ({
  env: { BATON_SECRET_DB: "db-password-1", NATS_PASSWORD: "runner-own", RUNNER_SECRETS_DIR: dir },
  platform: "local",
  ...extra,
});

/** The SecretRefError message resolving `refs` fails with. */
async function refusal(refs: Record<string, string>, extra: Partial<SecretSource> = {}): Promise<string> {
  const error = await resolveSecrets(refs, source(extra)).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SecretRefError);
  return (error as Error).message;
}

describe("parseSecretRef", () => {
  it("reads the three kinds and nothing else", () => {
    expect(parseSecretRef("env:BATON_SECRET_X")).toEqual({ kind: "env", variable: "BATON_SECRET_X" });
    expect(parseSecretRef("file:/run/secrets/a b")).toEqual({ kind: "file", path: "/run/secrets/a b" });
    expect(parseSecretRef("kubernetes:settle-api/token.v1")).toEqual({
      kind: "kubernetes",
      secret: "settle-api",
      key: "token.v1",
    });
    for (const bad of ["", "env:", "env:A-B", "file:relative", "file:/a\0b", "kubernetes:Upper/key", "k8s:a/b", "x"]) {
      expect(parseSecretRef(bad), bad).toBeUndefined();
    }
  });
});

describe("resolveSecrets", () => {
  it("gives env: and file: values to the program and keeps kubernetes: references for the platform", async () => {
    const resolved = await resolveSecrets(
      { DB: "env:BATON_SECRET_DB", KEY: `file:${join(dir, "api-key")}`, LINKED: `file:${join(dir, "inside-link")}` },
      source(),
    );
    // One trailing newline of a file is not part of the secret.
    expect(resolved.env).toEqual({ DB: "db-password-1", KEY: "key-from-file", LINKED: "key-from-file" });
    expect(resolved.values).toEqual(["db-password-1", "key-from-file", "key-from-file"]);
    expect(resolved.platform).toEqual({});

    const reads: string[] = [];
    const k8s = await resolveSecrets(
      { TOKEN: "kubernetes:api/token" },
      source({
        platform: "kubernetes",
        readKubernetes: async (secret, key) => {
          reads.push(`${secret}/${key}`);
          return { value: "token-value" };
        },
      }),
    );
    expect(k8s).toEqual({ env: {}, platform: { TOKEN: "kubernetes:api/token" }, values: ["token-value"], notes: [] });
    expect(reads).toEqual(["api/token"]);
  });

  it("refuses env: references outside BATON_SECRET_ and missing variables, naming the rule", async () => {
    expect(await refusal({ P: "env:PATH" })).toBe(
      "secret P (env:PATH): refused; env: references may read only the runner's variables whose names start with BATON_SECRET_ (set BATON_SECRET_<NAME> in the runner's environment and reference env:BATON_SECRET_<NAME>)",
    );
    expect(await refusal({ N: "env:NATS_PASSWORD" })).toMatch(
      /only the runner's variables whose names start with BATON_SECRET_/,
    );
    expect(await refusal({ M: "env:BATON_SECRET_MISSING" })).toBe(
      "secret M (env:BATON_SECRET_MISSING): the runner's environment has no variable BATON_SECRET_MISSING; set it on the runner",
    );
  });

  it("reads files only under RUNNER_SECRETS_DIR, after links and ..", async () => {
    const outside = join(root, "outside");
    expect(await refusal({ F: `file:${outside}` })).toBe(
      `secret F (file:${outside}): refused; the file is not under the runner's RUNNER_SECRETS_DIR (${dir}) once links and ".." are resolved`,
    );
    expect(await refusal({ F: `file:${dir}/../outside` })).toMatch(/not under the runner's RUNNER_SECRETS_DIR/);
    expect(await refusal({ F: `file:${dir}/escape` })).toMatch(/not under the runner's RUNNER_SECRETS_DIR/);
    expect(await refusal({ F: `file:${dir}-sibling/x` })).toMatch(/ENOENT/);
    expect(await refusal({ F: `file:${dir}/none` })).toBe(
      `secret F (file:${dir}/none): the file cannot be read on this runner: ENOENT (no such file or directory)`,
    );
    expect(await refusal({ F: `file:${dir}/sub` })).toMatch(/not a regular file/);
    expect(await refusal({ F: `file:${dir}/big` })).toMatch(new RegExp(`more than the ${MAX_SECRET_BYTES} allowed`));
    expect(await refusal({ F: `file:${dir}/nul` })).toMatch(/NUL byte/);
    expect(await refusal({ F: `file:${dir}/api-key` }, { env: {} })).toBe(
      `secret F (file:${dir}/api-key): refused; file: references are read only under the runner's RUNNER_SECRETS_DIR, which is not set on this runner`,
    );
    expect(await refusal({ F: `file:${dir}/api-key` }, { env: { RUNNER_SECRETS_DIR: "relative" } })).toMatch(
      /RUNNER_SECRETS_DIR \(relative\) is not an absolute path/,
    );
  });

  it("never puts a value in a refusal", async () => {
    const message = await refusal({ A: "env:BATON_SECRET_DB", B: "env:PATH" });
    expect(message).not.toContain("db-password-1");
    expect(message).toMatch(/^secret B \(env:PATH\)/);
  });

  it("refuses kubernetes: references off Kubernetes; a missing Secret fails, an unreadable one is a note", async () => {
    expect(await refusal({ T: "kubernetes:api/token" })).toBe(
      "secret T (kubernetes:api/token): a Kubernetes secret reaches only runs on the kubernetes platform; this runner's platform (RUNNER_PLATFORM) is local",
    );
    expect(
      await refusal(
        { T: "kubernetes:api/token" },
        { platform: "kubernetes", readKubernetes: async () => ({ missing: "no Secret api in namespace runs" }) },
      ),
    ).toBe("secret T (kubernetes:api/token): no Secret api in namespace runs");
    const forbidden = await resolveSecrets(
      { T: "kubernetes:api/token" },
      source({
        platform: "kubernetes",
        readKubernetes: () => Promise.reject(new Error("403 Forbidden")),
      }),
    );
    expect(forbidden.platform).toEqual({ T: "kubernetes:api/token" });
    expect(forbidden.values).toEqual([]);
    expect(forbidden.notes).toEqual([
      "secret T (kubernetes:api/token) is not masked in this log: the runner could not read it (403 Forbidden); allow the runner's Role to get secrets in its namespace",
    ]);
    const noReader = await resolveSecrets({ T: "kubernetes:api/token" }, source({ platform: "kubernetes" }));
    expect(noReader.notes[0]).toMatch(/cannot read Kubernetes Secrets/);
  });

  it("notes a value too short to mask", async () => {
    const resolved = await resolveSecrets({ S: "env:BATON_SECRET_S" }, source({ env: { BATON_SECRET_S: "abc" } }));
    expect(resolved.env).toEqual({ S: "abc" });
    expect(resolved.notes).toEqual([
      "secret S (env:BATON_SECRET_S) is not masked in this log: its value is shorter than 4 characters",
    ]);
  });
});
