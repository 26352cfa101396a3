import { describe, expect, it } from "vitest";
import { parseQuantity } from "./quantity.js";

describe("parseQuantity", () => {
  it.each([
    ["96Mi", 96 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["500M", 500e6],
    ["500m", 0.5],
    ["2", 2],
    ["1.5", 1.5],
    ["1e3", 1000],
  ])("%s", (quantity, expected) => {
    expect(parseQuantity(quantity)).toBeCloseTo(expected, 9);
  });

  it("rejects a malformed quantity", () => {
    expect(() => parseQuantity("12 MB")).toThrow("quantities must match");
  });
});
