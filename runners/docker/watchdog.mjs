#!/usr/bin/env node
// The Docker runner's watchdog (see src/watchdog-client.ts). A container
// outlives its runner on purpose, so a runner restarted soon adopts it; but a
// runner that stays away, or hangs, would leave it running after the control
// plane has declared its run LOST (and perhaps retried it). So this process,
// in a session of its own, removes every container of its runner when
//   - the runner died (stdin closed) and no new incarnation took over (sent it
//     SIGTERM) within the stall limit of the last tick, or
//   - no tick came for the stall limit (the runner is stopped or hung),
// which is 0.8 x the control plane's LOST delay: the run is dead before LOST
// is declared. Talks to the engine's HTTP API directly (no dependencies).
//
//   node watchdog.mjs <runner id>   env: BATON_WATCHDOG_ENGINE={"socketPath":...} | {"host":...,"port":...}
//                            BATON_WATCHDOG_RUNNER=<runner id>
//   stdin: "tick <stallMs>\n" lines
import { request } from "node:http";

const engine = JSON.parse(process.env.BATON_WATCHDOG_ENGINE ?? "{}");
const runnerId = process.env.BATON_WATCHDOG_RUNNER ?? "";
if (!runnerId || (!engine.socketPath && !engine.host)) {
  process.stderr.write("watchdog: BATON_WATCHDOG_ENGINE and BATON_WATCHDOG_RUNNER are required\n");
  process.exit(2);
}

let stallMs = 8000;
let lastTick = Date.now();
let runnerGone = false;
/** Armed by the first tick: a runner that never ticked (a test's driver) is never judged. */
let armed = false;

/** One call to the engine's API; resolves with the status and the parsed body (or undefined). */
function call(method, path) {
  return new Promise((resolve, reject) => {
    const target = engine.socketPath ? { socketPath: engine.socketPath } : { host: engine.host, port: engine.port };
    const req = request({ ...target, method, path, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        let json;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json });
      });
    });
    req.on("timeout", () => req.destroy(new Error("engine timeout")));
    req.on("error", reject);
    req.end();
  });
}

/** Removes (force: kills first) every container labelled with this runner's id. */
async function removeAll(why) {
  const filters = encodeURIComponent(JSON.stringify({ label: [`baton.runner=${runnerId}`] }));
  const { json } = await call("GET", `/containers/json?all=true&filters=${filters}`);
  for (const c of Array.isArray(json) ? json : []) {
    await call("DELETE", `/containers/${c.Id}?force=true`).catch(() => undefined);
  }
  process.stderr.write(`watchdog ${runnerId}: ${why}: removed ${Array.isArray(json) ? json.length : 0} container(s)\n`);
}

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let nl = buffered.indexOf("\n");
  while (nl >= 0) {
    const line = buffered.slice(0, nl).trim();
    buffered = buffered.slice(nl + 1);
    const m = /^tick (\d+)$/.exec(line);
    if (m) {
      stallMs = Number(m[1]);
      lastTick = Date.now();
      armed = true;
    }
    nl = buffered.indexOf("\n");
  }
});
process.stdin.on("end", () => {
  runnerGone = true;
});
process.stdin.on("error", () => {
  runnerGone = true;
});
// A new incarnation of the runner took over: its containers are its now.
process.on("SIGTERM", () => process.exit(0));
process.on("SIGHUP", () => {});

// Nothing to say once the runner has gone, and nowhere to say it.
process.stderr.on("error", () => {});
const timer = setInterval(async () => {
  if (!armed) {
    if (runnerGone) process.exit(0);
    return;
  }
  if (Date.now() - lastTick <= stallMs) return;
  clearInterval(timer);
  try {
    await removeAll(runnerGone ? "the runner died and did not come back in time" : "the runner stopped ticking");
  } catch (err) {
    process.stderr.write(`watchdog ${runnerId}: removing containers failed: ${err?.message ?? err}\n`);
  }
  process.exit(0);
}, 100);
