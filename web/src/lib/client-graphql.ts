"use client";
import { type Client, createClient } from "graphql-ws";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { TypedDocumentString } from "@/generated/graphql";

export const GraphQLUrlContext = createContext<string>("");

const wsClients = new Map<string, Client>();
function wsClient(url: string): Client {
  let client = wsClients.get(url);
  if (!client) {
    client = createClient({
      url: url.replace(/^http/, "ws"),
      connectionParams: { "x-baton-actor": "console" },
      retryAttempts: 20,
      lazy: true,
    });
    wsClients.set(url, client);
  }
  return client;
}

type Vars<TVariables> = TVariables extends Record<string, never> ? Record<string, never> | undefined : TVariables;

/** A query or mutation from the browser; throws an Error whose message is the API's. */
export async function browserRequest<TResult, TVariables>(
  url: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: Vars<TVariables>,
): Promise<TResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-baton-actor": "console" },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new Error(`Cannot reach the control plane at ${url}.`);
  }
  const body = (await res.json().catch(() => ({}))) as { data?: TResult | null; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  if (!body.data) throw new Error(`The control plane answered HTTP ${res.status} without data.`);
  return body.data;
}

export function useGraphQLUrl(): string {
  return useContext(GraphQLUrlContext);
}

/** [run, state]: run resolves with the data, or undefined after putting the API's message in state.error. */
export function useMutation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
): [
  (variables: Vars<TVariables>) => Promise<TResult | undefined>,
  { pending: boolean; error: string | null; clear: () => void },
] {
  const url = useGraphQLUrl();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (variables: Vars<TVariables>) => {
      setPending(true);
      setError(null);
      try {
        return await browserRequest(url, document, variables);
      } catch (err) {
        setError((err as Error).message);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [url, document],
  );
  const clear = useCallback(() => setError(null), []);
  return [run, { pending, error, clear }];
}

/**
 * Subscribes over graphql-ws while `variables` (compared as JSON) stay the same.
 * onData gets every payload; onError a sentence; onComplete when the server ends it.
 */
export function useSubscription<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  handlers: { onData: (data: TResult) => void; onError?: (message: string) => void; onComplete?: () => void },
  enabled = true,
): void {
  const url = useGraphQLUrl();
  const ref = useRef(handlers);
  ref.current = handlers;
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (!enabled) return;
    const dispose = wsClient(url).subscribe<TResult>(
      { query: document.toString(), variables: JSON.parse(key) as Record<string, unknown> },
      {
        next: (payload) => {
          if (payload.errors?.length) ref.current.onError?.(payload.errors.map((e) => e.message).join("; "));
          else if (payload.data) ref.current.onData(payload.data);
        },
        error: (err) =>
          ref.current.onError?.(
            err instanceof Error ? err.message : `Live updates from ${url} stopped; reload the page to try again.`,
          ),
        complete: () => ref.current.onComplete?.(),
      },
    );
    return dispose;
  }, [url, document, key, enabled]);
}
