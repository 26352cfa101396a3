#!/usr/bin/env node
// `node bench/footprint.mjs`: idle memory (issue 15). Starts Baton as `npm start` runs it and lets it settle:
// /readyz answers 200, the runner has sent a heartbeat after registering, an app and a task are registered,
// BENCH_FOOTPRINT_LAUNCHES runs of /bin/true have ended, then BENCH_FOOTPRINT_IDLE_MS of quiet. Reads the
// resident memory of the control plane and the runner from /proc/<pid>/status: VmRSS (now) and VmHWM (the
// peak), beside the targets (control plane <= 150 MB, runner <= 80 MB) and a bare Node process measured in
// the same run (`node -e "setInterval(()=>{},1e9)"`).
// Where the memory goes: RSS after each step (ready; the first Prisma query, which instantiates Prisma's
// query compiler; the launches; idle), the V8 heap of each process as it reports it (a preloaded handler
// answers SIGUSR2 with process.memoryUsage() and the heap spaces), and what each group of modules costs a
// Node process that only imports it. BENCH_FOOTPRINT_NODE_OPTIONS adds Node options to both processes
// (e.g. --max-semi-space-size=2) to compare.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { positive, sleep, startBaton } from "./harness.mjs";

const LAUNCHES = positive("BENCH_FOOTPRINT_LAUNCHES", 50);
const IDLE_MS = positive("BENCH_FOOTPRINT_IDLE_MS", 5000);
const EXTRA_NODE_OPTIONS = process.env.BENCH_FOOTPRINT_NODE_OPTIONS ?? "";
const TARGET_MB = { "control plane": 150, runner: 80 };
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const distOf = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", file);
const MB = 1024 * 1024;

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

/** The pid of this process's child whose command line contains `needle` (startNodeChild's children are ours). */
function childPid(needle) {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes(needle)) return Number(name);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no child process of this bench runs ${needle}`);
}

// Preloaded into both processes: on SIGUSR2, their V8 heap as they see it, written to <dir>/heap-<pid>.json.
const probeDir = mkdtempSync(join(tmpdir(), "baton-footprint-"));
const probe = join(probeDir, "probe.cjs");
writeFileSync(
  probe,
  `process.on("SIGUSR2", () => {
     const spaces = Object.fromEntries(require("node:v8").getHeapSpaceStatistics().map((s) => [s.space_name, s]));
     require("node:fs").writeFileSync(${JSON.stringify(probeDir)} + "/heap-" + process.pid + ".json",
       JSON.stringify({ usage: process.memoryUsage(), spaces }));
   });\n`,
);
async function heapOf(pid) {
  const file = join(probeDir, `heap-${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(10);
  await sleep(20); // written in one call; let it finish
  return JSON.parse(readFileSync(file, "utf8"));
}

/**
 * A Node process that evaluates `source` (an ES module) and then idles: its memory once it said so, after a
 * collection (--expose-gc).
 */
async function idleNode(source) {
  const child = spawn(process.execPath, ["--expose-gc", "--input-type=module", "-e", source], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    return await new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr.split("\n")[0]}`)));
      child.stdout.on("data", (d) => {
        const line = /idle (\d+)/.exec(d.toString());
        if (line) resolve(Number(line[1]));
      });
    }).then((heapTotal) => ({ ...memoryOf(child.pid), heap: heapTotal / MB }));
  } finally {
    child.kill();
  }
}
const IDLE_LINE = 'process.stdout.write("idle " + process.memoryUsage().heapTotal + "\\n");';
const idle = (imports) => idleNode(`${imports}\nglobalThis.gc(); setInterval(() => {}, 1e9); ${IDLE_LINE}`);

const mb = (x) => `${x.toFixed(1).padStart(6)} MB`;

const bare = await idleNode(`setInterval(() => {}, 1e9); ${IDLE_LINE}`);
const baton = await startBaton("footprint", {
  env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${probe} ${EXTRA_NODE_OPTIONS}`.trim() },
});
const steps = [];
let measured;
const heaps = {};
try {
  const pids = {
    "control plane": childPid(join("control-plane", "dist", "main.js")),
    runner: childPid(join("runners", "host", "dist", "main.js")),
  };
  const step = (name) =>
    steps.push({ name, cp: memoryOf(pids["control plane"]).rss, runner: memoryOf(pids.runner).rss });
  const base = baton.url.replace(/\/graphql$/, "");
  while ((await fetch(`${base}/readyz`).catch(() => ({ status: 0 }))).status !== 200) await sleep(100);
  const heartbeat = async () => (await baton.gql(`{ runners { lastHeartbeatAt } }`)).runners[0]?.lastHeartbeatAt;
  let first = await heartbeat();
  while (!first) {
    await sleep(100);
    first = await heartbeat();
  }
  while ((await heartbeat()) === first) await sleep(100);
  step("ready, the runner registered and beating");

  await baton.gql(
    `mutation { registerApp(input: { name: "true", version: "1", uri: "file:///bin/true" }) { version } }`,
  );
  await baton.gql(`mutation { createTask(input: { name: "footprint", app: "true" }) { name } }`);
  step("registerApp, createTask (Prisma's first queries)");
  for (let i = 0; i < LAUNCHES; i++) await baton.timedLaunch("footprint");
  step(`${LAUNCHES} runs of /bin/true ended`);
  await sleep(IDLE_MS);
  step(`${IDLE_MS} ms idle`);
  measured = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, memoryOf(pid)]));
  for (const [name, pid] of Object.entries(pids)) heaps[name] = await heapOf(pid);
} finally {
  await baton.stop();
  rmSync(probeDir, { recursive: true, force: true });
}

