#!/usr/bin/env node
// `npm run chaos`: two control planes, two runners, NATS and PostgreSQL, runs
// launched at a steady pace while processes are killed with SIGKILL and started
// again. Prints the table and the fault log; exits 1 when a check fails.
import { writeFileSync } from "node:fs";
import { runChaos } from "./harness.js";
import { parseOptions } from "./options.js";

let options: ReturnType<typeof parseOptions>;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`${line}\n`);
try {
  const result = await runChaos(options, { log });
  log(result.report);
  const out = process.env.CHAOS_REPORT;
  if (out) writeFileSync(out, result.report);
  process.exit(result.ok ? 0 : 1);
} catch (err) {
  process.stderr.write(`chaos suite could not run (seed ${options.seed}): ${(err as Error).stack ?? String(err)}\n`);
  process.exit(2);
}
