import { type NextRequest, NextResponse } from "next/server";
import { endSessionUrl } from "@/lib/auth/oidc";
import { authConfig, clearSession, consoleHref, readSession } from "@/lib/auth/server";
import { authProblem } from "../problem";

export const dynamic = "force-dynamic";

/**
 * Signs out (a POST, from the nav's button): clears the session cookies,
 * then ends the provider's session at its end_session_endpoint when it has
 * one (so the next sign-in asks who you are), or goes back to the console.
 */
export async function POST(req: NextRequest): Promise<Response> {
  const cfg = authConfig();
  if (cfg.mode === "off") return NextResponse.redirect(new URL("/", req.nextUrl.origin), 303);
  // Only the console's own pages sign out: another site cannot post here to end a session.
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== cfg.consoleUrl && origin !== req.nextUrl.origin) {
    return authProblem(
      403,
      "Sign-out refused",
      `A page of ${origin} asked to sign you out of Baton; only the console may.`,
    );
  }
  const session = await readSession(cfg, req.cookies);
  const target = (await endSessionUrl(cfg, session)) ?? consoleHref(cfg, "/");
  const res = NextResponse.redirect(target, 303);
  clearSession(
    cfg,
    req.cookies.getAll().map((c) => c.name),
    res.cookies,
  );
  res.headers.set("cache-control", "no-store");
  return res;
}
