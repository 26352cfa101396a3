import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { BatonError } from "./errors.js";
import {
  allowedSomewhere,
  allowlistStartLine,
  checkRegistrable,
  checkRunnable,
  describeAllowlist,
  launchRefusal,
  type ProgramAllowlist,
  parseProgramAllowlist,
  programOf,
  registrationRefusal,
} from "./program-allowlist.js";

const list = (text: string): ProgramAllowlist => {
  const parsed = parseProgramAllowlist(text);
  if (!parsed) throw new Error("expected a list");
  return parsed;
};

const parseError = (text: string): string => {
  try {
    parseProgramAllowlist(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
};

const EXAMPLE = list("*=file:/opt/batch/;etl=file:/opt/etl/ docker:registry.example.com/etl/");

describe("parsing BATON_ALLOWED_PROGRAMS", () => {
  it("unset or blank is no list: everything is allowed", () => {
    expect(parseProgramAllowlist(undefined)).toBeUndefined();
    expect(parseProgramAllowlist("  ")).toBeUndefined();
    expect(allowedSomewhere(undefined, "file:///bin/sh")).toBe(true);
    expect(launchRefusal(undefined, "file:///bin/sh", "default")).toBeUndefined();
    expect(allowlistStartLine(undefined)).toMatch(/BATON_ALLOWED_PROGRAMS is not set: any file: program/);
  });

  it("reads pools, prefixes, '*' and spacing, and spells the list back", () => {
    const parsed = list(" * = file:///opt/batch ; etl=file:/opt/etl/   docker:registry.example.com/etl/ ;");
    expect(parsed.rules.map((r) => [r.pool, r.target])).toEqual([
      ["*", { kind: "file", root: "/opt/batch" }],
      ["etl", { kind: "file", root: "/opt/etl" }],
      ["etl", { kind: "docker", repository: "registry.example.com/etl" }],
    ]);
    expect(describeAllowlist(parsed)).toBe("*=file:///opt/batch; etl=file:/opt/etl/ docker:registry.example.com/etl/");
    expect(allowlistStartLine(parsed)).toContain("etl=file:/opt/etl/");
  });

  it("normalises docker rules as Docker names images", () => {
    const target = (rule: string) => list(`*=${rule}`).rules[0]?.target;
    expect(target("docker:ubuntu")).toEqual({ kind: "docker", repository: "docker.io/library/ubuntu" });
    // Docker reads docker.io/ubuntu as docker.io/library/ubuntu: a rule written so must match it (the runner agrees).
    expect(target("docker:docker.io/ubuntu")).toEqual({ kind: "docker", repository: "docker.io/library/ubuntu" });
    expect(target("docker:acme/")).toEqual({ kind: "docker", repository: "docker.io/acme" });
    expect(target("docker:docker.io/")).toEqual({ kind: "docker", repository: "docker.io" });
    expect(target("docker:index.docker.io/library/")).toEqual({ kind: "docker", repository: "docker.io/library" });
    expect(target("docker:Registry.Example.com:5000/")).toEqual({
      kind: "docker",
      repository: "registry.example.com:5000",
    });
    expect(target("docker://ghcr.io/acme/job")).toEqual({ kind: "docker", repository: "ghcr.io/acme/job" });
    expect(target("file:/opt/my%20jobs/")).toEqual({ kind: "file", root: "/opt/my jobs" });
    expect(target("file:/")).toEqual({ kind: "file", root: "/" });
  });

  it.each([
    ["etl", /"etl" has no "="/],
    ["bad pool=file:/opt/", /"bad pool" is not a pool name/],
    ["etl=file:/a/;etl=file:/b/", /pool etl is listed twice/],
    ["etl=", /pool etl lists no prefix/],
    [";;", /lists no pool/],
    ["*=maven:org.acme:job:1.0", /neither a file: root nor a docker: registry/],
    ["*=/opt/batch", /neither a file: root nor a docker: registry/],
    ["*=file:opt/batch", /not an absolute file root/],
    ["*=file://host/opt/", /not an absolute file root/],
    ["*=file:/opt/batch/../../", /contains "\." or "\.\."/],
    ["*=file:/opt/a%2Fb/", /not a valid file root/],
    ["*=docker:", /names no registry/],
    ["*=docker:ghcr.io/acme/job:1", /not a tag; leave out ":1"/],
    ["*=docker:ubuntu:22.04", /not a tag; leave out ":22.04"/],
    ["*=docker:ghcr.io/acme/job@sha256:abc", /not a digest/],
    ["*=docker:registry.example.com", /write docker:registry.example.com\/ \(with the slash\)/],
    ["*=docker:localhost:5000", /write docker:localhost:5000\//],
    ["*=docker:ghcr.io/Acme/", /"Acme" is not a repository name/],
    ["*=docker:bad_host!.io/", /is not a repository name|is not a registry/],
  ])("refuses %j with a sentence saying what is wrong", (text, message) => {
    expect(parseError(text)).toMatch(message);
  });
});

describe("matching programs", () => {
  it.each([
    // file: roots are directories: boundaries, "..", trailing slashes, percent escapes.
    ["file:///opt/batch/job.sh", "default", true],
    ["file:///opt/batch/sub/deeper/job.sh", "default", true],
    ["file:///opt/batch", "default", true],
    ["file:///opt/batch-evil/job.sh", "default", false],
    ["file:///opt/batchx", "default", false],
    ["file:///opt/batch/../../bin/sh", "default", false],
    ["file:///opt/batch/%2e%2e/%2e%2e/bin/sh", "default", false],
    ["file:///opt/batch/./x/../job.sh", "default", true],
    ["file:///opt/etc/../batch/job.sh", "default", true],
    ["file:///opt/etl/load.sh", "default", false],
    ["file:///opt/etl/load.sh", "etl", true],
    ["file:///opt/batch/job.sh", "etl", true],
    ["file:///bin/sh", "etl", false],
    // docker: rules are registry/repository prefixes on the normalised reference.
    ["docker:registry.example.com/etl/load:1", "etl", true],
    [`docker:registry.example.com/etl/team/load@sha256:${"a".repeat(64)}`, "etl", true],
    ["docker:registry.example.com/etl-evil/load:1", "etl", false],
    ["docker:registry.example.com/etl/load:1", "default", false],
    ["docker:registry.example.com.evil.io/etl/load:1", "etl", false],
    ["docker:registry.example.com:5000/etl/load:1", "etl", false],
    ["docker:registry.example.com/etl/../other/x:1", "etl", false],
    // a file rule never admits an image, nor the other way round.
    ["docker:opt/batch:1", "default", false],
  ])("%s in pool %s: %s", (uri, pool, allowed) => {
    expect(launchRefusal(EXAMPLE, uri, pool) === undefined).toBe(allowed);
  });

  it("completes Docker Hub names before comparing", () => {
    const hub = list("*=docker:ubuntu docker:acme/ docker:ghcr.io/acme/");
    expect(allowedSomewhere(hub, "docker:ubuntu:22.04")).toBe(true);
    expect(allowedSomewhere(hub, "docker:library/ubuntu:22.04")).toBe(true);
    expect(allowedSomewhere(hub, "docker:docker.io/library/ubuntu:22.04")).toBe(true);
    expect(allowedSomewhere(hub, "docker:index.docker.io/library/ubuntu:22.04")).toBe(true);
    expect(allowedSomewhere(hub, "docker:ubuntu-evil:1")).toBe(false);
    expect(allowedSomewhere(hub, "docker:debian:12")).toBe(false);
    expect(allowedSomewhere(hub, "docker:acme/job:1")).toBe(true);
    expect(allowedSomewhere(hub, "docker:docker.io/acme/job:1")).toBe(true);
    expect(allowedSomewhere(hub, "docker:acme-evil/job:1")).toBe(false);
    expect(allowedSomewhere(hub, "docker:ghcr.io/acme/job:1")).toBe(true);
    expect(allowedSomewhere(hub, "docker:ghcr.io/acme-evil/job:1")).toBe(false);
    expect(allowedSomewhere(hub, "docker:ghcr.io/acme:1")).toBe(true);
    expect(programOf("docker:localhost:5000/job:1")).toEqual({ kind: "docker", repository: "localhost:5000/job" });
  });

  it("a whole-registry rule admits any image from it, and file:/ any file", () => {
    const wide = list("*=docker:registry.example.com/ file:/");
    expect(allowedSomewhere(wide, "docker:registry.example.com/a/b/c:1")).toBe(true);
    expect(allowedSomewhere(wide, `docker:registry.example.com/x@sha256:${"0".repeat(64)}`)).toBe(true);
    expect(allowedSomewhere(wide, "docker:other.example.com/x:1")).toBe(false);
    expect(allowedSomewhere(wide, "file:///anything/at/all")).toBe(true);
  });

  it("refuses what is not a program Baton knows when a list is set", () => {
    for (const uri of ["maven://org.acme:job:1.0", "http://example.com/job.sh", "file://host/x", "docker:UPPER/x:1"]) {
      expect(allowedSomewhere(EXAMPLE, uri)).toBe(false);
      expect(launchRefusal(EXAMPLE, uri, "etl")).toBeDefined();
    }
    expect(programOf("maven://org.acme:job:1.0")).toBeUndefined();
  });
});

describe("refusals", () => {
  const refusal = (fn: () => void): BatonError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof BatonError) return err;
      throw err;
    }
    throw new Error("expected a refusal");
  };

  it("registration: allowed when any pool allows it, else FORBIDDEN naming the URI and the rules", () => {
    expect(() => checkRegistrable(EXAMPLE, "file:///opt/etl/load.sh")).not.toThrow();
    expect(registrationRefusal(EXAMPLE, "file:///opt/etl/load.sh")).toBeUndefined();
    const err = refusal(() => checkRegistrable(EXAMPLE, "file:///bin/sh"));
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toBe(
      "Program file:///bin/sh is not allowed in any pool; BATON_ALLOWED_PROGRAMS allows *=file:/opt/batch/; " +
        "etl=file:/opt/etl/ docker:registry.example.com/etl/. Register a program under one of these roots or " +
        "registries, or have an operator add a rule to BATON_ALLOWED_PROGRAMS.",
    );
    expect(err.details).toEqual({
      uri: "file:///bin/sh",
      allowedPrograms: "*=file:/opt/batch/; etl=file:/opt/etl/ docker:registry.example.com/etl/",
    });
  });

  it("launch: FORBIDDEN naming the program, the pool and what that pool allows", () => {
    expect(() => checkRunnable(EXAMPLE, "file:///opt/etl/load.sh", "etl")).not.toThrow();
    const err = refusal(() => checkRunnable(EXAMPLE, "file:///opt/etl/load.sh", "default"));
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toBe(
      "program file:///opt/etl/load.sh may not run in pool default; allowed there: file:/opt/batch/ (every pool). " +
        "Run it in a pool that allows it, or set BATON_ALLOWED_PROGRAMS to allow it there.",
    );
    expect(err.details).toEqual({ uri: "file:///opt/etl/load.sh", pool: "default", allowed: ["file:/opt/batch/"] });
    const etlOnly = list("etl=file:/opt/etl/");
    expect(launchRefusal(etlOnly, "file:///opt/etl/load.sh", "gpu")).toMatch(/allowed there: nothing\./);
  });
});

describe("configuration", () => {
  const base = { DATABASE_URL: "postgresql://baton@127.0.0.1/baton" };

  it("BATON_ALLOWED_PROGRAMS is optional and parsed into the config", () => {
    expect(loadConfig(base).programs).toBeUndefined();
    const programs = loadConfig({ ...base, BATON_ALLOWED_PROGRAMS: "etl=docker:ghcr.io/acme/" }).programs;
    expect(programs?.rules).toEqual([
      { pool: "etl", text: "docker:ghcr.io/acme/", target: { kind: "docker", repository: "ghcr.io/acme" } },
    ]);
  });

  it("a malformed list stops the start with one error naming the variable and the fault", () => {
    expect(() => loadConfig({ ...base, BATON_ALLOWED_PROGRAMS: "etl=file:/opt/etl/;etl=file:/srv/" })).toThrow(
      "Configuration error: BATON_ALLOWED_PROGRAMS: pool etl is listed twice; put all its prefixes in one entry",
    );
  });
});
