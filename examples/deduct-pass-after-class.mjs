// Deduct a pass after class (seed 003's UsePassesJob): one chunk step with
// an async processor. For each attended class not yet charged, the
// processor asks the pass service what to deduct (slow: it is a remote
// call, so eight run at once); the writer takes one class off each counted
// pass and marks the bookings as charged, in one commit per chunk.
//
//   node deduct-pass-after-class.mjs [--date=2026-11-23] [--data-dir=DIR]
import { asyncProcessor, chunk, jobParameters, runJob } from "../sdk/dist/index.js";
import { gymOptions, openGym } from "./lib/gym.mjs";

class PassUsedUpError extends Error {}

const parameters = jobParameters(process.argv.slice(2));
const { date, dataDir } = gymOptions(parameters);
const gym = openGym(dataDir);

let lastBookingSeq = 0;
const reader = {
  open({ state }) {
    lastBookingSeq = state?.lastBookingSeq ?? 0;
    const due = gym
      .read("bookings")
      .filter(
        (b) =>
          b.status === "COMPLETED" &&
          b.attended &&
          !b.usedPass &&
          b.endedAt <= `${date}T23:59` &&
          b.bookingSeq > lastBookingSeq,
      )
      .sort((a, b) => a.bookingSeq - b.bookingSeq);
    return (function* () {
      for (const booking of due) {
        lastBookingSeq = booking.bookingSeq;
        yield booking;
      }
    })();
  },
  state: () => ({ lastBookingSeq }),
};

/** The "pass service": a remote lookup of what a class costs on a pass. */
async function askPassService(booking) {
  await new Promise((resolve) => setTimeout(resolve, 2 + (booking.bookingSeq % 3) * 4));
  const pass = gym.read("passes").find((p) => p.passSeq === booking.passSeq);
  if (!pass) throw new Error(`booking ${booking.bookingSeq} names pass ${booking.passSeq}, which does not exist`);
  return pass;
}

const usePasses = chunk("use-passes", {
  reader,
  processor: asyncProcessor(
    async (booking) => {
      const pass = await askPassService(booking);
      // An unlimited pass (the gym membership) is charged nothing: the booking is only marked.
      if (pass.remainingCount === null) return { bookingSeq: booking.bookingSeq, passSeq: null };
      if (pass.remainingCount <= 0) {
        throw new PassUsedUpError(`pass ${pass.passSeq} of ${booking.userId} has no classes left`);
      }
      return { bookingSeq: booking.bookingSeq, passSeq: pass.passSeq };
    },
    { concurrency: 8 },
  ),
  writer(charges) {
    gym.transaction((db) => {
      const perPass = new Map();
      for (const c of charges) if (c.passSeq !== null) perPass.set(c.passSeq, (perPass.get(c.passSeq) ?? 0) + 1);
      const charged = new Set(charges.map((c) => c.bookingSeq));
      db.write(
        "passes",
        db
          .read("passes")
          .map((p) =>
            perPass.has(p.passSeq)
              ? { ...p, remainingCount: Math.max(0, p.remainingCount - perPass.get(p.passSeq)), status: "PROGRESSED" }
              : p,
          ),
      );
      db.write(
        "bookings",
        db.read("bookings").map((b) => (charged.has(b.bookingSeq) ? { ...b, usedPass: true } : b)),
      );
    });
  },
  commitInterval: 20,
  skipLimit: 20,
  isSkippable: (err) => err instanceof PassUsedUpError,
});

console.log(`Deducting passes for the classes attended up to ${date} (data in ${dataDir})`);
await runJob("deduct-pass-after-class", [usePasses]);
