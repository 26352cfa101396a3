// Export every pass to one CSV file (seed 004's partitioned Excel export,
// which a "download" button triggers with an event): count the rows, export
// them in partitions at the same time, merge the parts into one file, and
// report success or failure, as the seed's job listener does.
//
//   node export-excel.mjs [--request-id=ID] [--partition-size=25] [--date=2026-11-23] [--data-dir=DIR]
//
// Writes DIR/exports/<request id>.csv and <request id>.event.json (the
// "export ready" / "export failed" event), and sets the exit message
// COMPLETED or FAILED. Launch it with the request id as idempotencyKey and
// a second click does not export twice.
import { appendFileSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chunk, jobParameters, partitioned, runJob, tasklet } from "../sdk/dist/index.js";
import { gymOptions, intOption, openGym, writeAtomically } from "./lib/gym.mjs";

const parameters = jobParameters(process.argv.slice(2));
const { date, dataDir } = gymOptions(parameters);
const requestId = parameters["request-id"] ?? `passes-${date}`;
if (!/^[\w.-]+$/.test(requestId)) {
  console.error(`--request-id may hold letters, digits, '.', '_' and '-'; got ${requestId}`);
  process.exit(2);
}
const partitionSize = Math.max(1, intOption(parameters, "partition-size", 25));
const gym = openGym(dataDir);
const exportsDir = gym.outputDir("exports");
const partsDir = join(exportsDir, `${requestId}.parts`);
const target = join(exportsDir, `${requestId}.csv`);
const partFile = (key) => join(partsDir, `${key}.csv`);

const COLUMNS = ["passSeq", "userId", "package", "status", "remainingCount", "startedAt", "endedAt", "expiredAt"];
const packages = new Map(gym.read("packages").map((p) => [p.packageSeq, p.packageName]));
const csvField = (value) => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The rows as they were counted: passes added later (a bulk grant) have higher numbers and stay out. */
function snapshot(maxPassSeq) {
  return gym
    .read("passes")
    .filter((p) => p.passSeq <= maxPassSeq)
    .sort((a, b) => a.passSeq - b.passSeq);
}

const countRows = tasklet("count-rows", (ctx) => {
  const passes = gym.read("passes");
  const rows = passes.length;
  const maxPassSeq = Math.max(0, ...passes.map((p) => p.passSeq));
  ctx.counters.read = rows;
  // Later steps read this back with job.checkpointOf, also on a restart that skips this step.
  ctx.checkpoint({ rows, maxPassSeq });
  ctx.log(`${rows} rows to export in parts of ${partitionSize}`);
});

const exportParts = partitioned("export-parts", {
  partitions(job) {
    const { rows, maxPassSeq } = job.checkpointOf("count-rows");
    const count = Math.max(1, Math.ceil(rows / partitionSize));
    return Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `part${i + 1}`,
        { from: i * partitionSize, to: Math.min(rows, (i + 1) * partitionSize), maxPassSeq },
      ]),
    );
  },
  concurrency: 3,
  step: (partition) => {
    const file = partFile(partition.key);
    const { from, to, maxPassSeq } = partition.params;
    return chunk("part", {
      reader: {
        open({ offset, state }) {
          // The part file holds what was committed: cut off anything written after the last commit.
          if (offset === 0) writeFileSync(file, "");
          else truncateSync(file, state?.bytes ?? 0);
          return snapshot(maxPassSeq).slice(from + offset, to);
        },
        // Runs at each commit, after the write: the file's length is the writer's restart position
        // (what Spring's FlatFileItemWriter keeps in its execution context).
        state: () => ({ bytes: statSync(file).size }),
      },
      processor: (pass) =>
        [
          pass.passSeq,
          pass.userId,
          packages.get(pass.packageSeq),
          pass.status,
          pass.remainingCount,
          pass.startedAt,
          pass.endedAt,
          pass.expiredAt,
        ]
          .map(csvField)
          .join(","),
      writer: (lines) => appendFileSync(file, `${lines.join("\n")}\n`),
      commitInterval: 10,
    });
  },
});

const mergeParts = tasklet("merge-parts", (ctx) => {
  const { rows } = ctx.job.checkpointOf("count-rows");
  const count = Math.max(1, Math.ceil(rows / partitionSize));
  let body = "";
  for (let i = 1; i <= count; i++) body += readFileSync(partFile(`part${i}`), "utf8");
  const lines = body === "" ? 0 : body.split("\n").length - 1;
  ctx.counters.read = lines;
  if (lines !== rows) throw new Error(`the parts hold ${lines} rows, ${rows} were counted`);
  writeAtomically(target, `${COLUMNS.join(",")}\n${body}`);
  ctx.counters.write = lines;
  rmSync(partsDir, { recursive: true, force: true });
  ctx.log(`wrote ${target}`);
});

console.log(`Export ${requestId}: every pass to ${target}`);
await runJob("export-excel", [countRows, exportParts, mergeParts], {
  beforeJob() {
    mkdirSync(partsDir, { recursive: true });
  },
  afterJob(result, job) {
    const ok = result.status === "COMPLETED";
    const event = {
      requestId,
      status: ok ? "SUCCESS" : "FAILURE",
      file: ok ? target : null,
      rows: job.checkpointOf("count-rows")?.rows ?? null,
      executionId: job.executionId ?? null,
      error: ok
        ? null
        : String(result.steps.find((s) => s.status === "FAILED")?.error ?? result.error ?? result.status),
    };
    writeAtomically(join(exportsDir, `${requestId}.event.json`), `${JSON.stringify(event, null, 2)}\n`);
    console.log(`Export ${requestId}: sent the ${event.status} event`);
    return ok ? "COMPLETED" : "FAILED";
  },
});
