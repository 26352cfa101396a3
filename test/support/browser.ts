import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launches Chromium, or fails saying how to install it (the test must not skip silently). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: run \`apt-get install chromium\` (Debian's package; .ci/run installs it).`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * The control plane's environment that lets a console served on port `port`
 * of 127.0.0.1 call it from the browser: CORS and WebSockets answer only the
 * console's origins.
 */
export function consoleCors(port: number): Record<string, string> {
  return { BATON_CORS_ORIGIN: `http://127.0.0.1:${port},http://localhost:${port}` };
}
