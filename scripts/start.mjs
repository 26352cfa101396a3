#!/usr/bin/env node
// `npm start`: install what is missing, build, then run Baton on embedded defaults.
import { execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [join(root, "scripts", "ensure.mjs")], { stdio: "inherit" });
const child = spawn(process.execPath, [join(root, "services", "stack", "dist", "main.js")], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
