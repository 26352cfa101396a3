// A tiny program for the API server double's tests, run as the image's entrypoint with the container's args.
const [mode, value] = process.argv.slice(2);
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (mode === "lines") {
  // stdout and stderr alternate, with pauses so the engine records them in this order.
  for (let i = 1; i <= 4; i++) {
    (i % 2 === 1 ? process.stdout : process.stderr).write(`line ${i} ${i % 2 === 1 ? "out" : "err"}\n`);
    await pause(150);
  }
  process.stdout.write(`env ${process.env.GREETING ?? "unset"}\n`);
} else if (mode === "exit") {
  process.stderr.write(`exiting ${value}\n`);
  process.exit(Number(value));
} else if (mode === "oom") {
  const kept = [];
  for (;;) {
    kept.push(Buffer.alloc(8 * 1024 * 1024, 1));
    await pause(5);
  }
} else if (mode === "trap") {
  process.on("SIGTERM", () => {
    process.stdout.write("got SIGTERM\n");
    process.exit(0);
  });
  process.stdout.write("ready\n");
  setInterval(() => {}, 1000);
} else if (mode === "ignore") {
  // Ignores SIGTERM: only the SIGKILL after the grace period ends it.
  process.on("SIGTERM", () => process.stdout.write("ignoring SIGTERM\n"));
  process.stdout.write("ready\n");
  setInterval(() => {}, 1000);
} else if (mode === "sleep") {
  process.stdout.write("sleeping\n");
  await pause(Number(value) * 1000);
} else {
  process.stdout.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
