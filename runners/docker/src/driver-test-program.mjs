// The program driver.test.ts runs inside its test image. DT_MODE chooses what
// it does, so the arguments reach it untouched. Plain Node, no imports beyond Node's own.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

const mode = process.env.DT_MODE ?? "echo";
const out = (line) => process.stdout.write(`${line}\n`);
const forever = () => setInterval(() => {}, 60_000);

switch (mode) {
  case "echo":
    out(JSON.stringify({ args: process.argv.slice(2), env: process.env }));
    break;
  case "streams":
    out("out 1");
    process.stderr.write("err 1\n");
    out("out 2");
    process.stderr.write("err 2\n");
    process.exitCode = Number(process.env.DT_CODE ?? "0");
    break;
  case "long":
    out("x".repeat(100_000));
    process.stdout.write("no newline at the end");
    break;
  case "net":
    out(JSON.stringify(readdirSync("/sys/class/net").sort()));
    break;
  case "ns":
    out(
      JSON.stringify(Object.fromEntries(["ipc", "pid", "net"].map((ns) => [ns, readlinkSync(`/proc/self/ns/${ns}`)]))),
    );
    break;
  case "read":
    out(readFileSync(process.env.DT_FILE, "utf8"));
    break;
  case "memory": {
    const held = [];
    out("allocating");
    for (;;) {
      held.push(Buffer.alloc(16 * 1024 * 1024, 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  case "trap":
    process.on("SIGTERM", () => {
      out("got SIGTERM");
      setTimeout(() => process.exit(0), 500);
    });
    out("ready");
    forever();
    break;
  case "ignore":
    process.on("SIGTERM", () => out("ignoring SIGTERM"));
    out("ready");
    forever();
    break;
  case "ticks": {
    // "tick N" (DT_BATCH at a time) every DT_TICK_MS up to DT_TICKS, a "tock N" on stderr every 3rd, then exit DT_CODE.
    const ticks = Number(process.env.DT_TICKS ?? "30");
    const batch = Number(process.env.DT_BATCH ?? "1");
    let n = 0;
    const timer = setInterval(
      () => {
        for (let i = 0; i < batch && n < ticks; i++) {
          out(`tick ${++n}`);
          if (n % 3 === 0) process.stderr.write(`tock ${n}\n`);
        }
        if (n >= ticks) {
          clearInterval(timer);
          process.exitCode = Number(process.env.DT_CODE ?? "0");
        }
      },
      Number(process.env.DT_TICK_MS ?? "100"),
    );
    break;
  }
  default:
    process.stderr.write(`unknown DT_MODE ${mode}\n`);
    process.exitCode = 64;
}
