import { describe, expect, it } from "vitest";
import { BatonError } from "../errors.js";
import {
  checkMisfire,
  checkOverlap,
  MISFIRE_POLICIES,
  type MisfirePolicy,
  OVERLAP_POLICIES,
  overlapAction,
  planDueFires,
} from "./misfire.js";

const NOW = new Date("2026-05-01T12:00:00Z");
const GRACE = 60_000;
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const SKIP_REASON = "missed while no control plane was up (misfire policy SKIP)";
const RUN_ALL_REASON = "missed fire time run late (misfire policy RUN_ALL)";

const plan = (due: Date[], policy: MisfirePolicy, extra: { runAllCap?: number; earlierOmitted?: boolean } = {}) =>
  planDueFires({ due, now: NOW, graceMs: GRACE, policy, runAllCap: extra.runAllCap ?? 10, ...extra });

const brief = (p: ReturnType<typeof planDueFires>) =>
  p.map((f) => ({ at: f.scheduledAt.toISOString(), run: f.run, reason: f.reason }));

describe("planDueFires", () => {
  it("runs fire times within the grace, whatever the policy", () => {
    const due = [minutesAgo(1), minutesAgo(0.5), NOW];
    for (const policy of MISFIRE_POLICIES) {
      expect(brief(plan(due, policy)), policy).toEqual(
        due.map((t) => ({ at: t.toISOString(), run: true, reason: null })),
      );
    }
  });

  it("treats exactly graceMs late as on time and one millisecond more as a misfire", () => {
    const edge = new Date(NOW.getTime() - GRACE);
    const late = new Date(NOW.getTime() - GRACE - 1);
    expect(brief(plan([late, edge], "SKIP"))).toEqual([
      { at: late.toISOString(), run: false, reason: SKIP_REASON },
      { at: edge.toISOString(), run: true, reason: null },
    ]);
  });

  it("is empty for nothing due", () => {
    expect(plan([], "RUN_ONCE")).toEqual([]);
  });

  it("SKIP: no misfire runs", () => {
    const due = [minutesAgo(30), minutesAgo(20), minutesAgo(10)];
    expect(brief(plan(due, "SKIP"))).toEqual(
      due.map((t) => ({ at: t.toISOString(), run: false, reason: SKIP_REASON })),
    );
  });

  it("SKIP: says earlier ones were not listed, on the earliest", () => {
    const due = [minutesAgo(30), minutesAgo(20)];
    expect(plan(due, "SKIP", { earlierOmitted: true }).map((f) => f.reason)).toEqual([
      `${SKIP_REASON} and earlier ones not listed`,
      SKIP_REASON,
    ]);
  });

  it("RUN_ONCE with 3 missed and 1 on time: the latest misfire and the on-time one run", () => {
    const due = [minutesAgo(30), minutesAgo(20), minutesAgo(10), minutesAgo(0)];
    const latest = minutesAgo(10).toISOString();
    expect(brief(plan(due, "RUN_ONCE"))).toEqual([
      {
        at: minutesAgo(30).toISOString(),
        run: false,
        reason: `covered by the run for ${latest} (misfire policy RUN_ONCE)`,
      },
      {
        at: minutesAgo(20).toISOString(),
        run: false,
        reason: `covered by the run for ${latest} (misfire policy RUN_ONCE)`,
      },
      {
        at: latest,
        run: true,
        reason: `one run for 3 missed fire times from ${minutesAgo(30).toISOString()} to ${latest}`,
      },
      { at: NOW.toISOString(), run: true, reason: null },
    ]);
  });

  it("RUN_ONCE: one misfire, and earlier ones not listed", () => {
    const one = minutesAgo(5).toISOString();
    expect(brief(plan([minutesAgo(5)], "RUN_ONCE"))).toEqual([
      { at: one, run: true, reason: `one run for 1 missed fire time at ${one}` },
    ]);
    const p = plan([minutesAgo(20), minutesAgo(5)], "RUN_ONCE", { earlierOmitted: true });
    expect(p.map((f) => f.run)).toEqual([false, true]);
    expect(p[1]?.reason).toBe(
      `one run for 2 missed fire times from ${minutesAgo(20).toISOString()} to ${one} and earlier ones not listed`,
    );
    expect(p[0]?.reason).toBe(`covered by the run for ${one} (misfire policy RUN_ONCE)`);
  });

  it("RUN_ALL runs the latest `runAllCap` misfires and refuses the earlier ones", () => {
    const due = [minutesAgo(50), minutesAgo(40), minutesAgo(30), minutesAgo(20), minutesAgo(10), NOW];
    expect(brief(plan(due, "RUN_ALL", { runAllCap: 3 }))).toEqual([
      { at: minutesAgo(50).toISOString(), run: false, reason: "beyond the RUN_ALL cap of 3 runs" },
      { at: minutesAgo(40).toISOString(), run: false, reason: "beyond the RUN_ALL cap of 3 runs" },
      { at: minutesAgo(30).toISOString(), run: true, reason: RUN_ALL_REASON },
      { at: minutesAgo(20).toISOString(), run: true, reason: RUN_ALL_REASON },
      { at: minutesAgo(10).toISOString(), run: true, reason: RUN_ALL_REASON },
      { at: NOW.toISOString(), run: true, reason: null },
    ]);
  });

  it("RUN_ALL under the cap runs every misfire; a cap of 1 or 0", () => {
    const due = [minutesAgo(30), minutesAgo(20)];
    expect(plan(due, "RUN_ALL", { runAllCap: 5 }).every((f) => f.run && f.reason === RUN_ALL_REASON)).toBe(true);
    expect(brief(plan(due, "RUN_ALL", { runAllCap: 1 }))).toEqual([
      { at: minutesAgo(30).toISOString(), run: false, reason: "beyond the RUN_ALL cap of 1 run" },
      { at: minutesAgo(20).toISOString(), run: true, reason: RUN_ALL_REASON },
    ]);
    expect(plan([...due, NOW], "RUN_ALL", { runAllCap: 0 }).map((f) => f.run)).toEqual([false, false, true]);
  });

  it("answers in ascending order, one entry per due time, even from unsorted input", () => {
    const due = [minutesAgo(10), NOW, minutesAgo(30), minutesAgo(20)];
    const p = plan(due, "RUN_ONCE");
    expect(p.map((f) => f.scheduledAt.getTime())).toEqual(
      [minutesAgo(30), minutesAgo(20), minutesAgo(10), NOW].map((d) => d.getTime()),
    );
    expect(p.map((f) => f.run)).toEqual([false, false, true, true]);
  });

  it("refuses inputs that break its contract", () => {
    const future = new Date(NOW.getTime() + 1);
    expect(() => plan([future], "SKIP")).toThrow(/after now/);
    expect(() => planDueFires({ due: [], now: NOW, graceMs: -1, policy: "SKIP", runAllCap: 1 })).toThrow(/graceMs/);
    expect(() => planDueFires({ due: [], now: NOW, graceMs: 0, policy: "SKIP", runAllCap: -1 })).toThrow(/runAllCap/);
    expect(() =>
      planDueFires({ due: [], now: NOW, graceMs: 0, policy: "LATER" as MisfirePolicy, runAllCap: 1 }),
    ).toThrow(/unknown misfire policy/);
  });
});

