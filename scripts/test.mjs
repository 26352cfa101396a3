#!/usr/bin/env node
// `npm test`: install and build if needed, lint, then every test (unit + end-to-end),
// closing with one plain "N passed, N failed" line.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
const report = join(root, "test-output", "vitest.json");
let status = 0;
rmSync(report, { force: true }); // a report left by an earlier run must never be counted as this one's
try {
  run(process.execPath, [join(root, "scripts", "ensure.mjs")]);
  run("npx", ["biome", "check", "."]);
  run("npx", ["tsc", "-p", "test/tsconfig.json"]); // the end-to-end tests are typed too
  mkdirSync(dirname(report), { recursive: true });
  run("npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ]);
} catch (err) {
  status = typeof err.status === "number" && err.status !== 0 ? err.status : 1;
}
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
}
process.exit(status);
