import { describe, expect, it } from "vitest";
import { decodeFrames, type Frame, FrameDecoder, RecordCursor, TimestampedStream } from "./log-frames.js";

const frame = (text: string): Uint8Array => new Uint8Array(Buffer.from(text));

function collect(skip = 0) {
  const got: Array<{ text: string; at: string | undefined }> = [];
  const stream = new TimestampedStream((chunk, at) => got.push({ text: Buffer.from(chunk).toString(), at }), skip);
  return { stream, got, text: () => got.map((g) => g.text).join("") };
}

describe("a container log stream read with timestamps", () => {
  it("strips each record's timestamp and gives it as ISO 8601 (Docker's nanoseconds, Podman's seconds, offsets)", () => {
    const { stream, got } = collect();
    stream.frame(frame("2024-05-01T10:00:00.123456789Z hello\n"));
    stream.frame(frame("2024-05-01T12:00:01+02:00 world\n"));
    expect(got).toEqual([
      { text: "hello\n", at: "2024-05-01T10:00:00.123Z" },
      { text: "world\n", at: "2024-05-01T10:00:01.000Z" },
    ]);
  });

  it("handles several records in one frame", () => {
    const { stream, got } = collect();
    stream.frame(frame("2024-05-01T10:00:00Z a\n2024-05-01T10:00:02Z b\n"));
    expect(got.map((g) => [g.text, g.at])).toEqual([
      ["a\n", "2024-05-01T10:00:00.000Z"],
      ["b\n", "2024-05-01T10:00:02.000Z"],
    ]);
  });

  it("joins a long line the engine split across frames, each part with its own timestamp", () => {
    const { stream, text, got } = collect();
    stream.frame(frame(`2024-05-01T10:00:00Z ${"x".repeat(8192)}`));
    stream.frame(frame(`2024-05-01T10:00:01Z ${"y".repeat(100)}\n`));
    stream.frame(frame("2024-05-01T10:00:02Z no newline at the end"));
    expect(text()).toBe(`${"x".repeat(8192)}${"y".repeat(100)}\nno newline at the end`);
    expect(got.map((g) => g.at)).toEqual([
      "2024-05-01T10:00:00.000Z",
      "2024-05-01T10:00:01.000Z",
      "2024-05-01T10:00:02.000Z",
    ]);
  });

  it("keeps a continuation that carries no timestamp as it is", () => {
    const { stream, text } = collect();
    stream.frame(frame("2024-05-01T10:00:00Z first half, "));
    stream.frame(frame("second half\n"));
    expect(text()).toBe("first half, second half\n");
  });

  it("keeps content that merely looks like a timestamp after the record's own", () => {
    const { stream, text } = collect();
    stream.frame(frame("2024-05-01T10:00:00Z 2024-05-01T10:00:00Z is what I printed\n"));
    expect(text()).toBe("2024-05-01T10:00:00Z is what I printed\n");
  });

  it("skips exactly the first N full lines, a split line counting once", () => {
    const { stream, text } = collect(2);
    stream.frame(frame(`2024-05-01T10:00:00Z ${"a".repeat(10)}`));
    stream.frame(frame(`2024-05-01T10:00:00Z ${"a".repeat(10)}\n`));
    stream.frame(frame("2024-05-01T10:00:00Z line 2\n2024-05-01T10:00:00Z line 3\n"));
    stream.frame(frame("2024-05-01T10:00:01Z line 4\n"));
    expect(text()).toBe("line 3\nline 4\n");
  });

  it("delivers bytes unchanged: a UTF-8 character the engine split is whole once the parts are joined", () => {
    const bytes: Uint8Array[] = [];
    const stream = new TimestampedStream((chunk) => bytes.push(new Uint8Array(chunk)));
    const euro = Buffer.from("€");
    stream.frame(Buffer.concat([Buffer.from("2024-05-01T10:00:00Z "), euro.subarray(0, 1)]));
    stream.frame(Buffer.concat([Buffer.from("2024-05-01T10:00:00Z "), euro.subarray(1), Buffer.from("\n")]));
    expect(Buffer.concat(bytes).toString("utf8")).toBe("€\n");
  });
});

const mux = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};
const texts = (frames: Frame[]): string[] => frames.map((f) => `${f.stream}:${Buffer.from(f.payload).toString()}`);

describe("the engine's multiplexed stream", () => {
  it("gives whole frames whatever the chunking, byte by byte included", () => {
    const all = Buffer.concat([mux(1, "out\n"), mux(2, "err\n"), mux(1, ""), mux(1, "x".repeat(70_000))]);
    const frames: Frame[] = [];
    const decoder = new FrameDecoder((f) => frames.push({ stream: f.stream, payload: new Uint8Array(f.payload) }));
    for (let i = 0; i < all.length; i += 1 + (i % 7)) decoder.push(all.subarray(i, i + 1 + (i % 7)));
    expect(texts(frames)).toEqual(["1:out\n", "2:err\n", "1:", `1:${"x".repeat(70_000)}`]);
  });

  it("decodes a large log read at once without deep recursion", () => {
    const frames = decodeFrames(Buffer.concat(Array.from({ length: 200_000 }, (_, i) => mux(1, `line ${i}\n`))));
    expect(frames).toHaveLength(200_000);
    expect(Buffer.from(frames[199_999]!.payload).toString()).toBe("line 199999\n");
  });
});

describe("which records of repeated log reads are new", () => {
  const rec = (stream: 1 | 2, second: number, text: string): Frame => ({
    stream,
    payload: Buffer.from(`${new Date(second * 1000).toISOString().replace(".000Z", "Z")} ${text}`),
  });

  it("skips the records of the boundary second already delivered, by count, across both streams", () => {
    const cursor = new RecordCursor();
    const a = rec(1, 100, "a\n");
    const b = rec(2, 101, "b\n");
    const c = rec(1, 101, "c\n");
    const d = rec(1, 101, "c\n"); // the same text again: a different record
    const e = rec(2, 102, "e\n");
    expect(cursor.fresh([a, b, c], true)).toEqual([a, b, c]);
    expect(cursor.since).toBe(101);
    // The next read starts at second 101: b and c again, then what is new.
    expect(cursor.fresh([b, c, d, e], true)).toEqual([d, e]);
    expect(cursor.since).toBe(102);
    expect(cursor.fresh([e], true)).toEqual([]);
  });

  it("holds back the newest record of a read while the container runs, until it is seen unchanged or followed", () => {
    const cursor = new RecordCursor();
    const a = rec(1, 100, "a\n");
    const cut = rec(1, 100, "rea"); // the engine was still writing "ready\n"
    const ready = rec(1, 100, "ready\n");
    expect(cursor.fresh([a, cut], false)).toEqual([a]);
    expect(cursor.fresh([a, ready], false)).toEqual([]); // changed: not confirmed yet
    expect(cursor.fresh([a, ready], false)).toEqual([ready]); // unchanged: complete
    const next = rec(2, 101, "next\n");
    const later = rec(1, 101, "later\n");
    expect(cursor.fresh([a, ready, next, later], false)).toEqual([next]);
    expect(cursor.fresh([next, later], true)).toEqual([later]); // the container ended: all are complete
  });
});
