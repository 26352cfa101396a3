#!/usr/bin/env node
// Installs what is missing and builds: the first half of `npm start`, `npm test`
// and `npm run bench`. Plain Node with no dependencies, so it runs on a fresh clone.
//
//   node scripts/ensure.mjs           install + build every package (npm test, bench)
//   node scripts/ensure.mjs --start   install + build what `npm start` serves: the stack
//                                     (control plane, runner and what they use), the
//                                     console, and the SDK the examples import
//
// Turbo caches each package's build in .turbo/ (outputs included), so a build
// whose sources have not changed restores or skips in about a second.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" };
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit", env });
const windows = process.platform === "win32";
const npm = windows ? "npm.cmd" : "npm";
const forStart = process.argv.includes("--start");

const marker = join(root, "node_modules", ".package-lock.json");
const lock = join(root, "package-lock.json");
if (!existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs) {
  // `npm install` (locked versions) rather than `npm ci`: see .ci/run.
  console.log("Installing dependencies (npm install)...");
  run(npm, ["install", "--no-audit", "--no-fund"]);
}
if (!process.env.BATON_SKIP_BUILD) {
  // turbo's own binary, not npx: npx spends seconds finding it on every start.
  const turbo = join(root, "node_modules", ".bin", windows ? "turbo.cmd" : "turbo");
  const filters = forStart ? ["--filter=@baton/stack...", "--filter=@baton/web...", "--filter=@baton/sdk..."] : [];
  run(existsSync(turbo) ? turbo : "npx", [
    ...(existsSync(turbo) ? [] : ["turbo"]),
    "run",
    "build",
    ...filters,
    "--output-logs=errors-only",
  ]);
}
