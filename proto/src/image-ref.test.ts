import { describe, expect, it } from "vitest";
import { imageFromUri } from "./image-ref.js";

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
