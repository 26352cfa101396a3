import { describe, expect, it } from "vitest";
import { type PropertyLine, readPropertyLines } from "./properties-lines.js";

describe("readPropertyLines", () => {
  const cases: [string, string, PropertyLine[]][] = [
    ["= separator, spaces trimmed", "  task.a =  docker:a:1  ", [{ line: 1, key: "task.a", value: "docker:a:1" }]],
    [": separator", "task.a: docker:a:1", [{ line: 1, key: "task.a", value: "docker:a:1" }]],
    ["whitespace separator", "task.a docker:a:1", [{ line: 1, key: "task.a", value: "docker:a:1" }]],
    ["only the first separator splits", "task.a=docker:a:1=x", [{ line: 1, key: "task.a", value: "docker:a:1=x" }]],
    ["comments and blank lines", "# c\n  ! c\n\n \t\ntask.a=x", [{ line: 5, key: "task.a", value: "x" }]],
    [
      "continuation drops the next line's indent and keeps the first line number",
      "x=1\ntask.a=docker:\\\n    a:1\ntask.b=y",
      [
        { line: 1, key: "x", value: "1" },
        { line: 2, key: "task.a", value: "docker:a:1" },
        { line: 4, key: "task.b", value: "y" },
      ],
    ],
    [
      "an escaped backslash does not continue",
      "a=x\\\\\nb=y",
      [
        { line: 1, key: "a", value: "x\\" },
        { line: 2, key: "b", value: "y" },
      ],
    ],
    ["a comment is never continued", "# c \\\ntask.a=x", [{ line: 2, key: "task.a", value: "x" }]],
    ["continuation at end of file", "a=x\\", [{ line: 1, key: "a", value: "x" }]],
    [
      "CRLF and CR line ends",
      "a=1\r\nb=2\rc=3",
      [
        { line: 1, key: "a", value: "1" },
        { line: 2, key: "b", value: "2" },
        { line: 3, key: "c", value: "3" },
      ],
    ],
    ["escapes in keys and values", "a\\:b=\\u0041\\t!", [{ line: 1, key: "a:b", value: "A\t!" }]],
    ["a key without value", "task.a", [{ line: 1, key: "task.a", value: "" }]],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    expect(readPropertyLines(text)).toEqual(expected);
  });
});
