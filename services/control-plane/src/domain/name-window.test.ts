import { describe, expect, it } from "vitest";
import { likePattern, nameWindow, prismaNameFilter } from "./name-window.js";

describe("nameWindow", () => {
  it("keeps what was given and drops empty text", () => {
    expect(nameWindow({})).toEqual({ limit: undefined, after: undefined, search: undefined });
    expect(nameWindow({ first: 5, after: "b", search: "  x " })).toEqual({ limit: 5, after: "b", search: "x" });
    expect(nameWindow({ after: "", search: "   " })).toEqual({ limit: undefined, after: undefined, search: undefined });
  });

  it("refuses a page size out of range or not whole", () => {
    for (const first of [0, -1, 501, 2.5]) expect(() => nameWindow({ first })).toThrow(/between 1 and 500/);
    expect(() => nameWindow({ search: "x".repeat(201) })).toThrow(/at most 200/);
  });

  it("escapes LIKE's wildcards", () => {
    expect(likePattern("a_b%c\\")).toBe("%a\\_b\\%c\\\\%");
    expect(prismaNameFilter(nameWindow({ after: "m", search: "5%" }))).toEqual({
      gt: "m",
      contains: "5\\%",
      mode: "insensitive",
    });
    expect(prismaNameFilter(nameWindow({}))).toEqual({});
  });
});
