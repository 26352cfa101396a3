import { describe, expect, it } from "vitest";
import { imageFromUri, imageRepository } from "./image-ref.js";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("docker: URIs", () => {
  it("accepts image:tag, registry/name:tag (with a port) and image@sha256 digests", () => {
    expect(imageFromUri("docker:alpine:3.20")).toBe("alpine:3.20");
    expect(imageFromUri("docker:library/alpine:3.20")).toBe("library/alpine:3.20");
    expect(imageFromUri("docker:registry.example.com:5000/team/app:v1.2_rc-3")).toBe(
      "registry.example.com:5000/team/app:v1.2_rc-3",
    );
    expect(imageFromUri("docker:localhost/app:1")).toBe("localhost/app:1");
    expect(imageFromUri(`docker:app@${DIGEST}`)).toBe(`app@${DIGEST}`);
    expect(imageFromUri(`docker:registry.example.com/team/app@${DIGEST}`)).toBe(
      `registry.example.com/team/app@${DIGEST}`,
    );
  });

  it.each([
    ["docker:", /invalid image/],
    ["docker:alpine", /invalid image in "docker:alpine": expected docker:image:tag/],
    ["docker:Alpine:3", /invalid image/],
    ["docker:alpine:", /invalid image/],
    ["docker:alpine:3 ; rm -rf /", /invalid image/],
    ["docker:alpine@sha256:abc", /invalid image/],
    [`docker:alpine@sha512:${"a".repeat(128)}`, /invalid image/],
    [`docker:alpine:3@${DIGEST}`, /invalid image/],
    ["docker:-alpine:3", /invalid image/],
    ["file:///bin/true", /not a Docker URI: "file:\/\/\/bin\/true"/],
  ])("refuses %s with a readable message", (uri, message) => {
    expect(() => imageFromUri(uri)).toThrow(message);
  });

  it("refuses a name longer than 255 characters", () => {
    expect(() => imageFromUri(`docker:${"a".repeat(256)}:1`)).toThrow(/longer than 255/);
  });
});

describe("image repositories, as Docker normalises them", () => {
  it.each([
    ["ubuntu", "docker.io/library/ubuntu"],
    ["ubuntu:22.04", "docker.io/library/ubuntu"],
    ["docker.io/ubuntu", "docker.io/library/ubuntu"],
    ["index.docker.io/acme/job:1", "docker.io/acme/job"],
    ["acme/job", "docker.io/acme/job"],
    ["ghcr.io/acme/job:1", "ghcr.io/acme/job"],
    [`ghcr.io/acme/job@${DIGEST}`, "ghcr.io/acme/job"],
    ["localhost:5000/app:1", "localhost:5000/app"],
    ["Registry.Example.com/team/app", "registry.example.com/team/app"],
  ])("%s is %s", (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });

  it.each([
    ["acme/", "docker.io/acme"],
    ["ghcr.io/acme/", "ghcr.io/acme"],
    ["registry.example.com/", "registry.example.com"],
    ["registry.example.com:5000/", "registry.example.com:5000"],
    ["ubuntu", "docker.io/ubuntu"],
  ])("the prefix %s is %s", (prefix, repository) => {
    expect(imageRepository(prefix, { asPrefix: true })).toBe(repository);
  });

  it.each(["", "UPPER/case", "ghcr.io/acme/Job", "bad_host.example.com:x/app", "a//b"])("%j is no name", (image) => {
    expect(imageRepository(image)).toBeUndefined();
  });
});
