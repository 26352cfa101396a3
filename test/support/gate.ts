/**
 * Source lines for a test program (an .mjs run by a runner) that waits on a
 * gate file without polling: it watches the file's folder (inotify through
 * fs.watch) and goes on when the file appears (`untilFile`) or is gone
 * (`whileFile`). The test opens the gate by writing or removing the file.
 */
function waitOn(path: string, present: boolean): string {
  return `await (async (file, present) => {
  const { existsSync, watch } = await import("node:fs");
  const { dirname } = await import("node:path");
  await new Promise((resolve) => {
    const ready = () => existsSync(file) === present;
    if (ready()) return resolve();
    const watcher = watch(dirname(file), () => {
      if (ready()) { watcher.close(); resolve(); }
    });
    if (ready()) { watcher.close(); resolve(); }
  });
})(${JSON.stringify(path)}, ${present});`;
}

/** Waits until `path` exists. */
export const untilFile = (path: string): string => waitOn(path, true);

/** Waits until `path` no longer exists. */
export const whileFile = (path: string): string => waitOn(path, false);
