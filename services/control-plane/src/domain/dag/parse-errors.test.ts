import { describe, expect, it } from "vitest";
import { type DagError, EMPTY_DEFINITION_MESSAGE, MAX_NESTING, parseDag } from "./index.js";

const errorsOf = (source: string): DagError[] => {
  const result = parseDag(source);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(source)}`);
  return result.errors;
};

/** The first error as "line:column message". */
const firstError = (source: string): string => {
  const e = errorsOf(source)[0] as DagError;
  return `${e.line}:${e.column} ${e.message}`;
};

describe("parseDag: errors carry line, column and what was expected", () => {
  it("says how to write an empty definition", () => {
    for (const empty of ["", "   ", "\n\t\n"]) {
      expect(errorsOf(empty)).toEqual([
        { line: 1, column: 1, message: EMPTY_DEFINITION_MESSAGE, expected: ["a task name"] },
      ]);
    }
    expect(EMPTY_DEFINITION_MESSAGE).toBe(
      "the definition is empty: write at least one task name, e.g. `settle && report`",
    );
  });

  it("names the expected tokens and what was found", () => {
    expect(errorsOf("&& a")).toEqual([
      {
        line: 1,
        column: 1,
        message: "expected a task name or '<' but found '&&'",
        expected: ["a task name", "'<'"],
      },
    ]);
    expect(firstError("a &&")).toBe("1:5 expected a task name or '<' but found the end of the definition");
    expect(firstError("a && && b")).toBe("1:6 expected a task name or '<' but found '&&'");
    expect(errorsOf("a b")[0]).toEqual({
      line: 1,
      column: 3,
      message:
        "expected '&&', a transition such as 'FAILED' -> task or the end of the definition but found 'b': " +
        "join tasks with '&&' to run one after the other",
      expected: ["'&&'", "a transition such as 'FAILED' -> task", "the end of the definition"],
    });
  });

  it("counts lines and columns across newlines", () => {
    expect(firstError("a &&\nb &&\n  &&")).toBe("3:3 expected a task name or '<' but found '&&'");
    expect(firstError("a\n  * x")).toBe("2:5 expected '->' but found 'x': a transition is written * -> task");
    expect(firstError("a &&\n  b 'FAILED' x")).toBe(
      "2:14 expected '&&', a transition such as 'FAILED' -> task or the end of the definition but found 'x': " +
        "a transition is written 'FAILED' -> x",
    );
    expect(firstError("a &&\r\n  b c")).toBe(
      "2:5 expected '&&', a transition such as 'FAILED' -> task or the end of the definition but found 'c': " +
        "join tasks with '&&' to run one after the other",
    );
  });

  it.each([
    [
      "<a || b",
      "1:8 expected '&&', a transition such as 'FAILED' -> task, '||' or '>' but found the end of the definition",
    ],
    ["<>", "1:2 expected a task name or '<' but found '>'"],
    ["(a && b", "1:8 expected '&&', a transition such as 'FAILED' -> task or ')' but found the end of the definition"],
    ["a '*' -> b && c", "1:12 nothing can follow 'a' with '&&': its '*' transition already catches every exit status"],
    ["a 'F' -> b 'F' -> c", "1:12 this task already has a transition for 'F': each exit status leads one way"],
    ["a '' -> b", "1:3 an empty exit status never matches: write e.g. 'FAILED', 'COMPLETED' or '*'"],
    ["a 'FAILED' -> ", "1:15 expected a task name, '$END' or '$FAIL' but found the end of the definition"],
    ["a 'FAILED' -> :b", "1:3 there is no label 'b' to jump to"],
    ["a FAILED -> b", "1:3 exit statuses are quoted: write 'FAILED' -> …"],
    ["a -> b", "1:3 expected an exit status in quotes before '->', e.g. 'FAILED' -> cleanup"],
    ["x: y: a", "1:4 'x' already labels this task: write only one label"],
    ["lbl: (a && b)", "1:6 a label names one task or one split, not a group in parentheses"],
    [
      "$END",
      "1:1 expected a task name or '<' but found '$END': $END can only be the target of a transition, e.g. 'FAILED' -> $END",
    ],
    ["a 'F' -> $NOPE", "1:10 unknown target '$NOPE': the special targets are $END and $FAIL"],
    [
      "<a || b> 'FAILED' -> c",
      "1:10 expected '&&' or the end of the definition but found 'FAILED': transitions can follow a task, not a split",
    ],
    [
      "a; b",
      "1:4 a secondary sequence (after ';' or a new line) needs a label, e.g. 'retry: task', or it can never run",
    ],
    ["a 'unterminated && b", "1:3 unterminated string: add the closing '"],
    ["a # b", "1:3 unexpected character '#'"],
    ["a & b", "1:3 unexpected '&': run tasks one after another with '&&'"],
    ["a | b", "1:3 unexpected '|': separate parallel branches with '||' inside '<' and '>'"],
    ["a --x", "1:6 expected '=' after --x (arguments are written --name=value)"],
    ["a --=1", "1:5 expected an argument name right after '--', e.g. --date=2024-01-31"],
    ["a --x= && b", "1:8 expected a value after --x= (write '' for an empty value)"],
    ["a --x='open", "1:7 unterminated string: add the closing '"],
    [`${"t".repeat(64)} && b`, `1:1 the task name '${"t".repeat(64)}' is longer than 63 characters`],
    [`${"l".repeat(64)}: b`, `1:1 the label '${"l".repeat(64)}' is longer than 63 characters`],
  ])("%j", (source, expected) => {
    expect(firstError(source)).toBe(expected);
  });

  it("refuses a task used twice without labels, and says to add one", () => {
    expect(errorsOf("a && b && a")).toEqual([
      { line: 1, column: 11, message: "the task 'a' is used twice: give each use its own label, e.g. 'a-2: a'" },
    ]);
    expect(firstError("a 'FAILED' -> notify && b 'FAILED' -> notify")).toBe(
      "1:39 the task 'notify' is used twice: give each use its own label, e.g. 'notify-2: notify'",
    );
  });

  it("collects every label clash with its position", () => {
    expect(errorsOf("x: a && x: b && b && c: x && c: d")).toEqual([
      { line: 1, column: 9, message: "the label 'x' is used twice: labels must be unique" },
      { line: 1, column: 30, message: "the label 'c' is used twice: labels must be unique" },
    ]);
    expect(firstError("a && a: b")).toBe("1:6 the label 'a' is already the name of a task used without a label");
    expect(firstError("a: b && a")).toBe("1:9 the task 'a' has the same name as a label used before: give it a label");
    expect(firstError("g: <a || b> && g: c")).toBe("1:16 the label 'g' is used twice: labels must be unique");
  });

  it("refuses nesting deeper than the limit instead of overflowing the stack", () => {
    const deep = `${"<".repeat(10_000)}a`;
    expect(firstError(deep)).toBe(
      `1:${MAX_NESTING + 1} splits and parentheses nest at most ${MAX_NESTING} levels deep`,
    );
    expect(firstError(`${"(".repeat(10_000)}a`)).toMatch(/^1:101 splits and parentheses nest at most/);
  });
});
