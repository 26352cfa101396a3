import { type ConsoleAuthConfig, isLoopbackHost } from "./config";
import { authConfig } from "./server";

/**
 * At start, before the server answers: a bad sign-in setting stops the
 * process with a sentence, and without BATON_CONSOLE_SESSION_SECRET a random
 * one is made for this process (every part of the server reads it from the
 * environment), saying that sessions then end when the console restarts.
 */
export function checkSignInAtStart(): void {
  let cfg: ConsoleAuthConfig;
  try {
    cfg = authConfig();
  } catch (err) {
    // Next.js would log this and serve anyway: stop, with the sentence alone.
    console.error(`console: ${(err as Error).message}`);
    process.exit(1);
  }
  if (cfg.mode === "off") {
    const host = process.env.HOST?.trim() || "127.0.0.1";
    if (!isLoopbackHost(host)) {
      console.warn(
        `console: WARNING: sign-in is OFF on ${host} (BATON_INSECURE_NO_AUTH=true): anyone who can reach this port sees every run, log and definition.`,
      );
    }
    return;
  }
  if (!cfg.sessionSecret) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    process.env.BATON_CONSOLE_SESSION_SECRET = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    console.warn(
      "console: BATON_CONSOLE_SESSION_SECRET is not set: using a random one, so everyone must sign in again when the console restarts (and several console processes do not share sessions). Set it to 32+ random characters to keep sessions.",
    );
  }
  console.log(
    `console: sign-in with OpenID Connect at ${cfg.issuer} as client ${cfg.clientId}${cfg.clientSecret ? "" : " (public, PKCE only)"}; register the redirect URI ${cfg.redirectUri} there.`,
  );
}
