/** One log line is capped at this many bytes, so a task printing a huge line cannot exhaust the runner. */
export const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const TAB = 0x09;

/**
 * Splits a byte stream into lines. Bytes are collected per line and decoded
 * once the line is complete, so a UTF-8 character split across chunks stays
 * intact; invalid UTF-8 becomes U+FFFD instead of throwing. NUL and the other
 * C0 control characters except tab (so also "\r" of CRLF and terminal escape
 * sequences' ESC) are removed: they break JSON consumers and terminals.
 * Past maxBytes the rest of the line is only counted, never buffered.
 */
export class LineSplitter {
  private parts: Uint8Array[] = [];
  private kept = 0;
  private dropped = 0;
  private readonly decoder = new TextDecoder("utf-8");

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxBytes: number = MAX_LINE_BYTES,
    /** Applied to each line's text before the truncation note is added (secret masking); `cut`: the line was cut. */
    private readonly clean: (text: string, cut: boolean) => string = (text) => text,
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.take(chunk, start, end);
      if (newline === -1) return;
      this.emit();
      start = newline + 1;
    }
  }

  /** Emits a final line that had no newline. */
  end(): void {
    if (this.kept > 0 || this.dropped > 0) this.emit();
  }

  private take(chunk: Uint8Array, start: number, end: number): void {
    const n = Math.max(0, Math.min(this.maxBytes - this.kept, end - start));
    if (n > 0) {
      // A copy (Buffer#slice would be a view): the caller may reuse its buffer.
      this.parts.push(new Uint8Array(chunk.subarray(start, start + n)));
      this.kept += n;
    }
    this.dropped += end - start - n;
  }

  private emit(): void {
    let bytes = concat(this.parts, this.kept);
    let dropped = this.dropped;
    if (dropped > 0) {
      // Do not cut a character in two: a truncated line ends at a character boundary.
      const cut = completeLength(bytes);
      dropped += bytes.length - cut;
      bytes = bytes.subarray(0, cut);
    }
    this.parts = [];
    this.kept = 0;
    this.dropped = 0;
    const text = this.clean(this.decoder.decode(stripControls(bytes)), dropped > 0);
    this.onLine(dropped > 0 ? `${text} …[truncated ${dropped} bytes]` : text);
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** C0 bytes never occur inside a multi-byte UTF-8 sequence, so they can be removed before decoding. */
function stripControls(bytes: Uint8Array): Uint8Array {
  if (!bytes.some((b) => b < 0x20 && b !== TAB)) return bytes;
  return bytes.filter((b) => b >= 0x20 || b === TAB);
}

/** Length of the prefix of bytes that does not end inside a multi-byte UTF-8 sequence. */
function completeLength(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && ((bytes[i] as number) & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i] as number;
  const needed = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return needed > continuation ? i : bytes.length;
}
