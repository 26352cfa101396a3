import { describe, expect, it } from "vitest";
import { checkInstant } from "./document-entries.js";
import { dagLineError, definitionPosition } from "./document-lines.js";

describe("checkInstant", () => {
  it.each([
    ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z"],
    ["2026-03-01T02:00:00+02:00", "2026-03-01T00:00:00.000Z"],
    [" 2026-12-31T23:59Z ", "2026-12-31T23:59:00.000Z"],
    ["2028-02-29T12:00:00.25-05:30", "2028-02-29T17:30:00.250Z"],
  ])("reads %j as %s", (text, iso) => {
    expect(checkInstant(text, "startAt")).toBe(iso);
  });

  it.each([
    "2026-01-01",
    "2026-01-01T00:00:00",
    "2026-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-01-01T25:00:00Z",
    "tomorrow",
  ])("refuses %j, saying how to write a time", (text) => {
    expect(() => checkInstant(text, "endAt")).toThrow(
      `endAt "${text}" is not a time; write ISO 8601 with a time zone, for example 2026-01-01T00:00:00Z.`,
    );
  });
});

describe("positions inside a DAG definition", () => {
  const block = { line: 4, column: 17, style: "block", offset: 6 } as const;
  const quoted = { line: 7, column: 33, style: "inline", offset: 1 } as const;
  const folded = { line: 9, column: 17, style: "other", offset: 0 } as const;

  it("maps a block literal's lines and an inline value's columns to the document", () => {
    expect(definitionPosition(block, { line: 2, column: 5 })).toEqual({ line: 6, column: 11, exact: true });
    expect(definitionPosition(quoted, { line: 1, column: 3 })).toEqual({ line: 7, column: 36, exact: true });
  });

  it("spells out the position where the text does not map line for line", () => {
    expect(dagLineError("d", folded, { line: 2, column: 4, message: "boom" })).toEqual({
      line: 9,
      column: 17,
      message: "DAG d: definition line 2, column 4: boom",
    });
    expect(dagLineError("d", quoted, { line: 2, column: 1, message: "boom" })).toEqual({
      line: 7,
      column: 33,
      message: "DAG d: definition line 2, column 1: boom",
    });
    expect(dagLineError("d", block, { line: 1, column: 1, message: "boom" })).toEqual({
      line: 5,
      column: 7,
      message: "DAG d: boom",
    });
  });
});
