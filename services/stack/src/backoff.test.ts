import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff.js";
import { consoleOrigins } from "./cors.js";
import { describeExit, exitCode, seconds } from "./exit-status.js";

describe("restart backoff", () => {
  it("doubles from 1 s up to the cap while the child keeps crashing", () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 8000, resetAfterMs: 60_000 });
    expect([0, 10, 10, 10, 10, 10].map((up) => b.next(up))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it("starts from 1 s again after a run of a minute or more", () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 });
    expect([b.next(5), b.next(5), b.next(5)]).toEqual([1000, 2000, 4000]);
    expect(b.next(60_000)).toBe(1000);
    expect(b.next(59_999)).toBe(2000);
  });
});

describe("exit status", () => {
  it("reports a signal as the shell does (128 + its number) and names it", () => {
    expect(exitCode({ code: null, signal: "SIGKILL" })).toBe(137);
    expect(describeExit({ code: null, signal: "SIGKILL" })).toBe("code 137, SIGKILL");
    expect(describeExit({ code: 1, signal: null })).toBe("code 1");
  });

  it("writes delays in seconds", () => {
    expect(seconds(2000)).toBe("2 s");
    expect(seconds(1500)).toBe("1.5 s");
    expect(seconds(250)).toBe("250 ms");
  });
});

describe("console origins for CORS", () => {
  it("names both loopback spellings for a loopback or wildcard console, the host otherwise", () => {
    expect(consoleOrigins("127.0.0.1", 3001)).toEqual(["http://127.0.0.1:3001", "http://localhost:3001"]);
    expect(consoleOrigins("0.0.0.0", 3000)).toEqual(["http://127.0.0.1:3000", "http://localhost:3000"]);
    expect(consoleOrigins("baton.internal", 3000)).toEqual(["http://baton.internal:3000"]);
  });
});
