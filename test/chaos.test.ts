import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ChaosFacts, classify, type DbExecution, type RunnerDeath } from "../chaos/classify.js";
import { type ChaosResult, runChaos } from "../chaos/harness.js";
import { parseLedger, taskScript } from "../chaos/ledger.js";
import { DEFAULTS, parseOptions, prng } from "../chaos/options.js";

const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..");

// ---------------------------------------------------------------------------
// The verdicts, on hand-made facts: each check must be able to fail.
// ---------------------------------------------------------------------------

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function row(n: number, status: string, extra: Partial<DbExecution> = {}): DbExecution {
  const statuses =
    status === "QUEUED" ? ["QUEUED"] : status === "RUNNING" ? ["QUEUED", "RUNNING"] : ["QUEUED", "RUNNING", status];
  return {
    id: id(n),
    idempotencyKey: `k${n}`,
    status,
    runnerId: "runner1",
    startedAt: 1000 + n,
    claimedAt: null,
    statuses,
    ...extra,
  };
}

function facts(rows: DbExecution[], ledgerText: string, deaths: RunnerDeath[] = [], keys?: string[]): ChaosFacts {
  const allKeys = keys ?? rows.map((r) => r.idempotencyKey as string);
  return {
    keys: allKeys,
    accepted: new Map(rows.map((r) => [r.idempotencyKey as string, r.id])),
    executions: rows,
    ledger: parseLedger(ledgerText),
    runnerDeaths: deaths,
    seenHeld: new Map(),
  };
}

const ran = (n: number, start: number, end?: number, pid = 100 + n) =>
  `start ${id(n)} ${pid} ${start}\n${end === undefined ? "" : `end ${id(n)} ${pid} ${end}\n`}`;

describe("chaos verdicts", () => {
  it("passes runs that each ran once and ended", () => {
    const v = classify(facts([row(1, "COMPLETED"), row(2, "FAILED")], ran(1, 1001, 1500) + ran(2, 1002, 1600)));
    expect(v.failures).toEqual([]);
    expect(v.counts).toMatchObject({ accepted: 2, completed: 1, otherTerminal: { FAILED: 1 }, lost: 0 });
  });

  it("counts a run with two start lines as executed twice", () => {
    const v = classify(facts([row(1, "COMPLETED")], ran(1, 1001, 1500) + ran(1, 1700, 1900, 999)));
    expect(v.problems.twice).toEqual([id(1)]);
    expect(v.failures).toEqual(["1 runs executed more than once"]);
  });

  it("tells vanished (never ran) from stuck (ran, never ended)", () => {
    const v = classify(facts([row(1, "QUEUED"), row(2, "RUNNING")], ran(2, 1002)));
    expect(v.problems.vanished).toEqual([id(1)]);
    expect(v.problems.stuck).toEqual([id(2)]);
  });

  it("counts an accepted run missing from the database as vanished", () => {
    const f = facts([], "", [], ["k1"]);
    f.accepted.set("k1", id(1));
    expect(classify(f).problems.vanished).toEqual([id(1)]);
  });

  it("counts an intended run never accepted, without failing on it", () => {
    const v = classify(facts([], "", [], ["k1"]));
    expect(v.problems.unaccepted).toEqual(["k1"]);
    expect(v.counts.notAccepted).toBe(1);
    expect(v.failures).toEqual([]);
  });

  it("accepts LOST only for a run its runner held when it was killed", () => {
    const held = row(1, "LOST", { startedAt: 1500 });
    const claimedAfterRestart = row(2, "LOST", { startedAt: 3000 });
    const otherRunner = row(3, "LOST", { runnerId: "runner2", startedAt: 1500 });
    const inSnapshot = row(4, "LOST", { startedAt: null });
    // Claimed after the kill but before the successor started: the dead process's claim was in flight.
    const claimInFlight = row(5, "LOST", { startedAt: null, claimedAt: 2200 });
    const claimedByNobody = row(6, "LOST", { runnerId: "runner1", startedAt: null });
    const deaths: RunnerDeath[] = [{ runnerId: "runner1", at: 2000, cause: "kill", held: [id(4)], restartedAt: 2500 }];
    const v = classify(
      facts(
        [held, claimedAfterRestart, otherRunner, inSnapshot, claimInFlight, claimedByNobody],
        ran(1, 1500) + ran(2, 3000) + ran(3, 1500),
        deaths,
      ),
    );
    expect(v.counts.lost).toBe(6);
    expect(v.counts.trueLost).toBe(3);
    expect(v.problems.falseLost.sort()).toEqual([id(2), id(3), id(6)]);
  });

  it("flags a LOST run whose program went on after its runner was killed", () => {
    const deaths: RunnerDeath[] = [{ runnerId: "runner1", at: 2000, cause: "kill", held: [id(1), id(2)] }];
    // Run 2 wrote its end line within the margin of the kill: a race, not a survivor.
    const v = classify(facts([row(1, "LOST"), row(2, "LOST")], ran(1, 1500, 2600) + ran(2, 1500, 2050), deaths));
    expect(v.problems.outlived).toEqual([id(1)]);
    expect(v.counts.trueLost).toBe(2);
  });

  it("flags a terminal status that was followed by another", () => {
    const v = classify(
      facts([row(1, "COMPLETED", { statuses: ["QUEUED", "RUNNING", "LOST", "COMPLETED"] })], ran(1, 1001, 1500)),
    );
    expect(v.problems.overturned).toEqual([id(1)]);
  });

  it("flags a COMPLETED run that never started, and a run nobody launched", () => {
    const v = classify(facts([row(1, "COMPLETED")], ran(7, 1001, 1500)));
    expect(v.problems.phantom).toEqual([id(1)]);
    expect(v.problems.mismatched).toHaveLength(1);
  });

  it("reports torn ledger lines", () => {
    const ledger = parseLedger(`${ran(1, 1, 2)}start ${id(2)} 12`);
    expect(ledger.malformed).toEqual([`start ${id(2)} 12`]);
    expect(classify(facts([row(1, "COMPLETED")], `${ran(1, 1001, 1500)}garbage\n`)).failures).toEqual([
      "1 malformed ledger lines",
    ]);
  });
});

