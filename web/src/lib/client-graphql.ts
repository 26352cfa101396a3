"use client";
import { type Client, createClient } from "graphql-ws";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { TypedDocumentString } from "@/generated/graphql";

export const GraphQLUrlContext = createContext<string>("");

/** The close code the API ends a socket with when its token expired or was revoked. */
const AUTH_CLOSE_CODE = 4403;
/** Ask /auth/session again when the cached token expires within this long (it refreshes at 60 s). */
const TOKEN_MARGIN_MS = 60_000;

let signInOn = false;
let cached: { token: string; expiresAt: number } | undefined;
let fetching: Promise<string> | undefined;

/** Set by the root layout's Providers: with sign-in on, requests carry the session's bearer token. */
export function configureSignIn(on: boolean): void {
  signInOn = on;
}

/** The session's bearer token from /auth/session, cached until it nears expiry. */
function bearerToken(): Promise<string> {
  if (cached && cached.expiresAt - Date.now() > TOKEN_MARGIN_MS) return Promise.resolve(cached.token);
  fetching ??= (async () => {
    let res: Response;
    try {
      res = await fetch("/auth/session", { cache: "no-store", credentials: "same-origin" });
    } catch {
      throw new Error("Cannot reach the console to get your session; check the connection and try again.");
    }
    const body = (await res.json().catch(() => ({}))) as { token?: string; expiresAt?: number; error?: string };
    if (!res.ok || !body.token || typeof body.expiresAt !== "number") {
      cached = undefined;
      throw new Error(body.error ?? `Your session could not be read (HTTP ${res.status}): reload the page to sign in.`);
    }
    cached = { token: body.token, expiresAt: body.expiresAt };
    return body.token;
  })().finally(() => {
    fetching = undefined;
  });
  return fetching;
}

/** Who the API sees: the bearer token with sign-in on, the console's actor header in local mode. */
async function identityHeaders(): Promise<Record<string, string>> {
  if (!signInOn) return { "x-baton-actor": "console" };
  return { authorization: `Bearer ${await bearerToken()}` };
}

const wsClients = new Map<string, Client>();
function wsClient(url: string): Client {
  let client = wsClients.get(url);
  if (!client) {
    client = createClient({
      url: url.replace(/^http/, "ws"),
      // A function: every (re)connection sends the token of that moment.
      connectionParams: identityHeaders,
      retryAttempts: 20,
      lazy: true,
      on: {
        closed: (event) => {
          // The API closed the socket because the token expired or was revoked:
          // forget it, so the reconnection asks /auth/session for a fresh one.
          if ((event as { code?: number }).code === AUTH_CLOSE_CODE) cached = undefined;
        },
      },
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
  const identity = await identityHeaders();
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...identity },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new Error(`Cannot reach the control plane at ${url}.`);
  }
  // The API refused the token (expired early, revoked): the next request asks for a fresh one.
  if (res.status === 401) cached = undefined;
  const body = (await res.json().catch(() => ({}))) as { data?: TResult | null; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  if (!body.data) throw new Error(`The control plane answered HTTP ${res.status} without data.`);
  return body.data;
}

export function useGraphQLUrl(): string {
  return useContext(GraphQLUrlContext);
}

/** Told when any mutation on the page succeeds: an error shown for an earlier action is stale then. */
const successListeners = new Set<() => void>();

/**
 * Calls `onSuccess` whenever a mutation elsewhere on the page succeeds (a
 * form's own errors and notes go stale then: the state they spoke of moved on).
 */
export function useOtherActionSucceeded(onSuccess: () => void): void {
  const ref = useRef(onSuccess);
  ref.current = onSuccess;
  useEffect(() => {
    const listener = () => ref.current();
    successListeners.add(listener);
    return () => {
      successListeners.delete(listener);
    };
  }, []);
}

/**
 * [run, state]: run resolves with the data, or undefined after putting the
 * API's message in state.error. A success anywhere on the page clears every
 * other mutation's error, so no stale error stays beside a later success.
 */
export function useMutation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
): [
  (variables: Vars<TVariables>) => Promise<TResult | undefined>,
  { pending: boolean; error: string | null; clear: () => void },
] {
  const url = useGraphQLUrl();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const clearMine = useRef<() => void>(() => undefined);
  useOtherActionSucceeded(() => clearMine.current());
  clearMine.current = () => setError(null);
  const run = useCallback(
    async (variables: Vars<TVariables>) => {
      setPending(true);
      setError(null);
      try {
        const data = await browserRequest(url, document, variables);
        for (const listener of successListeners) listener();
        return data;
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
            err instanceof Error
              ? err.message
              : typeof (err as { reason?: unknown })?.reason === "string" && (err as { reason: string }).reason
                ? `Live updates stopped: ${(err as { reason: string }).reason}`
                : `Live updates from ${url} stopped; reload the page to try again.`,
          ),
        complete: () => ref.current.onComplete?.(),
      },
    );
    return dispose;
  }, [url, document, key, enabled]);
}
