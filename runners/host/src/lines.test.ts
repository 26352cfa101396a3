import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LineSplitter, MAX_LINE_BYTES } from "./lines.js";

function split(chunks: (string | Uint8Array)[], maxBytes?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxBytes);
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it("emits complete lines across chunk boundaries and a final partial line", () => {
    expect(split(["a\nb", "c\n\nd"])).toEqual(["a", "bc", "", "d"]);
    expect(split(["x\n"])).toEqual(["x"]);
    expect(split([])).toEqual([]);
  });

  it("keeps a UTF-8 character split across chunks", () => {
    const bytes = Buffer.from("grüße 🎉\n");
    expect(split([bytes.subarray(0, 3), bytes.subarray(3, 10), bytes.subarray(10)])).toEqual(["grüße 🎉"]);
  });

  it("replaces invalid UTF-8 instead of throwing", () => {
    expect(split([new Uint8Array([0x61, 0xff, 0xfe, 0x62, 0x0a])])).toEqual(["a\uFFFD\uFFFDb"]);
  });

  it("strips NUL and C0 controls but keeps tabs", () => {
    expect(split(["a\u0000b\tc\r\n", "\u001b[31mred\u001b[0m\n"])).toEqual(["ab\tc", "[31mred[0m"]);
  });

  it("truncates a 10 MB line at 64 KiB without buffering the rest", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const chunk = Buffer.alloc(64 * 1024, "x");
    for (let i = 0; i < 160; i++) splitter.push(chunk); // 10 MiB
    splitter.push(Buffer.from("\nnext\n"));
    const total = 160 * chunk.length;
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`${"x".repeat(MAX_LINE_BYTES)} …[truncated ${total - MAX_LINE_BYTES} bytes]`);
    expect(lines[1]).toBe("next");
  });

  it("truncates at a character boundary", () => {
    // "é" is 2 bytes: a 5-byte cap would cut the third one in half.
    expect(split(["ééé\n"], 5)).toEqual(["éé …[truncated 2 bytes]"]);
    expect(split(["abcdef"], 4)).toEqual(["abcd …[truncated 2 bytes]"]);
  });

  it("survives random bytes", () => {
    const data = randomBytes(1_000_000);
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    for (let i = 0; i < data.length; i += 4093) splitter.push(data.subarray(i, i + 4093));
    splitter.end();
    const newlines = data.filter((b) => b === 0x0a).length;
    expect(lines.length).toBe(data.at(-1) === 0x0a ? newlines : newlines + 1);
    for (const line of lines) {
      expect([...line].every((ch) => ch === "\t" || (ch.codePointAt(0) as number) >= 0x20)).toBe(true);
    }
  });
});
