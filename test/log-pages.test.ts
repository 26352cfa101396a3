import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnv, type TestEnv } from "./support/env.js";
import { defineTask, launch, untilStatus } from "./support/flows.js";

// `logs(after:, first:)`: a run's whole log page by page, however long (the console's download pages through it).

type Line = { seq: number; stream: string; text: string; at: string };
const LINES = 25_000;

describe("a log read page by page", () => {
  let env: TestEnv;
  let id: string;
  beforeAll(async () => {
    env = await startEnv({ runners: 1 });
    // Lines on both streams, with step lines (events that are not log lines) between them.
    const loud = env.script(
      "pages.mjs",
      `const out = [];
for (let i = 1; i <= ${LINES}; i++) {
  out.push("line " + i);
  if (i % 5000 === 0) out.push("::baton::" + JSON.stringify({ v: 1, type: "step", step: "s" + i, status: "COMPLETED", read: i }));
}
process.stdout.write(out.join("\\n") + "\\n");
process.stderr.write("the end, on stderr\\n");
`,
    );
    await defineTask(env.api[0]!, "pages", loud);
    id = (await launch(env.api[0]!, "pages")).id;
    await untilStatus(env.api[0]!, id, ["COMPLETED"]);
  });
  afterAll(() => env?.stop());

  const page = async (after: number, first?: number) =>
    (
      await env.api[0]!.ok<{ execution: { logs: Line[] } }>(
        `query($id: ID!, $after: Int!, $first: Int) { execution(id: $id) { logs(after: $after, first: $first) { seq stream text at } } }`,
        { id, after, first },
      )
    ).execution.logs;

  it("gives every line once, in order, across pages, and an empty page at the end", async () => {
    const all: Line[] = [];
    let pages = 0;
    for (let after = 0; ; pages++) {
      const lines = await page(after, 10_000);
      if (lines.length === 0) break;
      expect(lines.length).toBeLessThanOrEqual(10_000);
      all.push(...lines);
      after = lines.at(-1)!.seq;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    const stdout = all.filter((l) => l.stream === "stdout").map((l) => l.text);
    expect(stdout).toEqual(Array.from({ length: LINES }, (_, i) => `line ${i + 1}`));
    expect(all.filter((l) => l.stream === "stderr").map((l) => l.text)).toEqual(["the end, on stderr"]);
    const seqs = all.map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The same lines as the last-lines form of the field.
    const { execution } = await env.api[0]!.ok<{ execution: { logs: Line[] } }>(
      `query($id: ID!) { execution(id: $id) { logs(tail: 3) { seq text } } }`,
      { id },
    );
    expect(execution.logs.map((l) => l.seq)).toEqual(seqs.slice(-3));
  });

  it("goes past a window that holds only a step event", async () => {
    // "line 5000" is followed by a step line: a step event, not a log line. A one-seq page after
    // "line 5000" covers just that event; the next page's line must still come, not an empty page.
    const first = await page(0, 10_000);
    const line5000 = first.find((l) => l.text === "line 5000")!;
    const line5001 = first.find((l) => l.text === "line 5001")!;
    expect(line5001.seq).toBe(line5000.seq + 2);
    const next = await page(line5000.seq, 1);
    expect(next.map((l) => l.text)).toEqual(["line 5001"]);
  });

  it.each([
    ["tail and after together", `logs(tail: 1, after: 0)`, /tail.*after.*not both/],
    ["a negative after", `logs(after: -1)`, /after must be/],
    ["first of 0", `logs(after: 0, first: 0)`, /first must be a whole number from 1 to 10000/],
    ["first past 10,000", `logs(after: 0, first: 10001)`, /first must be/],
  ])("refuses %s with a typed error", async (_name, field, message) => {
    const r = await env.api[0]!.request(`query($id: ID!) { execution(id: $id) { ${field} { seq } } }`, { id });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(message);
  });
});
