import type { ExecutionEvent } from "@baton/db";
import type { LogPayload, StoredEvent } from "../domain/events.js";
// Used at call time only (run-store imports this module too).
import { iso, type Queryable } from "./run-store.js";

/**
 * How an execution's events are stored (docs/architecture.md, "Where events
 * are stored"). STATUS and STEP events are one row each in execution_events.
 * LOG lines are stored in chunks: one execution_log_chunks row holds up to
 * CHUNK_LINES consecutive lines (seqs firstSeq..lastSeq, no other event in
 * between), their texts as an array, their streams as one letter each, and
 * their times as milliseconds after the chunk's. A million lines are a
 * thousand rows, not a million: the per-row cost of a heap tuple, an index
 * entry and a JSON document was most of what persisting a line cost.
 * Seqs stay dense and per line, so readers see the same events either way.
 */
export const CHUNK_LINES = 1000;

/** The streams a chunk can hold, one letter each; a line of any other stream is stored as an event row. */
const CODES: Readonly<Record<string, string>> = { stdout: "o", stderr: "e", system: "s", combined: "c" };
const STREAMS: Readonly<Record<string, string>> = { o: "stdout", e: "stderr", s: "system", c: "combined" };

export interface LogChunk {
  firstSeq: number;
  lastSeq: number;
  /** One letter per line (CODES). */
  streams: string;
  texts: string[];
  /** The first line's time. */
  at: Date;
  /** Each line's time in milliseconds after `at`. */
  offsets: number[];
}

/** A chunk as read back. */
export type LogChunkRow = LogChunk & { executionId: string };

const isChunkable = (e: StoredEvent): e is StoredEvent & { kind: "LOG"; payload: LogPayload } =>
  e.kind === "LOG" && CODES[e.payload.stream] !== undefined;

/** Splits events (in seq order) into event rows and chunks of consecutive log lines. */
export function toRows(events: readonly StoredEvent[]): { rows: StoredEvent[]; chunks: LogChunk[] } {
  const rows: StoredEvent[] = [];
  const chunks: LogChunk[] = [];
  let open: LogChunk | undefined;
  for (const e of events) {
    if (!isChunkable(e)) {
      rows.push(e);
      open = undefined;
      continue;
    }
    if (!open || open.lastSeq !== e.seq - 1 || open.texts.length >= CHUNK_LINES) {
      open = { firstSeq: e.seq, lastSeq: e.seq, streams: "", texts: [], at: e.at, offsets: [] };
      chunks.push(open);
    }
    open.lastSeq = e.seq;
    open.streams += CODES[e.payload.stream];
    open.texts.push(e.payload.text);
    open.offsets.push(e.at.getTime() - open.at.getTime());
  }
  return { rows, chunks };
}

/** The lines of a chunk with from <= seq < to, as events. */
export function linesOf(chunk: LogChunkRow, from = 0, to = Number.MAX_SAFE_INTEGER): ExecutionEvent[] {
  const out: ExecutionEvent[] = [];
  const base = chunk.at.getTime();
  const first = Math.max(from, chunk.firstSeq);
  const last = Math.min(to - 1, chunk.lastSeq);
  for (let seq = first; seq <= last; seq++) {
    const i = seq - chunk.firstSeq;
    const payload: LogPayload = { stream: STREAMS[chunk.streams[i] as string] ?? "stdout", text: chunk.texts[i] ?? "" };
    out.push({
      executionId: chunk.executionId,
      seq,
      kind: "LOG",
      payload: payload as unknown as ExecutionEvent["payload"],
      at: new Date(base + (chunk.offsets[i] ?? 0)),
    });
  }
  return out;
}

/**
 * The CTEs that insert events (numbered already) for execution `$id`: their
 * rows and their chunks, each only when `guard` (an SQL condition) holds.
 * `param` adds a value and returns its placeholder.
 */
export function insertEventsSql(
  events: readonly StoredEvent[],
  idParam: string,
  param: (v: unknown) => string,
  guard = "true",
): string[] {
  const { rows, chunks } = toRows(events);
  const parts: string[] = [];
  if (rows.length > 0)
    parts.push(`ev AS (INSERT INTO execution_events ("executionId", seq, kind, payload, at)
       SELECT ${idParam}, * FROM unnest(${param(rows.map((e) => e.seq))}::int[], ${param(rows.map((e) => e.kind))}::text[],
                                ${param(rows.map((e) => JSON.stringify(e.payload)))}::jsonb[],
                                ${param(rows.map((e) => iso(e.at)))}::timestamp[])
       WHERE ${guard})`);
  if (chunks.length > 0) {
    const values = chunks.map(
      (c) =>
        `(${param(c.firstSeq)}::int, ${param(c.lastSeq)}::int, ${param(c.streams)}::text, ${param(c.texts)}::text[], ${param(iso(c.at))}::timestamp, ${param(c.offsets)}::int[])`,
    );
    parts.push(`lg AS (INSERT INTO execution_log_chunks ("executionId", "firstSeq", "lastSeq", streams, texts, at, offsets)
       SELECT ${idParam}, c.* FROM (VALUES ${values.join(", ")}) AS c WHERE ${guard})`);
  }
  return parts;
}

/** The last `tail` log lines of an execution, oldest first: its last chunks, and any line stored as an event row. */
export async function lastLines(db: Queryable, id: string, tail: number): Promise<ExecutionEvent[]> {
  if (tail <= 0) return [];
  const chunked: ExecutionEvent[][] = [];
  let count = 0;
  let before = 2_147_483_647;
  while (count < tail) {
    const { rows } = await db.query<LogChunkRow>(
      `SELECT "executionId", "firstSeq", "lastSeq", streams, texts, at, offsets FROM execution_log_chunks
       WHERE "executionId" = $1 AND "lastSeq" < $2 ORDER BY "lastSeq" DESC LIMIT 64`,
      [id, before],
    );
    for (const r of rows) {
      const lines = linesOf(r);
      chunked.push(lines);
      count += lines.length;
      before = r.lastSeq;
      if (count >= tail) break;
    }
    if (rows.length < 64) break;
  }
  const { rows: single } = await db.query<ExecutionEvent>(
    `SELECT * FROM execution_events WHERE "executionId" = $1 AND kind = 'LOG' ORDER BY seq DESC LIMIT $2`,
    [id, tail],
  );
  const all = [...chunked.flat(), ...single].sort((a, b) => a.seq - b.seq);
  return all.slice(Math.max(0, all.length - tail));
}
