import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newSecret, signBody, verifySignature } from "./signature.js";

const SECRET = "It's a Secret to Everybody";
const BODY = "Hello, World!";

describe("signBody", () => {
  it("matches GitHub's documented X-Hub-Signature-256 example", () => {
    expect(signBody(SECRET, BODY)).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  });

  it("signs strings and buffers alike, as HMAC-SHA256 of the raw bytes", () => {
    const body = '{"ref":"main","ü":1}';
    expect(signBody("s3cret", Buffer.from(body, "utf8"))).toBe(signBody("s3cret", body));
    expect(signBody("s3cret", body)).toBe(`sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
    expect(signBody("other", body)).not.toBe(signBody("s3cret", body));
  });
});

describe("verifySignature", () => {
  const good = signBody(SECRET, BODY);

  it("accepts a good signature, from a string or a buffer, with surrounding space or upper-case hex", () => {
    expect(verifySignature(SECRET, BODY, good)).toBe(true);
    expect(verifySignature(SECRET, Buffer.from(BODY), good)).toBe(true);
    expect(verifySignature(SECRET, BODY, ` ${good} `)).toBe(true);
    expect(verifySignature(SECRET, BODY, `sha256=${good.slice(7).toUpperCase()}`)).toBe(true);
  });

  it("refuses a wrong secret and a tampered body or signature", () => {
    expect(verifySignature("wrong", BODY, good)).toBe(false);
    expect(verifySignature(SECRET, `${BODY} `, good)).toBe(false);
    expect(verifySignature(SECRET, Buffer.from(BODY.replace("W", "w")), good)).toBe(false);
    const flipped = `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`;
    expect(verifySignature(SECRET, BODY, flipped)).toBe(false);
  });

  it("refuses missing and malformed headers without throwing", () => {
    for (const header of [
      null,
      undefined,
      "",
      "sha256=",
      good.slice(7),
      good.replace("sha256=", "sha1="),
      good.replace("sha256=", "SHA256="),
      `${good}00`,
      good.slice(0, -2),
      `sha256=${"z".repeat(64)}`,
      `${good},${good}`,
    ]) {
      expect(verifySignature(SECRET, BODY, header), String(header)).toBe(false);
    }
  });

  it("refuses everything for an empty secret", () => {
    expect(verifySignature("", BODY, signBody("", BODY))).toBe(false);
  });
});

describe("newSecret", () => {
  it("is 32 random bytes in hex", () => {
    const a = newSecret();
    const b = newSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(verifySignature(a, BODY, signBody(a, BODY))).toBe(true);
  });
});
