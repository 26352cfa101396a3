import { describe, expect, it } from "vitest";
import { MAX_NUMBER_PAGE, numberWindow } from "./number-window.js";

describe("numberWindow", () => {
  it("takes nothing as everything, and passes a page size and a cursor through", () => {
    expect(numberWindow({}, "revision")).toEqual({ limit: undefined, before: undefined });
    expect(numberWindow({ first: null, before: null }, "version")).toEqual({ limit: undefined, before: undefined });
    expect(numberWindow({ first: 20, before: 41 }, "revision")).toEqual({ limit: 20, before: 41 });
    expect(numberWindow({ first: MAX_NUMBER_PAGE }, "version")).toEqual({ limit: MAX_NUMBER_PAGE, before: undefined });
  });

  it("refuses a page size out of range or a cursor that is not a number in the list, saying what to send", () => {
    for (const first of [0, -1, MAX_NUMBER_PAGE + 1, 1.5]) {
      expect(() => numberWindow({ first }, "revision")).toThrow(
        `first must be between 1 and ${MAX_NUMBER_PAGE}; page on with "before" set to the last revision shown.`,
      );
    }
    for (const before of [0, -3, 2.5]) {
      expect(() => numberWindow({ before }, "version")).toThrow("before must be a version number (1 or more)");
    }
    expect(() => numberWindow({ first: 0 }, "revision")).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT", details: { field: "first" } }),
    );
  });
});
