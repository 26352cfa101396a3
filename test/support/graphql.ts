import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface CollectOptions<T> {
  timeoutMs?: number;
  /** Called once, when the first payload arrives (the subscription is being served). */
  onFirst?: () => void;
  /** Called for every payload as it arrives, before the subscription completes. */
  onNext?: (value: GraphQLResult<T>) => void;
}

export interface GraphQLClient {
  url: string;
  request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  /** Returns data or throws with the errors: for steps that must succeed. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Collects every payload until the subscription completes (or the timeout). */
  collect<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    options?: CollectOptions<T>,
  ): Promise<GraphQLResult<T>[]>;
  close(): Promise<void>;
}

export interface ClientOptions {
  /** Sent with every HTTP request, e.g. {authorization: "Bearer ..."}. */
  headers?: Record<string, string>;
  /** graphql-ws connection_init payload, e.g. {authorization: "Bearer ..."}. */
  connectionParams?: Record<string, unknown>;
  /** Told when the WebSocket closes (code and reason). */
  onClosed?: (code: number, reason: string) => void;
}

export function graphqlClient(url: string, options: ClientOptions = {}): GraphQLClient {
  let ws: Client | undefined;
  const wsClient = () => {
    ws ??= createClient({
      url: url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      ...(options.connectionParams ? { connectionParams: options.connectionParams } : {}),
      ...(options.onClosed
        ? {
            on: {
              closed: (event: unknown) => {
                const e = event as { code?: number; reason?: string };
                options.onClosed?.(e.code ?? 0, e.reason ?? "");
              },
            },
          }
        : {}),
    });
    return ws;
  };
  const request = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResult<T>> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResult<T>;
  };
  return {
    url,
    request,
    async ok<T>(query: string, variables?: Record<string, unknown>) {
      const result = await request<T>(query, variables);
      if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
    collect<T>(query: string, variables: Record<string, unknown>, options: CollectOptions<T> = {}) {
      return new Promise<GraphQLResult<T>[]>((resolve, reject) => {
        const results: GraphQLResult<T>[] = [];
        let first = true;
        const timer = setTimeout(() => {
          dispose();
          reject(
            new Error(
              `subscription did not complete within ${options.timeoutMs ?? 30_000} ms; got ${results.length} payloads`,
            ),
          );
        }, options.timeoutMs ?? 30_000);
        const dispose = wsClient().subscribe<T>(
          { query, variables },
          {
            next: (value) => {
              results.push(value as GraphQLResult<T>);
              if (first) {
                first = false;
                options.onFirst?.();
              }
              options.onNext?.(value as GraphQLResult<T>);
            },
            error: (err) => {
              clearTimeout(timer);
              const closed = err as { code?: unknown; reason?: unknown };
              reject(
                err instanceof Error
                  ? err
                  : typeof closed.code === "number"
                    ? new Error(`socket closed ${closed.code}: ${String(closed.reason)}`)
                    : new Error(JSON.stringify(err)),
              );
            },
            complete: () => {
              clearTimeout(timer);
              resolve(results);
            },
          },
        );
      });
    },
    async close() {
      await ws?.dispose();
    },
  };
}
