/**
 * The task program of the chaos suite and the ledger it writes. Every run
 * appends "start <execution id> <pid> <epoch ms>" when it begins and
 * "end <execution id> <pid> <epoch ms>" when it finishes; each line is one
 * short write to a file opened with O_APPEND, so lines never interleave.
 */

export interface LedgerMark {
  pid: number;
  at: number;
}

export interface LedgerEntry {
  starts: LedgerMark[];
  ends: LedgerMark[];
}

export interface Ledger {
  runs: Map<string, LedgerEntry>;
  /** Lines that are not a start or an end line (a torn write would show here). */
  malformed: string[];
}

/** A POSIX sh script (run directly through its shebang): `task <seconds>`. */
export function taskScript(ledgerPath: string): string {
  const file = `'${ledgerPath.replace(/'/g, `'\\''`)}'`;
  return [
    "#!/bin/sh",
    `printf 'start %s %s %s\\n' "$BATON_EXECUTION_ID" "$$" "$(date +%s%3N)" >> ${file}`,
    'sleep "$1"',
    `printf 'end %s %s %s\\n' "$BATON_EXECUTION_ID" "$$" "$(date +%s%3N)" >> ${file}`,
    "exit 0",
    "",
  ].join("\n");
}

const LINE = /^(start|end) ([0-9a-f-]{36}) (\d+) (\d+)$/;

export function parseLedger(text: string): Ledger {
  const runs = new Map<string, LedgerEntry>();
  const malformed: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = LINE.exec(line);
    if (!m) {
      malformed.push(line);
      continue;
    }
    const [, kind, id, pid, at] = m as unknown as [string, "start" | "end", string, string, string];
    let entry = runs.get(id);
    if (!entry) {
      entry = { starts: [], ends: [] };
      runs.set(id, entry);
    }
    (kind === "start" ? entry.starts : entry.ends).push({ pid: Number(pid), at: Number(at) });
  }
  return { runs, malformed };
}
