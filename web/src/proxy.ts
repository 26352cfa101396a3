import { type NextRequest, NextResponse } from "next/server";
import { oidcErrorText, refreshSession } from "@/lib/auth/oidc";
import { authConfig, consoleHref, readSession, sessionCookies, writeSession } from "@/lib/auth/server";
import { needsRefresh, SESSION_COOKIE, staleChunks } from "@/lib/auth/session";

/**
 * With BATON_AUTH=oidc every page needs a session: without one (or with one
 * that cannot be refreshed) the browser goes to /auth/login, coming back to
 * the page it asked for. A token that expires within 60 s is refreshed here,
 * and the fresh cookie goes both to the browser and on to the page's server
 * components. In local mode this does nothing.
 */
export async function proxy(req: NextRequest): Promise<NextResponse> {
  const cfg = authConfig();
  if (cfg.mode === "off") return NextResponse.next();
  const session = await readSession(cfg, req.cookies);
  if (session && !needsRefresh(session)) return NextResponse.next();
  if (session?.refreshToken) {
    try {
      const fresh = await refreshSession(cfg, session);
      const present = req.cookies.getAll().map((c) => c.name);
      const cookies = await sessionCookies(cfg, fresh);
      for (const c of cookies) req.cookies.set(c.name, c.value);
      for (const stale of staleChunks(SESSION_COOKIE, present, cookies.length)) req.cookies.delete(stale);
      const res = NextResponse.next({ request: { headers: req.headers } });
      await writeSession(cfg, fresh, present, res.cookies);
      return res;
    } catch (err) {
      // Its token serves until it expires; then this user signs in again.
      console.warn(`console: refreshing ${session.name}'s session failed: ${oidcErrorText(err)}`);
    }
  }
  if (session && session.expiresAt > Date.now()) return NextResponse.next();
  // Only a page the user opens starts a sign-in: a background request (the
  // router's refresh or prefetch) must not replace a sign-in under way. Next's
  // router answers a refused one by loading the page, which then signs in.
  if (!isNavigation(req)) {
    return new NextResponse("You are not signed in: reload the page to sign in.", {
      status: 401,
      headers: { "cache-control": "no-store" },
    });
  }
  const login = consoleHref(cfg, "/auth/login");
  login.searchParams.set("returnTo", `${req.nextUrl.pathname}${req.nextUrl.search}`);
  return NextResponse.redirect(login, 307);
}

/** Whether the browser is opening this page (not fetching it in the background). */
function isNavigation(req: NextRequest): boolean {
  if (req.method !== "GET" || req.headers.has("rsc") || req.headers.has("next-router-prefetch")) return false;
  const mode = req.headers.get("sec-fetch-mode");
  return mode === null || mode === "navigate";
}

export const config = {
  // The sign-in routes and static assets need no session.
  matcher: ["/((?!auth/|_next/static/|_next/image|favicon\\.ico).*)"],
};
