// Where a run's milliseconds go, from the marks the processes of the run path
// record (proto/src/trace.ts: BATON_TRACE_FILE, RUNNER_TRACE_FILE) and the
// client's own: for each stage, the median time from the client's send, and
// the median step from the stage before.
import { performance } from "node:perf_hooks";

export const wallNow = () => performance.timeOrigin + performance.now();

/** Client-side marks, in the same format and clock as the processes' files. */
export class ClientTrace {
  lines = [];
  mark(id, stage, at = wallNow()) {
    this.lines.push(`${id} client.${stage} ${at.toFixed(3)}`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)];
};

/**
 * Reads the marks of `ids` (the processes' lines, read by the stack's stop(), and the client's) and returns the
 * stages in order of their median offset from `client.<origin>`, each with
 * that offset and the median step from the previous stage (computed per run).
 */
export function breakdown(processLines, client, ids, origin = "client.send") {
  const wanted = new Set(ids);
  const byId = new Map();
  for (const line of [...client.lines, ...processLines]) {
    const [id, stage, at] = line.split(" ");
    if (!wanted.has(id)) continue;
    if (!byId.has(id)) byId.set(id, new Map());
    const marks = byId.get(id);
    if (!marks.has(stage)) marks.set(stage, Number(at)); // the first time a run reached the stage
  }
  const offsets = new Map();
  for (const marks of byId.values()) {
    const t0 = marks.get(origin);
    if (t0 === undefined) continue;
    for (const [stage, at] of marks) {
      if (!offsets.has(stage)) offsets.set(stage, []);
      offsets.get(stage).push(at - t0);
    }
  }
  const order = [...offsets.entries()].map(([stage, xs]) => ({ stage, at: median(xs), n: xs.length }));
  order.sort((a, b) => a.at - b.at);
  // The step from the previous stage, per run, then its median.
  return order.map((s, i) => {
    const prev = order[i - 1]?.stage;
    const steps = [];
    if (prev)
      for (const marks of byId.values())
        if (marks.has(prev) && marks.has(s.stage)) steps.push(marks.get(s.stage) - marks.get(prev));
    return { ...s, step: prev ? median(steps) : 0 };
  });
}

/** Prints breakdown() as a table. */
export function printBreakdown(title, rows) {
  console.log(`  ${title} (median per run, from recorded timestamps):`);
  console.log(`    ${"stage".padEnd(34)} ${"at".padStart(9)}   ${"step".padStart(9)}`);
  for (const r of rows)
    console.log(
      `    ${r.stage.padEnd(34)} ${r.at.toFixed(2).padStart(6)} ms   ${r.step.toFixed(2).padStart(6)} ms${r.n < rows[0].n ? `   (n=${r.n})` : ""}`,
    );
}
