// Statistics (seed 003's MakeStatisticsJob): an hourly aggregation chunk
// step over the week's bookings, then the daily and the weekly report built
// at the same time by two tasklets in a split: they read the same hourly
// table and do not depend on each other.
//
//   node statistics.mjs [--date=2026-11-23] [--data-dir=DIR]
//
// The week is the seven days ending on --date. Reports go to DIR/reports.
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chunk, jobParameters, parallel, runJob, tasklet } from "../sdk/dist/index.js";
import { addDays, gymOptions, openGym } from "./lib/gym.mjs";

const parameters = jobParameters(process.argv.slice(2));
const { date, dataDir } = gymOptions(parameters);
const from = addDays(date, -6);
const gym = openGym(dataDir);
const inWeek = (timestamp) => timestamp.slice(0, 10) >= from && timestamp.slice(0, 10) <= date;

const hourly = chunk("hourly-statistics", {
  reader: {
    // A fresh run (not a restart) starts the week's hourly rows from zero, so running the job twice counts once.
    open({ offset }) {
      if (offset === 0) {
        gym.transaction((db) =>
          db.write(
            "statistics",
            db.read("statistics").filter((s) => !inWeek(s.statisticsAt)),
          ),
        );
      }
      const week = gym
        .read("bookings")
        .filter((b) => inWeek(b.startedAt))
        .sort((a, b) => a.bookingSeq - b.bookingSeq);
      return week.slice(offset);
    },
  },
  // Classes still to come say nothing yet.
  processor: (booking) => (booking.status === "READY" ? null : booking),
  writer(bookings) {
    gym.transaction((db) => {
      const rows = new Map(db.read("statistics").map((s) => [s.statisticsAt, s]));
      for (const b of bookings) {
        const at = `${b.startedAt.slice(0, 13)}:00`;
        const row = rows.get(at) ?? { statisticsAt: at, allCount: 0, attendedCount: 0, cancelledCount: 0 };
        row.allCount++;
        if (b.attended) row.attendedCount++;
        if (b.status === "CANCELLED") row.cancelledCount++;
        rows.set(at, row);
      }
      db.write(
        "statistics",
        [...rows.values()].sort((a, b) => a.statisticsAt.localeCompare(b.statisticsAt)),
      );
    });
  },
  commitInterval: 20,
});

const weekRows = () => gym.read("statistics").filter((s) => inWeek(s.statisticsAt));

/** Sums rows by a key into CSV lines. */
function csv(header, rows, keyOf) {
  const sums = new Map();
  for (const r of rows) {
    const key = keyOf(r);
    const s = sums.get(key) ?? { all: 0, attended: 0, cancelled: 0 };
    s.all += r.allCount;
    s.attended += r.attendedCount;
    s.cancelled += r.cancelledCount;
    sums.set(key, s);
  }
  const lines = [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, s]) => `${key},${s.all},${s.attended},${s.cancelled}`);
  return { text: `${header},bookings,attended,cancelled\n${lines.join("\n")}\n`, lines: lines.length };
}

/** Writes a report whole or not at all, without blocking the other branch of the split. */
async function publish(file, text) {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

const daily = tasklet("daily-report", async (ctx) => {
  const rows = weekRows();
  const report = csv("day", rows, (r) => r.statisticsAt.slice(0, 10));
  const file = join(gym.outputDir("reports"), `daily-${date}.csv`);
  await publish(file, report.text);
  ctx.counters.read = rows.length;
  ctx.counters.write = report.lines;
  ctx.log(`wrote ${file}`);
});

const weekly = tasklet("weekly-report", async (ctx) => {
  const rows = weekRows();
  const report = csv("class hour", rows, (r) => r.statisticsAt.slice(11));
  const file = join(gym.outputDir("reports"), `weekly-${date}.csv`);
  await publish(file, report.text);
  ctx.counters.read = rows.length;
  ctx.counters.write = report.lines;
  ctx.log(`wrote ${file}`);
});

console.log(`Statistics for ${from} to ${date} (data in ${dataDir})`);
await runJob("statistics", [hourly, parallel("reports", [daily, weekly])]);
