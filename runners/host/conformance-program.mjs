// The program every runner driver runs in the conformance suite (conformance.ts)
// and in its own driver tests: a host script for the local driver, the same file
// inside an image for Docker and Kubernetes. What it does is chosen by
// CONFORMANCE_MODE, so the arguments arrive untouched. Plain Node, no imports
// beyond Node's own.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

const mode = process.env.CONFORMANCE_MODE ?? "exit";
const code = Number(process.env.CONFORMANCE_CODE ?? "0");
const out = (line) => process.stdout.write(`${line}\n`);
const forever = () => setInterval(() => {}, 60_000);

/** Writes many lines to a stream, waiting on back-pressure; resolves once all are flushed. */
async function burst(stream, prefix, count) {
  for (let i = 0; i < count; i++) {
    if (!stream.write(`${prefix} ${i}\n`)) await new Promise((resolve) => stream.once("drain", resolve));
  }
}

switch (mode) {
  case "exit":
    process.exitCode = code;
    break;
  case "step":
    out("before");
    out(`::baton::${JSON.stringify({ v: 1, type: "step", step: "load", status: "COMPLETED", read: 7, write: 5 })}`);
    out("after");
    break;
  case "echo":
    out(
      JSON.stringify({
        args: process.argv.slice(2),
        greeting: process.env.GREETING ?? null,
        execution: process.env.BATON_EXECUTION_ID ?? null,
      }),
    );
    break;
  case "streams":
    // stdout and stderr alternating, then CONFORMANCE_CODE.
    out("out 1");
    process.stderr.write("err 1\n");
    out("out 2");
    process.stderr.write("err 2\n");
    process.exitCode = code;
    break;
  case "long":
    // One line longer than any engine's frame, then a last line without a newline.
    out("x".repeat(100_000));
    process.stdout.write("no newline at the end");
    break;
  case "net":
    // The network interfaces the run sees.
    out(JSON.stringify(readdirSync("/sys/class/net").sort()));
    break;
  case "ns":
    // The namespaces the run is in (a container's own, or the host's).
    out(
      JSON.stringify(Object.fromEntries(["ipc", "pid", "net"].map((ns) => [ns, readlinkSync(`/proc/self/ns/${ns}`)]))),
    );
    break;
  case "read":
    out(readFileSync(process.env.CONFORMANCE_FILE ?? "", "utf8"));
    break;
  case "large":
    // Long lines: 20 of 64 KiB each, every one different.
    for (let i = 0; i < 20; i++) out(`${i}:${String.fromCharCode(97 + i).repeat(64 * 1024)}`);
    break;
  case "fast": {
    const count = Number(process.env.CONFORMANCE_LINES ?? "20000");
    await Promise.all([burst(process.stdout, "out", count), burst(process.stderr, "err", count)]);
    break;
  }
  case "trap":
    // Stops cleanly on SIGTERM after a short clean-up: a grace period that is honoured lets it finish.
    process.on("SIGTERM", () => {
      out("got SIGTERM");
      setTimeout(() => process.exit(0), Number(process.env.CONFORMANCE_CLEANUP_MS ?? "200"));
    });
    out("ready");
    forever();
    break;
  case "ignore":
    process.on("SIGTERM", () => out("ignoring SIGTERM"));
    out("ready");
    forever();
    break;
  case "sleep":
    out("ready");
    forever();
    break;
  case "ticks": {
    // "tick N" (CONFORMANCE_BATCH at a time) every CONFORMANCE_TICK_MS until N = CONFORMANCE_TICKS, a
    // "tock N" on stderr every CONFORMANCE_TOCK_EVERY ticks, then exits with CONFORMANCE_CODE.
    const ticks = Number(process.env.CONFORMANCE_TICKS ?? "40");
    const batch = Number(process.env.CONFORMANCE_BATCH ?? "1");
    const tockEvery = Number(process.env.CONFORMANCE_TOCK_EVERY ?? "5");
    let n = 0;
    const timer = setInterval(
      () => {
        for (let i = 0; i < batch && n < ticks; i++) {
          out(`tick ${++n}`);
          if (n % tockEvery === 0) process.stderr.write(`tock ${n}\n`);
        }
        if (n >= ticks) {
          clearInterval(timer);
          process.exitCode = code;
        }
      },
      Number(process.env.CONFORMANCE_TICK_MS ?? "50"),
    );
    break;
  }
  case "memory": {
    // Touches memory until the platform's limit stops it (each chunk is filled, so it is really used).
    const held = [];
    out("allocating");
    for (;;) {
      held.push(Buffer.alloc(16 * 1024 * 1024, 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  default:
    process.stderr.write(`unknown CONFORMANCE_MODE ${mode}\n`);
    process.exitCode = 64;
}
