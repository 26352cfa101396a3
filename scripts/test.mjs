#!/usr/bin/env node
// `npm test`: install and build if needed, lint, check generated files, then every test (unit + end-to-end).
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
try {
  run(process.execPath, [join(root, "scripts", "ensure.mjs")]);
  run("npx", ["biome", "check", "."]);
  run("npx", ["vitest", "run", ...process.argv.slice(2)]);
} catch (err) {
  process.exit(typeof err.status === "number" ? err.status : 1);
}
