/**
 * Where entries and DAG definitions sit in a document, so that errors found
 * after parsing (a reference to a task that does not exist, a DAG naming an
 * unknown task) still name the document's line. Pure.
 */
import type { DagError } from "../dag/index.js";
import type { DocumentLines, EntryKind, LineError, TextOrigin } from "./types.js";

export const entryKey = (kind: EntryKind, name: string): string => `${kind}:${name}`;

export function emptyLines(): DocumentLines {
  return { entries: new Map(), definitions: new Map() };
}

/** The line where an entry starts; 1 when unknown (an entry that was not read from a document). */
export function lineOfEntry(lines: DocumentLines, kind: EntryKind, name: string): number {
  return lines.entries.get(entryKey(kind, name)) ?? 1;
}

/** The document position of a position inside a definition text; exact only where the text maps 1:1 to lines. */
export function definitionPosition(
  origin: TextOrigin,
  at: { line: number; column: number },
): { line: number; column: number; exact: boolean } {
  if (origin.style === "block") return { line: origin.line + at.line, column: origin.offset + at.column, exact: true };
  if (origin.style === "inline" && at.line === 1) {
    return { line: origin.line, column: origin.column + origin.offset + at.column - 1, exact: true };
  }
  return { line: origin.line, column: origin.column, exact: false };
}

/** A DSL error in DAG `name`'s definition as a document error; where the position cannot be mapped, it is spelled out. */
export function dagLineError(name: string, origin: TextOrigin | undefined, error: DagError): LineError {
  const pos = origin ? definitionPosition(origin, error) : { line: 1, column: undefined, exact: false };
  const where = pos.exact ? "" : `definition line ${error.line}, column ${error.column}: `;
  const located: LineError = { line: pos.line, message: `DAG ${name}: ${where}${error.message}` };
  if (pos.column !== undefined) located.column = pos.column;
  return located;
}
