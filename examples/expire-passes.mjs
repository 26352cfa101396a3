// Expire passes (seed 003's ExpirePassesJob): one chunk step. The reader
// reads the passes whose end date has passed or whose classes are used up,
// the processor leaves out passes on hold, and the writer marks the rest
// EXPIRED, ten per commit.
//
//   node expire-passes.mjs [--date=2026-11-23] [--data-dir=DIR] [--fail-at-chunk=N]
//
// --fail-at-chunk=N makes the writer fail at chunk N, once: a first run
// fails there, and restartExecution resumes after the last committed chunk.
import { chunk, jobParameters, runJob } from "../sdk/dist/index.js";
import { gymOptions, intOption, isValidDate, openGym } from "./lib/gym.mjs";

class InvalidPassError extends Error {}

const parameters = jobParameters(process.argv.slice(2));
const { date, dataDir } = gymOptions(parameters);
const failAtChunk = intOption(parameters, "fail-at-chunk", 0);
const gym = openGym(dataDir);

// The reader remembers the last pass it handed out; the SDK saves that with
// each commit, so a restart reads on from there (passes already expired no
// longer match the query, so skipping a count of rows would skip the wrong ones).
let lastPassSeq = 0;
const reader = {
  open({ state }) {
    lastPassSeq = state?.lastPassSeq ?? 0;
    const due = gym
      .read("passes")
      .filter(
        (p) =>
          (p.status === "READY" || p.status === "PROGRESSED") &&
          p.passSeq > lastPassSeq &&
          (!isValidDate(p.endedAt) || p.endedAt < date || p.remainingCount === 0),
      )
      .sort((a, b) => a.passSeq - b.passSeq);
    return (function* () {
      for (const pass of due) {
        lastPassSeq = pass.passSeq;
        yield pass;
      }
    })();
  },
  state: () => ({ lastPassSeq }),
};

const expire = chunk("expire-passes", {
  reader,
  processor(pass) {
    if (!isValidDate(pass.endedAt)) {
      throw new InvalidPassError(`pass ${pass.passSeq} has no usable end date (${pass.endedAt})`);
    }
    // On hold (a medical pause): it expires when the hold ends, not now.
    if (pass.holdUntil && pass.holdUntil >= date) return null;
    return { passSeq: pass.passSeq, reason: pass.remainingCount === 0 ? "USED_UP" : "ENDED" };
  },
  writer(expired, ctx) {
    if (ctx.chunk === failAtChunk && !ctx.job.restartOf) {
      throw new Error(`lost the database connection while writing chunk ${ctx.chunk} (--fail-at-chunk)`);
    }
    gym.transaction((db) => {
      const ids = new Set(expired.map((e) => e.passSeq));
      const passes = db.read("passes");
      for (const pass of passes) {
        if (ids.has(pass.passSeq)) Object.assign(pass, { status: "EXPIRED", expiredAt: date });
      }
      db.write("passes", passes);
    });
  },
  commitInterval: 10,
  skipLimit: 5,
  isSkippable: (err) => err instanceof InvalidPassError,
});

console.log(`Expiring passes that ended before ${date} (data in ${dataDir})`);
await runJob("expire-passes", [expire], {
  afterJob(result) {
    const c = result.steps[0]?.counters;
    if (c) console.log(`${c.write} passes expired, ${c.filter} on hold, ${c.skip} unreadable rows skipped`);
  },
});