const extra = EXTRA_NODE_OPTIONS ? ` with NODE_OPTIONS ${EXTRA_NODE_OPTIONS}` : "";
console.log(
  `\nIdle footprint${extra}: after ${LAUNCHES} runs of /bin/true and ${IDLE_MS} ms idle (VmRSS now, VmHWM peak)`,
);
for (const [name, m] of Object.entries(measured)) {
  const target = TARGET_MB[name];
  console.log(
    `  ${name.padEnd(40)} rss ${mb(m.rss)}   peak ${mb(m.hwm)}   target <= ${target} MB: ${m.rss <= target ? "met" : "NOT met"}   (${(m.rss / bare.rss).toFixed(1)}x bare)`,
  );
}
console.log(`  ${"bare node -e setInterval (baseline)".padEnd(40)} rss ${mb(bare.rss)}   peak ${mb(bare.hwm)}`);

console.log("  RSS after each step:                               control plane        runner");
for (const s of steps) console.log(`    ${s.name.padEnd(48)} ${mb(s.cp)}      ${mb(s.runner)}`);

console.log("  the V8 heap at the end, as each process reports it:");
for (const [name, h] of Object.entries(heaps)) {
  const young = h.spaces.new_space?.space_size ?? 0;
  const rss = measured[name].rss;
  const outside = rss - h.usage.heapTotal / MB;
  console.log(
    `    ${name.padEnd(14)} heap ${mb(h.usage.heapTotal / MB)} (used ${mb(h.usage.heapUsed / MB)}, young generation ${mb(young / MB)})   external ${mb(h.usage.external / MB)}   outside the heap ${mb(outside)} (bare Node ${mb(bare.rss - bare.heap)})`,
  );
}

// Each group of modules loaded alone (after a collection), then each entry module's whole import graph,
// without starting anything. The rest of a running process is its data, buffers and compiled code.
const groups = [
  ["pg", `import "pg";`],
  ["@baton/db (Prisma client, adapter-pg)", `import "@baton/db";`],
  [
    "type-graphql, graphql-ws, graphql-scalars",
    `import "reflect-metadata"; import "type-graphql"; import "graphql-ws"; import "graphql-scalars";`,
  ],
  ["@apollo/server, graphql-armor", `import "@apollo/server"; import "@escape.tech/graphql-armor";`],
  ["express, ws", `import "express"; import "ws";`],
  ["NATS (transport, JetStream)", `import "@nats-io/transport-node"; import "@nats-io/jetstream";`],
  ["pino, pino-pretty", `import "pino"; import "pino-pretty";`],
  ["prom-client", `import "prom-client";`],
  ["jose", `import "jose";`],
  ["croner, cronstrue, yaml, zod", `import "croner"; import "cronstrue"; import "yaml"; import "zod";`],
  ["@baton/runner-docker", `import "@baton/runner-docker";`],
  ["@baton/runner-kubernetes (@kubernetes/client-node)", `import "@baton/runner-kubernetes";`],
];
console.log("  what modules cost a Node process that only imports them (minus the bare process):");
for (const [name, source] of groups) {
  const m = await idle(source).catch((err) => ({ error: err.message }));
  console.log(`    ${name.padEnd(52)} ${m.error ? `not importable here (${m.error})` : `+${mb(m.rss - bare.rss)}`}`);
}
const graphs = {
  "control plane": `import "reflect-metadata"; await import(${JSON.stringify(distOf("@baton/control-plane", "app.js"))});`,
  runner: `await import(${JSON.stringify(distOf("@baton/runner-host", "host.js"))});`,
};
for (const [name, source] of Object.entries(graphs)) {
  const m = await idle(source);
  console.log(
    `    ${`${name}: its whole import graph`.padEnd(52)} +${mb(m.rss - bare.rss)}   (running and idle: +${mb(measured[name].rss - m.rss)} more)`,
  );
}
console.log("");
