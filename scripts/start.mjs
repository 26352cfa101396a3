#!/usr/bin/env node
// `npm start`: install what is missing, build what it serves, then run Baton on
// embedded defaults (services/stack). The stack supervises its children; this
// script only forwards Ctrl-C and passes on the stack's exit code.
import { execFileSync, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
try {
  execFileSync(process.execPath, [join(root, "scripts", "ensure.mjs"), "--start"], { stdio: "inherit" });
} catch (err) {
  console.error(`npm start: installing or building failed (${err.status ?? err.message}); see the output above.`);
  process.exit(1);
}
const child = spawn(process.execPath, [join(root, "services", "stack", "dist", "main.js")], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
