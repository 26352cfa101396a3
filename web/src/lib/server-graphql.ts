import { cookies } from "next/headers";
import type { TypedDocumentString } from "@/generated/graphql";
import { authConfig, readSession } from "@/lib/auth/server";

/** The control plane's GraphQL URL (server side; handed to the browser by the root layout). */
export function graphqlUrl(): string {
  return process.env.BATON_GRAPHQL_URL ?? "http://127.0.0.1:4000/graphql";
}

export type ServerResult<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * Who the API sees: with sign-in on, the session's bearer token (the proxy
 * has refreshed it); in local mode the console's actor header, as before.
 */
async function identityHeaders(): Promise<Record<string, string> | string> {
  const cfg = authConfig();
  if (cfg.mode === "off") return { "x-baton-actor": "console" };
  const session = await readSession(cfg, await cookies());
  if (!session) return "You are not signed in: reload the page to sign in.";
  return { authorization: `Bearer ${session.token}` };
}

/** Runs a query from a server component: data, or a sentence saying what went wrong. */
export async function serverQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<ServerResult<TResult>> {
  const url = graphqlUrl();
  const identity = await identityHeaders();
  if (typeof identity === "string") return { ok: false, error: identity };
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...identity },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      cache: "no-store",
    });
  } catch (err) {
    return { ok: false, error: `Cannot reach the control plane at ${url} (${(err as Error).message}). Is it running?` };
  }
  const body = (await res.json().catch(() => ({}))) as { data?: TResult; errors?: { message: string }[] };
  if (body.errors?.length) return { ok: false, error: body.errors.map((e) => e.message).join("; ") };
  if (!body.data) return { ok: false, error: `The control plane answered HTTP ${res.status} without data.` };
  return { ok: true, data: body.data };
}
