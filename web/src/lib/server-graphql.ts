import type { TypedDocumentString } from "@/generated/graphql";

/** The control plane's GraphQL URL (server side; handed to the browser by the root layout). */
export function graphqlUrl(): string {
  return process.env.BATON_GRAPHQL_URL ?? "http://127.0.0.1:4000/graphql";
}

export type ServerResult<T> = { ok: true; data: T } | { ok: false; error: string };

/** Runs a query from a server component: data, or a sentence saying what went wrong. */
export async function serverQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<ServerResult<TResult>> {
  const url = graphqlUrl();
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-baton-actor": "console" },
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
