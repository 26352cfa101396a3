import { describe, expect, it } from "vitest";
import { registryWarnings, type WarningFacts } from "./registry-warnings.js";

const FILE = "file:///opt/jobs/x.mjs";
const IMAGE = "docker:registry.example/jobs/x:1.0.0";
const facts = (over: Partial<WarningFacts>): WarningFacts => ({ uri: FILE, version: "1.0.0", host: "ci-1", ...over });
const codes = (f: WarningFacts) => registryWarnings(f).map((w) => w.code);

describe("registryWarnings", () => {
  it("says nothing about a file that is there, a semver, or an image a docker or kubernetes runner can run", () => {
    expect(registryWarnings(facts({ file: { state: "file" } }))).toEqual([]);
    expect(registryWarnings(facts({ version: "2.0.0-rc.1+build.5", file: { state: "file" } }))).toEqual([]);
    expect(registryWarnings(facts({ uri: IMAGE, livePlatforms: ["local", "docker"] }))).toEqual([]);
    expect(registryWarnings(facts({ uri: IMAGE, livePlatforms: ["kubernetes"] }))).toEqual([]);
  });

  it("MISSING_FILE says where it looked: the path and this host, and that a runner looks on its own", () => {
    expect(registryWarnings(facts({ file: { state: "missing" } }))).toEqual([
      {
        code: "MISSING_FILE",
        message:
          "No file at /opt/jobs/x.mjs on host ci-1 (where this control plane runs); a local runner looks for the same path on its own host.",
      },
    ]);
  });

  it("a directory or a socket is not a program", () => {
    const [dir] = registryWarnings(facts({ file: { state: "directory" } }));
    expect(dir?.code).toBe("MISSING_FILE");
    expect(dir?.message).toContain("/opt/jobs/x.mjs is a directory, not a program");
    expect(dir?.message).toContain("ci-1");
    const [other] = registryWarnings(facts({ file: { state: "other" } }));
    expect(other?.code).toBe("MISSING_FILE");
    expect(other?.message).toContain("not a regular file");
  });

  it("UNCHECKABLE_FILE says the file could not be checked, and why", () => {
    const [w] = registryWarnings(facts({ file: { state: "unchecked", reason: "EACCES: permission denied" } }));
    expect(w?.code).toBe("UNCHECKABLE_FILE");
    expect(w?.message).toContain("Could not check /opt/jobs/x.mjs on host ci-1");
    expect(w?.message).toContain("EACCES: permission denied");
  });

  it("says nothing about a file nobody looked at", () => {
    expect(registryWarnings(facts({}))).toEqual([]);
  });

  it("NOT_SEMVER says what a semver looks like and that Baton never compares versions", () => {
    for (const version of ["nightly", "1.0", "2024-05-01", "1.0.0.0"]) {
      const [w] = registryWarnings(facts({ version, file: { state: "file" } }));
      expect(w?.code, version).toBe("NOT_SEMVER");
      expect(w?.message).toContain(`"${version}"`);
      expect(w?.message).toContain("MAJOR.MINOR.PATCH");
      expect(w?.message).toContain("never compares versions");
    }
  });

  it("NO_RUNNER names the live platforms and what to start", () => {
    const [w] = registryWarnings(facts({ uri: IMAGE, livePlatforms: ["local", "local"] }));
    expect(w?.code).toBe("NO_RUNNER");
    expect(w?.message).toContain("registry.example/jobs/x:1.0.0");
    expect(w?.message).toContain("the live runners are 2 local");
    expect(w?.message).toContain("RUNNER_PLATFORM=docker");
    const [none] = registryWarnings(facts({ uri: IMAGE, livePlatforms: [] }));
    expect(none?.message).toContain("no runner is live");
  });

  it("looks at the file only for file: URIs and the runners only for docker: URIs", () => {
    expect(codes(facts({ uri: IMAGE, file: { state: "missing" } }))).toEqual([]);
    expect(codes(facts({ livePlatforms: [] }))).toEqual([]);
  });

  it("gives every warning that applies, file first", () => {
    expect(codes(facts({ version: "nightly", file: { state: "missing" } }))).toEqual(["MISSING_FILE", "NOT_SEMVER"]);
    expect(codes(facts({ uri: IMAGE, version: "latest", livePlatforms: [] }))).toEqual(["NOT_SEMVER", "NO_RUNNER"]);
  });
});
