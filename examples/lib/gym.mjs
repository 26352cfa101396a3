// The gym's pass service (seed 003) as a tiny JSON-file database, so the
// example jobs run anywhere without one. Each table is one JSON file under
// <data dir>/db, replaced atomically (write a temp file, rename it), which
// is what makes a chunk's write a commit: it happens entirely or not at all.
//
// The data set is generated on first use, deterministically (no randomness),
// around the reference date 2026-11-23, so every run of a job over a fresh
// data dir gives the same counters.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REFERENCE_DATE = "2026-11-23";
export const MEMBERS = 60;

/**
 * The options every gym job shares: `--date=YYYY-MM-DD` (default 2026-11-23,
 * the data set's "today") and `--data-dir=` (default $TMPDIR/baton-gym).
 * A bad value ends the process with code 2 before any step runs.
 */
export function gymOptions(parameters) {
  const date = parameters.date ?? REFERENCE_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    usage(`--date must be YYYY-MM-DD; got ${date}`);
  return { date, dataDir: parameters["data-dir"] ?? join(tmpdir(), "baton-gym") };
}

/** A whole number from an argument, or the default. */
export function intOption(parameters, name, fallback) {
  const text = parameters[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) usage(`--${name} must be a whole number; got ${text}`);
  return n;
}

function usage(message) {
  console.error(message);
  process.exit(2);
}