describe("overlap", () => {
  it("starts when nothing is active, and otherwise does what the policy says", () => {
    for (const policy of OVERLAP_POLICIES) expect(overlapAction(policy, false)).toBe("START");
    expect(overlapAction("ALLOW", true)).toBe("START");
    expect(overlapAction("SKIP", true)).toBe("SKIP");
    expect(overlapAction("QUEUE", true)).toBe("WAIT");
  });
});

describe("checkOverlap and checkMisfire", () => {
  it("default to ALLOW and RUN_ONCE", () => {
    for (const v of [null, undefined, "", "  "]) {
      expect(checkOverlap(v)).toBe("ALLOW");
      expect(checkMisfire(v)).toBe("RUN_ONCE");
    }
  });

  it("accept every choice, in any case", () => {
    for (const p of OVERLAP_POLICIES) expect(checkOverlap(p)).toBe(p);
    for (const p of MISFIRE_POLICIES) expect(checkMisfire(p)).toBe(p);
    expect(checkOverlap(" queue ")).toBe("QUEUE");
    expect(checkMisfire("run-all")).toBe("RUN_ALL");
  });

  it("refuse anything else, listing the choices", () => {
    let err: unknown;
    try {
      checkOverlap("PARALLEL");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).code).toBe("BAD_USER_INPUT");
    expect((err as BatonError).message).toBe(
      'Unknown overlap policy "PARALLEL"; use ALLOW (start another run), SKIP (skip the fire time) or QUEUE (start when the active run ends).',
    );
    expect(() => checkMisfire("ALWAYS")).toThrow(
      'Unknown misfire policy "ALWAYS"; use SKIP (run none of the missed fire times), RUN_ONCE (one run for all of them) or RUN_ALL (a run for each, up to a cap).',
    );
  });

  it("expose frozen lists", () => {
    expect(MISFIRE_POLICIES).toEqual(["SKIP", "RUN_ONCE", "RUN_ALL"]);
    expect(OVERLAP_POLICIES).toEqual(["ALLOW", "SKIP", "QUEUE"]);
    expect(Object.isFrozen(MISFIRE_POLICIES) && Object.isFrozen(OVERLAP_POLICIES)).toBe(true);
  });
});
