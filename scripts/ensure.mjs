#!/usr/bin/env node
// Installs what is missing and builds: the first half of `npm start`, `npm test`
// and `npm run bench`. Plain Node with no dependencies, so it runs on a fresh clone.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args) =>
  execFileSync(cmd, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" },
  });
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const marker = join(root, "node_modules", ".package-lock.json");
const lock = join(root, "package-lock.json");
if (!existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs) {
  // `npm install` (locked versions) rather than `npm ci`: see .ci/run.
  console.log("Installing dependencies (npm install)...");
  run(npm, ["install", "--no-audit", "--no-fund"]);
}
if (!process.env.BATON_SKIP_BUILD) run("npx", ["turbo", "run", "build", "--output-logs=errors-only"]);
