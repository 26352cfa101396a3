import { type NextRequest, NextResponse } from "next/server";
import { finishLogin, oidcErrorText } from "@/lib/auth/oidc";
import { authConfig, consoleHref, cookieOptions, sessionSecret, writeSession } from "@/lib/auth/server";
import { type ConsoleSession, LOGIN_COOKIE, unsealLogin } from "@/lib/auth/session";
import { authProblem } from "../problem";

export const dynamic = "force-dynamic";

/**
 * The provider sends the browser back here with a code: exchange it (state,
 * nonce, issuer and the PKCE verifier checked by openid-client), store the
 * session in its encrypted httpOnly cookie and go where sign-in started.
 */
export async function GET(req: NextRequest): Promise<Response> {
  const cfg = authConfig();
  if (cfg.mode === "off") return NextResponse.redirect(new URL("/", req.nextUrl.origin), 303);
  const params = req.nextUrl.searchParams;
  const flow = await unsealLogin(req.cookies.get(LOGIN_COOKIE)?.value, sessionSecret(cfg));
  const refused = params.get("error");
  if (refused) {
    const why = params.get("error_description");
    return authProblem(
      401,
      "Sign-in was refused",
      `The identity provider answered ${refused}${why ? `: ${why}` : ""}.`,
      flow?.returnTo,
    );
  }
  if (!flow) {
    return authProblem(
      400,
      "This sign-in has expired",
      "The sign-in was started more than 10 minutes ago, in another tab, or before the console restarted. Start it again.",
    );
  }
  if (params.get("state") !== flow.state) {
    return authProblem(
      400,
      "Another sign-in replaced this one",
      "A newer sign-in was started in this browser (another tab?) after this one. Finish that one, or start again.",
      flow.returnTo,
    );
  }
  // The URL the provider redirected to, as registered there (BATON_CONSOLE_URL), whatever host reached us.
  const callbackUrl = consoleHref(cfg, `/auth/callback${req.nextUrl.search}`);
  let session: ConsoleSession;
  try {
    session = await finishLogin(cfg, callbackUrl, flow);
  } catch (err) {
    const why = oidcErrorText(err);
    console.warn(`console: a sign-in failed: ${why}`);
    return authProblem(
      401,
      "Sign-in failed",
      `The identity provider's answer was not accepted (${why}).`,
      flow.returnTo,
    );
  }
  const res = NextResponse.redirect(consoleHref(cfg, flow.returnTo), 303);
  await writeSession(
    cfg,
    session,
    req.cookies.getAll().map((c) => c.name),
    res.cookies,
  );
  res.cookies.set(LOGIN_COOKIE, "", cookieOptions(cfg, 0, "/auth"));
  res.headers.set("cache-control", "no-store");
  return res;
}