/** Opens the data dir, creating the data set if it is not there yet. */
export function openGym(dataDir) {
  const db = join(dataDir, "db");
  if (!existsSync(db)) seed(dataDir, db);
  const file = (table) => join(db, `${table}.json`);
  return {
    dir: dataDir,
    read: (table) => (existsSync(file(table)) ? JSON.parse(readFileSync(file(table), "utf8")) : []),
    write: (table, rows) => writeAtomically(file(table), `${JSON.stringify(rows, null, 1)}\n`),
    /**
     * Read-modify-write under the data set's lock, so two jobs updating one
     * table at once (a nightly expiry and a deduction run) do not lose each
     * other's changes, as row locks would ensure in a real database.
     */
    transaction(fn) {
      const release = lock(join(db, ".lock"));
      try {
        return fn(this);
      } finally {
        release();
      }
    },
    /** A directory for the jobs' output files (reports, exports), created on demand. */
    outputDir(name) {
      const dir = join(dataDir, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}

export function writeAtomically(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** mkdir is atomic: whoever creates the directory holds the lock. One left by a killed job is taken over after 10 s. */
function lock(path) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    try {
      if (Date.now() - statSync(path).mtimeMs > 10_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Released meanwhile.
    }
    if (Date.now() > deadline) throw new Error(`the data set is locked (${path}); remove it if no job is running`);
    Atomics.wait(pause, 0, 0, 5);
  }
}

/** YYYY-MM-DD plus n days. */
export function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Timestamps are local wall-clock strings (2026-11-23T20:00), compared as text, like a DATETIME column. */
export function addMinutes(timestamp, n) {
  const d = new Date(`${timestamp}:00Z`);
  d.setUTCMinutes(d.getUTCMinutes() + n);
  return d.toISOString().slice(0, 16);
}

export const isValidDate = (text) => typeof text === "string" && !Number.isNaN(Date.parse(text));

/** Two jobs may open a fresh dir at once: the data set is built aside and renamed into place; the loser drops its copy. */
function seed(dataDir, db) {
  mkdirSync(dataDir, { recursive: true });
  const staging = `${db}.${process.pid}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  for (const [table, rows] of Object.entries(generate())) {
    writeFileSync(join(staging, `${table}.json`), `${JSON.stringify(rows, null, 1)}\n`);
  }
  try {
    renameSync(staging, db);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(db)) throw err;
  }
}

const pad = (n, width) => String(n).padStart(width, "0");
export const userId = (i) => `U${pad(i, 3)}`;

const CLASSES = [
  { time: "07:00", name: "Morning PT", package: "PT" },
  { time: "12:00", name: "Lunch open gym", package: "GYM" },
  { time: "20:00", name: "Evening PT", package: "PT" },
];

function generate() {
  const packages = [
    { packageSeq: 1, packageName: "PT 10 sessions, 2 months", count: 10, period: 60 },
    { packageSeq: 2, packageName: "Gym 3 months (opening bonus)", count: null, period: 90 },
    { packageSeq: 3, packageName: "Pilates trial class", count: 1, period: 30 },
  ];
  const users = [];
  const userGroups = [];
  const passes = [];
  for (let i = 1; i <= MEMBERS; i++) {
    // A few members never gave a phone number: their class reminders cannot be sent.
    const phone = i % 24 === 5 ? null : `010-${pad((i * 37) % 10000, 4)}-${pad((i * 71) % 10000, 4)}`;
    users.push({ userId: userId(i), name: `Member ${i}`, phone });
    userGroups.push({ userGroupId: "ALL", userId: userId(i) });
    if (i % 3 === 0) userGroups.push({ userGroupId: "PT-CLUB", userId: userId(i) });
    const ptStart = addDays("2026-09-01", i % 40);
    passes.push({
      passSeq: 2 * i - 1,
      packageSeq: 1,
      userId: userId(i),
      status: "PROGRESSED",
      remainingCount: (i * 7) % 11,
      startedAt: ptStart,
      endedAt: addDays(ptStart, 60),
      // Members on a medical hold keep their pass past its end date.
      holdUntil: i % 6 === 0 ? "2026-12-31" : null,
      expiredAt: null,
    });
    const gymStart = addDays("2026-08-20", i % 30);
    passes.push({
      passSeq: 2 * i,
      packageSeq: 2,
      userId: userId(i),
      status: i % 4 === 0 ? "READY" : "PROGRESSED",
      remainingCount: null,
      startedAt: gymStart,
      endedAt: addDays(gymStart, 90),
      holdUntil: null,
      expiredAt: null,
    });
  }
  // Rows imported from the old system without a usable end date: the expiry job skips them.
  for (const [n, member] of [
    [1, 7],
    [2, 8],
  ]) {
    passes.push({
      passSeq: 2 * MEMBERS + n,
      packageSeq: 2,
      userId: userId(member),
      status: "PROGRESSED",
      remainingCount: null,
      startedAt: "2019-03-01",
      endedAt: "unknown",
      holdUntil: null,
      expiredAt: null,
    });
  }

  const bulkPasses = [
    // "Pilates opens in the gym: one trial class for every member" (seed 003), handed out on the reference date.
    {
      bulkPassSeq: 1,
      packageSeq: 3,
      userGroupId: "ALL",
      status: "READY",
      count: 1,
      startedAt: `${REFERENCE_DATE}T10:00`,
      endedAt: `${addDays(REFERENCE_DATE, 30)}T23:59`,
    },
    {
      bulkPassSeq: 2,
      packageSeq: 3,
      userGroupId: "PT-CLUB",
      status: "READY",
      count: 2,
      startedAt: `${REFERENCE_DATE}T10:00`,
      endedAt: `${addDays(REFERENCE_DATE, 30)}T23:59`,
    },
    {
      bulkPassSeq: 3,
      packageSeq: 3,
      userGroupId: "ALL",
      status: "READY",
      count: 1,
      startedAt: `${addDays(REFERENCE_DATE, 7)}T10:00`,
      endedAt: `${addDays(REFERENCE_DATE, 37)}T23:59`,
    },
  ];

  // Bookings from a week before the reference date to the day after it; the day's
  // classes before 19:00 are over, the 20:00 class and later ones are still to come.
  const bookings = [];
  const now = `${REFERENCE_DATE}T19:00`;
  for (let d = -7; d <= 1; d++) {
    const day = addDays(REFERENCE_DATE, d);
    CLASSES.forEach((cls, c) => {
      for (let i = 1; i <= MEMBERS; i++) {
        if ((i + (d + 7) * 3 + c * 5) % 4 !== 0) continue;
        const startedAt = `${day}T${cls.time}`;
        const past = startedAt < now;
        const cancelled = (i + d + 7 + c) % 11 === 0;
        bookings.push({
          bookingSeq: bookings.length + 1,
          userId: userId(i),
          passSeq: cls.package === "PT" ? 2 * i - 1 : 2 * i,
          className: cls.name,
          status: cancelled ? "CANCELLED" : past ? "COMPLETED" : "READY",
          attended: past && !cancelled && (i + d) % 5 !== 0,
          // Classes up to two days back were already deducted by earlier nightly runs.
          usedPass: past && !cancelled && d < -1,
          startedAt,
          endedAt: addMinutes(startedAt, 50),
        });
      }
    });
  }
  return { packages, users, user_groups: userGroups, passes, bulk_passes: bulkPasses, bookings, notifications: [] };
}
