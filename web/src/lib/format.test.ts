import { describe, expect, it } from "vitest";
import { cancelVerdict, dagRestartVerdict, relaunchVerdict, restartVerdict } from "./actions";
import { shellQuote, splitArguments } from "./format";

describe("shellQuote", () => {
  it("quotes what a shell would split or expand, and reads back with splitArguments", () => {
    const args = ["--date", "2026-11-23", "two words", "", "it's", "$HOME", "a=b"];
    expect(shellQuote(args)).toBe(`--date 2026-11-23 'two words' '' 'it'\\''s' '$HOME' a=b`);
    expect(splitArguments(shellQuote(["two words", "x"]))).toEqual(["two words", "x"]);
  });
});

describe("what an execution's state allows", () => {
  it("restarts only a run that ended without completing, and says why not otherwise", () => {
    expect(restartVerdict("FAILED")).toBeNull();
    expect(restartVerdict("CANCELLED")).toBeNull();
    expect(restartVerdict("COMPLETED")).toMatch(/COMPLETED.*Relaunch/);
    expect(restartVerdict("RUNNING")).toMatch(/RUNNING/);
  });

  it("cancels only a run that has not ended; relaunches only one that has", () => {
    expect(cancelVerdict("RUNNING")).toBeNull();
    expect(cancelVerdict("QUEUED")).toBeNull();
    expect(cancelVerdict("COMPLETED")).toMatch(/nothing to cancel/);
    expect(relaunchVerdict("COMPLETED")).toBeNull();
    expect(relaunchVerdict("RUNNING")).toMatch(/cancel it first/);
    expect(dagRestartVerdict("COMPLETED")).toMatch(/no failed node/);
    expect(dagRestartVerdict("FAILED")).toBeNull();
  });
});
