import { describe, expect, it } from "vitest";
import { exitInfo } from "./exit-info.js";

describe("a container's end", () => {
  it("is its exit code when the engine says nothing more", () => {
    expect(exitInfo(3, { OOMKilled: false, Memory: 64 * 1024 * 1024 })).toEqual({ exitCode: 3, signal: null });
  });

  it("names an OOM kill with the limit in MiB", () => {
    expect(exitInfo(137, { OOMKilled: true, Memory: 96 * 1024 * 1024 })).toEqual({
      exitCode: 137,
      signal: null,
      message: "OOM_KILLED: the container exceeded its memory limit of 96 MiB",
    });
    expect(exitInfo(137, { OOMKilled: true, Memory: 1536 * 1024 })?.message).toBe(
      "OOM_KILLED: the container exceeded its memory limit of 1.5 MiB",
    );
  });

  it("names an OOM kill without a limit (the host ran out)", () => {
    expect(exitInfo(137, { OOMKilled: true, Memory: 0 }).message).toBe("OOM_KILLED: the container ran out of memory");
  });
});
