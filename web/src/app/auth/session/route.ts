import { type NextRequest, NextResponse } from "next/server";
import { oidcErrorText, refreshSession } from "@/lib/auth/oidc";
import { authConfig, clearSession, readSession, writeSession } from "@/lib/auth/server";
import { type ConsoleSession, isUsable, needsRefresh } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** What the browser's GraphQL calls need: the bearer token, until when it is good, and who it is. */
export interface SessionAnswer {
  token: string;
  expiresAt: number;
  name: string;
}

const ended = (message: string) =>
  NextResponse.json({ error: message }, { status: 401, headers: { "cache-control": "no-store" } });

/**
 * The signed-in user's bearer token for the browser's requests to the API
 * (HTTP and graphql-ws), refreshed with the refresh token when it expires
 * within 60 s. Same-origin only: no CORS headers, so other sites cannot read it.
 */
export async function GET(req: NextRequest): Promise<Response> {
  const cfg = authConfig();
  if (cfg.mode === "off")
    return NextResponse.json({ error: "Sign-in is off (BATON_AUTH is not oidc)." }, { status: 404 });
  let session = await readSession(cfg, req.cookies);
  if (!session || !isUsable(session)) return ended("You are not signed in: reload the page to sign in.");
  const present = req.cookies.getAll().map((c) => c.name);
  let refreshed: ConsoleSession | undefined;
  if (needsRefresh(session) && session.refreshToken) {
    try {
      refreshed = await refreshSession(cfg, session);
      session = refreshed;
    } catch (err) {
      if (session.expiresAt <= Date.now()) {
        const res = ended(`Your session has ended (${oidcErrorText(err)}): reload the page to sign in again.`);
        clearSession(cfg, present, res.cookies);
        return res;
      }
    }
  }
  if (session.expiresAt <= Date.now()) return ended("Your session has ended: reload the page to sign in again.");
  const body: SessionAnswer = { token: session.token, expiresAt: session.expiresAt, name: session.name };
  const res = NextResponse.json(body, { headers: { "cache-control": "no-store" } });
  if (refreshed) await writeSession(cfg, refreshed, present, res.cookies);
  return res;
}
