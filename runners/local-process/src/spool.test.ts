import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { until } from "../../host/src/test-harness.js";
import { SPOOL_SLICE_BYTES, SpoolTail, type SpoolTailOptions } from "./spool.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-spool-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A spool file as the driver makes one: the writer's fd (the child's stdout) and a tail on it. */
function tailed(options: Partial<SpoolTailOptions> = {}) {
  const path = join(dir, "1.stdout");
  const writer = openSync(path, "w", 0o600);
  const chunks: Buffer[] = [];
  const tail = new SpoolTail(path, openSync(path, "r"), { deliver: (c) => chunks.push(Buffer.from(c)), ...options });
  return {
    path,
    tail,
    chunks,
    write: (text: string) => writeSync(writer, text),
    closeWriter: () => closeSync(writer),
    text: () => Buffer.concat(chunks).toString(),
  };
}

/** A ready() the test opens and closes: `waiting` while the tail waits on it. */
function gate(open = false) {
  let release: (() => void) | undefined;
  let pending: Promise<void> | undefined;
  const state = {
    waiting: false,
    ready: (): Promise<void> => {
      if (open) return Promise.resolve();
      state.waiting = true;
      pending ??= new Promise<void>((resolve) => (release = resolve));
      return pending;
    },
    open: () => {
      open = true;
      state.waiting = false;
      release?.();
      pending = undefined;
    },
    close: () => {
      open = false;
    },
  };
  return state;
}

describe("SpoolTail", () => {
  it("delivers a file written in pieces while it is tailed, whole and in order, and removes it once finished", async () => {
    const f = tailed();
    const expected: string[] = [];
    for (let i = 0; i < 50; i++) {
      const piece = `line ${i} ${"x".repeat(i * 37)}\n`;
      expected.push(piece);
      f.write(piece);
      // Every tenth piece waits to be delivered: the tail is then at the end of the file, waiting for more.
      if (i % 10 === 0) await until(() => (f.text() === expected.join("") ? true : undefined));
    }
    f.write("a partial last line");
    expected.push("a partial last line");
    await until(() => (f.text() === expected.join("") ? true : undefined));
    f.closeWriter();
    f.tail.finish();
    await f.tail.done;
    expect(f.text()).toBe(expected.join(""));
    expect(existsSync(f.path)).toBe(false);
  });

  it("reads in chunks of at most chunkBytes", async () => {
    const f = tailed({ chunkBytes: 1000 });
    const text = Array.from({ length: 5000 }, (_, i) => `${i}\n`).join("");
    f.write(text);
    f.closeWriter();
    f.tail.finish();
    await f.tail.done;
    expect(f.text()).toBe(text);
    expect(Math.max(...f.chunks.map((c) => c.length))).toBe(1000);
  });

  it("hands a large read over in slices, the event loop turning between them (a child's exit is seen meanwhile)", async () => {
    const order: string[] = [];
    const path = join(dir, "1.stdout");
    const writer = openSync(path, "w", 0o600);
    const text = "x".repeat(4 * SPOOL_SLICE_BYTES);
    writeSync(writer, text);
    closeSync(writer);
    let got = "";
    const tail = new SpoolTail(path, openSync(path, "r"), {
      chunkBytes: 4 * SPOOL_SLICE_BYTES,
      deliver: (c) => {
        got += Buffer.from(c).toString();
        order.push(`slice ${c.length}`);
        if (order.length === 1) setImmediate(() => order.push("turn"));
      },
    });
    await until(() => (got.length === text.length ? true : undefined));
    tail.finish();
    await tail.done;
    expect(got).toBe(text);
    expect(order.slice(0, 3)).toEqual([`slice ${SPOOL_SLICE_BYTES}`, "turn", `slice ${SPOOL_SLICE_BYTES}`]);
  });

  it("awaits ready() before each read: a pending ready stops reading, resolving it resumes", async () => {
    const ready = gate(true);
    const f = tailed({ ready: ready.ready, chunkBytes: 4 });
    f.write("aaaabbbb");
    await until(() => (f.text() === "aaaabbbb" ? true : undefined));
    ready.close();
    f.write("ccccdddd");
    // The tail waits on ready(): nothing of the new data is read meanwhile.
    await until(() => (ready.waiting ? true : undefined));
    expect(f.text()).toBe("aaaabbbb");
    ready.open();
    await until(() => (f.text() === "aaaabbbbccccdddd" ? true : undefined));
    f.closeWriter();
    f.tail.finish();
    await f.tail.done;
  });

  it("finish() reads everything still in the file before `done`, even what was held back by ready()", async () => {
    const ready = gate(false);
    const f = tailed({ ready: ready.ready, chunkBytes: 1024 });
    const text = Array.from({ length: 10_000 }, (_, i) => `${i}\n`).join("");
    f.write(text);
    f.closeWriter();
    await until(() => (ready.waiting ? true : undefined));
    f.tail.finish();
    let done = false;
    void f.tail.done.then(() => {
      done = true;
    });
    expect(f.chunks).toHaveLength(0);
    ready.open();
    await f.tail.done;
    expect(done).toBe(true);
    expect(f.text()).toBe(text);
    expect(existsSync(f.path)).toBe(false);
  });
});
