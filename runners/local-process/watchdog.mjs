// Baton's per-runner watchdog: the runner's processes never outlive it
// unsupervised (proto/PROTOCOL.md, "Runner supervision"). Plain Node, no
// imports beyond node: builtins; started (detached, in its own session) by
// runners/local-process/src/watchdog-client.ts. One command per line on stdin:
//
//   add <pgid> <starttime>   a process group the runner started; starttime is
//                            field 22 of /proc/<pgid>/stat, or "-" if unknown
//   del <pgid>               that group has ended
//   tick <stallMs>           the runner is alive; from the first tick on, no
//                            tick for stallMs means it is stopped or hung
//
// When stdin ends (the runner died, kill -9 included) or a tick is overdue, it
// SIGKILLs every registered group, prints one line saying so, and exits. A
// group whose leader's pid now belongs to another process (its start time
// differs) is left alone.
//
// Started with a token (argv[2]) that the runner also puts in every run's
// environment (BATON_RUNNER_INCARNATION), it then also kills the groups of
// every process whose environment carries it: a run forked an instant before
// the runner died, too soon to be registered, dies as well.
import { readdirSync, readFileSync } from "node:fs";

const token = process.argv[2];
const marker = token ? `\0BATON_RUNNER_INCARNATION=${token}\0` : undefined;

/** pgid -> the group leader's start time ("-" when it could not be read). */
const groups = new Map();
let stallTimer;
let lastTick = 0;
let pending = "";

/** Field 22 of /proc/<pid>/stat; undefined when the process is gone (or there is no /proc). */
function startTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count from the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Process groups (pgrp, field 5 of /proc/<pid>/stat) of the processes whose environment carries the token. */
function marked() {
  const found = new Set();
  if (!marker) return found;
  let entries = [];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const pid of entries) {
    try {
      if (!`\0${readFileSync(`/proc/${pid}/environ`, "latin1")}`.includes(marker)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (Number.isInteger(pgrp) && pgrp > 1 && pgrp !== process.pid) found.add(pgrp);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function killMarked(killed) {
  for (const pgid of marked()) {
    try {
      process.kill(-pgid, "SIGKILL");
      if (!killed.includes(pgid)) killed.push(pgid);
    } catch {
      // ESRCH
    }
  }
}

let dying = false;

function killAll(why) {
  if (dying) return;
  dying = true;
  const killed = [];
  for (const [pgid, started] of groups) {
    const now = startTime(pgid);
    // A live process with this pid but another start time: the pid was reused, not ours.
    // No process with this pid: its group may still have members (the pid cannot be
    // reused while they live), so the group is signalled; ESRCH if it is gone.
    if (now !== undefined && started !== "-" && now !== started) continue;
    try {
      process.kill(-pgid, "SIGKILL");
      killed.push(pgid);
    } catch {
      // ESRCH: already gone.
    }
  }
  killMarked(killed);
  // A fork that was mid-exec during the first look carries the token only once its exec is done: look again.
  setTimeout(() => {
    killMarked(killed);
    try {
      process.stdout.write(`killed ${killed.length ? killed.join(",") : "nothing"}: ${why}\n`);
    } catch {
      // Nobody reads any more (the runner is dead).
    }
    process.exit(0);
  }, 100);
}

function command(line) {
  const [verb, a, b] = line.trim().split(" ");
  const n = Number(a);
  if (verb === "add" && Number.isInteger(n) && n > 1) groups.set(n, b || "-");
  else if (verb === "del") groups.delete(n);
  else if (verb === "tick" && n > 0) {
    lastTick = performance.now();
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => overdue(n), n);
  }
}

/**
 * Timers run before I/O in an event loop turn: if this process itself was
 * starved, ticks may be waiting in the pipe. Look again after the I/O phase
 * (setImmediate), so only a runner that really went quiet is punished.
 */
function overdue(stallMs) {
  setImmediate(() => {
    if (performance.now() - lastTick >= stallMs) killAll(`no tick from the runner for ${stallMs} ms`);
  });
}

process.stdout.on("error", () => {});
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  const lines = (pending + chunk).split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) command(line);
});
process.stdin.on("end", () => killAll("the pipe to the runner closed (it exited or died)"));
process.stdin.on("error", () => killAll("the pipe to the runner failed"));
