import { describe, expect, it } from "vitest";
import { LineSplitter } from "./lines.js";
import { MASK, maskNeedles, maskText, SecretMasker } from "./mask.js";
import { RunOutput } from "./output.js";

const masker = (...values: string[]): SecretMasker => {
  const m = new SecretMasker();
  m.add(values);
  return m;
};

describe("maskText", () => {
  it("replaces every occurrence of every value", () => {
    const m = masker("hunter2-pass", "s3cr3t-token");
    expect(m.text("login hunter2-pass then hunter2-pass with s3cr3t-token.")).toBe(
      `login ${MASK} then ${MASK} with ${MASK}.`,
    );
    expect(m.text("nothing here")).toBe("nothing here");
  });

  it("masks the union of overlapping values and adjacent copies once", () => {
    // "abcdef" and "cdefgh" overlap in "abcdefgh": neither part may show.
    expect(maskText("x abcdefgh y", ["abcdef", "cdefgh"])).toBe(`x ${MASK} y`);
    expect(maskText("abcdabcd", ["abcd"])).toBe(MASK);
    // A value inside another.
    expect(maskText("[long-secret-value]", ["secret", "long-secret-value"])).toBe(`[${MASK}]`);
    // Overlapping occurrences of one value ("aaaa" in "aaaaaa").
    expect(maskText("-aaaaaa-", ["aaaa"])).toBe(`-${MASK}-`);
  });

  it("masks the base64 forms and the JSON-escaped form", () => {
    const value = 'p@ss "quoted" \\ word';
    const m = masker(value);
    const b64 = Buffer.from(value).toString("base64");
    expect(m.text(`Authorization: Basic ${b64}`)).toBe(`Authorization: Basic ${MASK}`);
    expect(m.text(`u=${Buffer.from(value).toString("base64url")}&x=1`)).toBe(`u=${MASK}&x=1`);
    expect(m.text(JSON.stringify({ password: value }))).toBe(`{"password":"${MASK}"}`);
  });

  it("masks each line of a value of several lines, as output arrives line by line", () => {
    const key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----\n";
    const m = masker(key);
    expect(m.text("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")).toBe(MASK);
    expect(maskNeedles(key)).not.toContain("");
  });

  it("leaves values shorter than 4 characters alone", () => {
    const m = masker("abc", "");
    expect(m.empty).toBe(true);
    expect(m.text("abc abc")).toBe("abc abc");
  });

  it("masks the beginning of a value left at the end of a line cut at its limit", () => {
    const m = masker("0123456789abcdef");
    expect(m.text("prefix 0123456", true)).toBe(`prefix ${MASK}`);
    expect(m.text("prefix 0123456", false)).toBe("prefix 0123456");
    // Fewer than 4 characters of it: nothing worth hiding.
    expect(m.text("prefix 012", true)).toBe("prefix 012");
  });

  it("masks every string of a step record, keys included", () => {
    const m = masker("topsecret");
    expect(m.deep({ a: ["x topsecret", 3, null], topsecret: { b: "topsecret" } })).toEqual({
      a: [`x ${MASK}`, 3, null],
      [MASK]: { b: MASK },
    });
  });
});

describe("masking whole lines of output", () => {
  const value = "correct-horse-battery";

  it("finds a value split across chunks, and in a line cut at its size limit", () => {
    const m = masker(value);
    const lines: string[] = [];
    const splitter = new LineSplitter(
      (line) => lines.push(line),
      40,
      (text, cut) => m.text(text, cut),
    );
    const bytes = new TextEncoder().encode(`pw=${value}!\n${"x".repeat(30)}${value}\n`);
    for (const byte of bytes) splitter.push(new Uint8Array([byte])); // one byte per chunk
    expect(lines[0]).toBe(`pw=${MASK}!`);
    // Cut after 40 bytes: 30 x's and the first 10 characters of the value.
    expect(lines[1]).toMatch(/^x{30}\*\*\* …\[truncated \d+ bytes\]$/);
    expect(lines.join("\n")).not.toContain(value.slice(0, 4));
  });

  it("RunOutput masks stdout, stderr, step records and system lines before emitting", () => {
    const bodies: unknown[] = [];
    const output = new RunOutput((body) => bodies.push(body));
    output.masker.add([value]);
    const half = value.length >> 1;
    output.stdout(Buffer.from(`one ${value.slice(0, half)}`));
    output.stdout(Buffer.from(`${value.slice(half)} two\n`));
    output.stderr(Buffer.from(`err ${value}\n`));
    // A value written with a JSON escape in a step line is masked once the record is parsed.
    const escaped = `\\u${value.charCodeAt(0).toString(16).padStart(4, "0")}${value.slice(1)}`;
    output.stdout(
      Buffer.from(`::baton::{"v":1,"type":"step","step":"load","status":"FAILED","message":"bad ${escaped}"}\n`),
    );
    output.system(`note about ${value}`);
    output.finish();
    const text = JSON.stringify(bodies);
    expect(text).not.toContain(value);
    expect(text).toContain(`one ${MASK} two`);
    expect(text).toContain(`err ${MASK}`);
    expect(text).toContain(`"message":"bad ${MASK}"`);
    expect(text).toContain(`note about ${MASK}`);
  });
});
