import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Child, freePort, startNodeChild, waitForLine } from "@baton/stack";
import { consoleCors } from "./browser.js";
import { startEnv, type TestEnv } from "./env.js";

const require = createRequire(import.meta.url);
const repoRoot = join(dirname(new URL(import.meta.url).pathname), "..", "..");
const webServer = join(dirname(require.resolve("@baton/web/package.json")), "server.mjs");

/**
 * A real stack (startEnv) whose control plane answers the browser, and the
 * built console served against it on a free port; its output goes to
 * test-output/<logName>. Stop them with `web.stop()` and `env.stop()`.
 */
export async function startConsoleStack(logName: string): Promise<{ env: TestEnv; web: Child; base: string }> {
  const port = await freePort();
  const env = await startEnv({ controlPlaneEnv: consoleCors(port) });
  const web = startNodeChild(
    "console",
    webServer,
    { ...process.env, BATON_GRAPHQL_URL: env.api[0]!.url, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    join(repoRoot, "test-output", logName),
  );
  const base = (await waitForLine(web, /ready: (http\S+)/, 30_000)).split("ready: ")[1]!.trim();
  return { env, web, base };
}
