import { describe, expect, it } from "vitest";
import { abortable } from "./abortable.js";

describe("abortable", () => {
  it("ends a source that is waiting for its next value as soon as the subscriber returns", async () => {
    let cleaned = false;
    const source = abortable(async function* (signal) {
      try {
        yield 1;
        // Waits for something that never comes, unless aborted.
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        if (signal.aborted) return;
        yield 2;
      } finally {
        cleaned = true;
      }
    });
    expect(await source.next()).toEqual({ done: false, value: 1 });
    const pending = source.next();
    expect(await source.return(undefined)).toEqual({ done: true, value: undefined });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(cleaned).toBe(true);
    expect(await source.next()).toEqual({ done: true, value: undefined });
  });
});
