import { type NextRequest, NextResponse } from "next/server";
import { startLogin } from "@/lib/auth/oidc";
import { safeReturnTo } from "@/lib/auth/return-to";
import { authConfig, cookieOptions, sessionSecret } from "@/lib/auth/server";
import { LOGIN_COOKIE, LOGIN_TTL_SECONDS, sealLogin } from "@/lib/auth/session";
import { authProblem } from "../problem";

export const dynamic = "force-dynamic";

/**
 * Starts a sign-in: state, nonce and the PKCE verifier go into a short-lived
 * encrypted cookie, the browser to the provider's authorization endpoint.
 * `returnTo` (a path of this console) is where the callback ends up.
 */
export async function GET(req: NextRequest): Promise<Response> {
  const cfg = authConfig();
  const returnTo = safeReturnTo(req.nextUrl.searchParams.get("returnTo"));
  if (cfg.mode === "off") return NextResponse.redirect(new URL(returnTo, req.nextUrl.origin), 303);
  let started: Awaited<ReturnType<typeof startLogin>>;
  try {
    started = await startLogin(cfg, returnTo);
  } catch (err) {
    return authProblem(503, "Cannot sign in now", (err as Error).message, returnTo);
  }
  const res = NextResponse.redirect(started.url, 303);
  res.cookies.set(
    LOGIN_COOKIE,
    await sealLogin(started.flow, sessionSecret(cfg)),
    cookieOptions(cfg, LOGIN_TTL_SECONDS, "/auth"),
  );
  res.headers.set("cache-control", "no-store");
  return res;
}
