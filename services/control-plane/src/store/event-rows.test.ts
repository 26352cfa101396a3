import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../domain/events.js";
import { CHUNK_LINES, type LogChunkRow, linesOf, toRows } from "./event-rows.js";

const at0 = new Date("2026-12-07T10:00:00.000Z");
const line = (seq: number, stream = "stdout", ms = seq): StoredEvent => ({
  executionId: "e",
  seq,
  kind: "LOG",
  payload: { stream, text: `line ${seq}` },
  at: new Date(at0.getTime() + ms),
});
const status = (seq: number): StoredEvent => ({
  executionId: "e",
  seq,
  kind: "STATUS",
  payload: { status: "RUNNING", cause: "started" },
  at: at0,
});

describe("event rows and log chunks", () => {
  it("keeps status and step events as rows and puts runs of consecutive lines in chunks", () => {
    const events = [status(1), line(2), line(3, "stderr"), line(4, "system"), status(5), line(6, "combined")];
    const { rows, chunks } = toRows(events);
    expect(rows.map((e) => e.seq)).toEqual([1, 5]);
    expect(chunks.map((c) => [c.firstSeq, c.lastSeq, c.streams, c.texts])).toEqual([
      [2, 4, "oes", ["line 2", "line 3", "line 4"]],
      [6, 6, "c", ["line 6"]],
    ]);
    expect(chunks[0]?.offsets).toEqual([0, 1, 2]);
  });

  it("reads back every line of a chunk as it was, or only a window of seqs", () => {
    const events = [line(1), line(2, "stderr", -5), line(3, "system", 1500), line(4, "combined")];
    const [chunk] = toRows(events).chunks;
    const row = { ...chunk, executionId: "e" } as LogChunkRow;
    expect(linesOf(row)).toEqual(events.map((e) => ({ ...e })));
    expect(linesOf(row, 2, 4).map((e) => e.seq)).toEqual([2, 3]);
  });

  it("starts a new chunk past CHUNK_LINES lines, and at a gap in the seqs", () => {
    const many = Array.from({ length: CHUNK_LINES + 1 }, (_, i) => line(i + 1));
    expect(toRows(many).chunks.map((c) => [c.firstSeq, c.lastSeq])).toEqual([
      [1, CHUNK_LINES],
      [CHUNK_LINES + 1, CHUNK_LINES + 1],
    ]);
    expect(toRows([line(1), line(3)]).chunks).toHaveLength(2);
  });

  it("stores a line of a stream it has no letter for as an event row", () => {
    const odd = line(2, "weird");
    const { rows, chunks } = toRows([line(1), odd, line(3)]);
    expect(rows).toEqual([odd]);
    expect(chunks.map((c) => [c.firstSeq, c.lastSeq])).toEqual([
      [1, 1],
      [3, 3],
    ]);
  });
});
