import { describe, expect, it } from "vitest";
import { matches, parseSelector } from "./labels.js";

describe("label selectors", () => {
  const labels = { app: "baton", "job-name": "hello", tier: "run" };
  it.each([
    ["job-name=hello", true],
    ["job-name==hello", true],
    ["job-name=other", false],
    ["app=baton,job-name!=hello", false],
    ["tier", true],
    ["!tier", false],
    ["missing", false],
    ["tier in (run, build)", true],
    ["tier notin (run)", false],
    ["", true],
  ])("%s -> %s", (selector, expected) => {
    expect(matches(parseSelector(selector), labels)).toBe(expected);
  });

  it("rejects what it cannot parse", () => {
    expect(() => parseSelector("a=b=c")).toThrow("unable to parse requirement");
  });
});