describe("chaos task program and options", () => {
  it("writes a start and an end line with its execution id, pid and time", () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-chaos-task-"));
    try {
      const ledger = join(dir, "it's ledger");
      writeFileSync(join(dir, "task"), taskScript(ledger), { mode: 0o755 });
      const before = Date.now();
      execFileSync(join(dir, "task"), ["0.05"], { env: { PATH: process.env.PATH, BATON_EXECUTION_ID: id(5) } });
      const parsed = parseLedger(readFileSync(ledger, "utf8"));
      expect(parsed.malformed).toEqual([]);
      const entry = parsed.runs.get(id(5));
      expect(entry?.starts).toHaveLength(1);
      expect(entry?.ends).toHaveLength(1);
      expect(entry?.starts[0]?.at).toBeGreaterThanOrEqual(before - 5);
      expect(entry?.ends[0]?.at).toBeGreaterThanOrEqual((entry?.starts[0]?.at ?? 0) + 50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads flags over the environment over the defaults, and refuses what it does not know", () => {
    const o = parseOptions(["--runs", "60", "--faults=runner,nats", "--seed", "7"], {
      CHAOS_RUNS: "9",
      CHAOS_RATE: "4",
    });
    expect(o).toMatchObject({ runs: 60, rate: 4, seed: 7, faults: ["runner", "nats"] });
    expect(parseOptions([], {}).runs).toBe(DEFAULTS.runs);
    expect(() => parseOptions(["--faults", "disk"], {})).toThrow(/unknown fault "disk"/);
    expect(() => parseOptions(["--runz", "1"], {})).toThrow(/unknown option --runz/);
    expect(() => parseOptions(["--runs", "0"], {})).toThrow(/positive integer/);
    expect(prng(7)()).toBe(prng(7)());
    expect(prng(7)()).not.toBe(prng(8)());
  });
});

// ---------------------------------------------------------------------------
// The short chaos run: real processes, one SIGKILL of each kind.
// ---------------------------------------------------------------------------

describe("chaos, short version", () => {
  const abort = new AbortController();
  let running: Promise<ChaosResult> | undefined;
  afterAll(async () => {
    // On a timeout or a failure, stop launching and killing; runChaos stops every process and removes its folder.
    abort.abort();
    await running?.catch(() => undefined);
  });

  it("loses nothing, runs nothing twice and calls LOST only what a killed runner held", async () => {
    const options = parseOptions(
      [],
      { CHAOS_SEED: process.env.CHAOS_SEED },
      {
        ...DEFAULTS,
        runs: 60,
        rate: 3,
        killsPerKind: 1,
        // Early in the launch window, so the kills land while runs are launched even when restarts are slow.
        faultSpan: [0.05, 0.5],
        launchDeadlineMs: 45_000,
        settleMs: 60_000,
      },
    );
    const lines: string[] = [];
    running = runChaos(options, {
      log: (l) => lines.push(l),
      signal: abort.signal,
      saveTo: join(repoRoot, "test-output", "chaos-short"),
    });
    const result = await running;
    mkdirSync(join(repoRoot, "test-output"), { recursive: true });
    writeFileSync(join(repoRoot, "test-output", "chaos-short.txt"), `${lines.join("\n")}\n${result.report}`);
    console.log(result.report);

    const c = result.classification.counts;
    expect(
      result.faults
        .filter((f) => f.kind !== "crash")
        .map((f) => f.kind)
        .sort(),
    ).toEqual([...options.faults].sort());
    for (const f of result.faults) expect(f.restartError, `${f.target} restarted`).toBeUndefined();
    expect(c.accepted, result.report).toBeGreaterThan(0);
    expect(c.stuck, result.report).toBe(0);
    expect(c.twice, result.report).toBe(0);
    expect(c.vanished, result.report).toBe(0);
    expect(c.falseLost, result.report).toBe(0);
    expect(
      result.faults.filter((f) => f.kind === "crash"),
      result.report,
    ).toEqual([]);
    expect(result.classification.failures, result.report).toEqual([]);
  }, 300_000);
});
