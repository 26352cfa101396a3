import { createServer, type Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type Response } from "express";
import { GraphQLError, type GraphQLSchema, getOperationAST } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { EdgeConfig } from "../config.js";
import type { Identity } from "../domain/auth/identity.js";
import { BatonError } from "../domain/errors.js";
import type { Authenticator } from "../services/auth/authenticator.js";
import { ProviderUnavailable } from "../services/auth/oidc-verifier.js";
import type { RequestContext } from "../services/context.js";
import { isDatabaseUnavailable } from "../store/unavailable.js";
import { armorRules } from "./armor.js";
import { type Authorization, authorizeOperation } from "./authorize.js";
import { contextFor, localActor } from "./context.js";
import { type EdgePolicy, edgeMiddleware, upgradeAllowed } from "./edge.js";
import { formatError, httpErrorBody } from "./errors.js";
import { noIntrospection } from "./introspection.js";
import { LIMIT_VARIABLES } from "./limits.js";
import { guardPlugin, type OperationPayload, prepareOperation } from "./prepare.js";
import { AUTH_CLOSE_CODE, closeReason, type Sessions } from "./sessions.js";
import { sharedSubscribe } from "./shared-subscribe.js";

export interface HttpHandle {
  server: Server;
  close(): Promise<void>;
}

const PATH = "/graphql";

/**
 * POST /graphql (Apollo) and graphql-ws subscriptions on the same path and
 * port. Both ways in share the edge policy (Host, Origin), the limits
 * (tokens, depth, cost, aliases, directives) and the argument guard.
 */
export async function startHttp(
  schema: GraphQLSchema,
  options: {
    host: string;
    port: number;
    edge: EdgeConfig;
    log: (m: string) => void;
    ready: () => boolean;
    /** More for /healthz, e.g. whether this instance leads the background loops. */
    health?: () => Record<string, unknown>;
    /** POST /hooks/<trigger> (webhooks). */
    hooks?: express.Router;
    /** GET /readyz and /metrics (observability/routes.ts). */
    ops?: express.Router;
    /** Told when a graphql-ws subscription starts and ends (the baton_subscriptions_open gauge). */
    subscriptions?: { opened(): void; closed(): void };
    /** Who is calling (every request and connection) and what they may do (every operation). */
    auth: { authenticator: Authenticator; authorization: Authorization; sessions: Sessions };
  },
): Promise<HttpHandle> {
  const { limits } = options.edge;
  const app = express();
  app.disable("x-powered-by");
  const server = createServer(app);
  const policy: EdgePolicy = {
    host: options.host,
    port: () => {
      const address = server.address();
      return typeof address === "object" && address ? address.port : options.port;
    },
    corsOrigins: options.edge.corsOrigins,
    allowedHosts: options.edge.allowedHosts,
  };
  const rules = [...armorRules(limits), ...(options.edge.introspection ? [] : [noIntrospection])];
  const { authenticator, authorization, sessions } = options.auth;
  /** The identity behind a credential, or a GraphQL error saying why there is none. */
  const identify = async (authorization: string | undefined, get: (name: string) => string | undefined) => {
    try {
      return await authenticator.identify(authorization, localActor(get));
    } catch (err) {
      if (err instanceof BatonError) {
        throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: 401 } } });
      }
      if (err instanceof ProviderUnavailable) {
        throw new GraphQLError(err.message, {
          extensions: { code: "SERVICE_UNAVAILABLE", retryable: true, http: { status: 503 } },
        });
      }
      if (isDatabaseUnavailable(err)) {
        throw new GraphQLError("Cannot check the API token now: the database is unavailable. Try again shortly.", {
          extensions: { code: "SERVICE_UNAVAILABLE", retryable: true, http: { status: 503 } },
        });
      }
      throw err;
    }
  };
  const identities = new WeakMap<object, Identity>();
  // Subscriptions running per connection, so each is counted out once (completed, or its socket closed).
  const running = new WeakMap<object, Set<string>>();
  const counted = options.subscriptions;

  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.bodyBytes });
  server.on("upgrade", (req, socket, head) => {
    if (upgradeAllowed(req, socket, PATH, policy)) {
      wss.handleUpgrade(req, socket, head, (client) => wss.emit("connection", client, req));
    }
  });
  const format = (err: GraphQLError) => formatError(err.toJSON(), err, options.log);
  const param = (params: Record<string, unknown> | undefined) => (name: string) => {
    const value = params?.[name] ?? params?.[name.toLowerCase()];
    return typeof value === "string" ? value : undefined;
  };
  const ws = useServer(
    {
      schema,
      // A live event is executed once per distinct operation and audience, not once per subscriber.
      subscribe: sharedSubscribe(audienceOf),
      // Authentication in connection_init: {authorization: "Bearer <token>"}.
      onConnect: async (ctx) => {
        const get = param(ctx.connectionParams);
        const credential = get("authorization") ?? get("Authorization");
        try {
          const identity = await identify(credential, get);
          identities.set(ctx, identity);
          const socket = ctx.extra.socket;
          const end = sessions.add(identity, credential?.replace(/^Bearer\s+/i, ""), (code, reason) =>
            socket.close(code, reason),
          );
          socket.once("close", end);
          return true;
        } catch (err) {
          const unavailable = err instanceof GraphQLError && err.extensions.code === "SERVICE_UNAVAILABLE";
          const label = unavailable ? "Unavailable" : "Unauthenticated";
          ctx.extra.socket.close(AUTH_CLOSE_CODE, closeReason(`${label}: ${(err as Error).message}`));
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const prepared = prepareOperation(schema, payload as OperationPayload, { maxTokens: limits.tokens, rules });
        if (Array.isArray(prepared)) return prepared;
        const identity = identities.get(ctx);
        if (!identity) return [new GraphQLError("Not authenticated.", { extensions: { code: "UNAUTHENTICATED" } })];
        const operation = getOperationAST(prepared.document, payload.operationName);
        if (!operation) return prepared;
        const refused = await authorizeOperation(
          schema,
          prepared.document,
          operation,
          payload.variables,
          identity,
          authorization,
        );
        return refused ? [refused] : prepared;
      },
      context: (ctx) => {
        const identity = identities.get(ctx);
        if (!identity) throw new GraphQLError("Not authenticated.", { extensions: { code: "UNAUTHENTICATED" } });
        return contextFor(identity, param(ctx.connectionParams));
      },
      onOperation: (ctx, id, _payload, _args, result) => {
        if (!counted || !(Symbol.asyncIterator in (result as object))) return;
        const set = running.get(ctx) ?? new Set<string>();
        running.set(ctx, set);
        set.add(id);
        counted.opened();
      },
      onComplete: (ctx, id) => {
        if (running.get(ctx)?.delete(id)) counted?.closed();
      },
      onClose: (ctx) => {
        for (const _ of running.get(ctx) ?? []) counted?.closed();
        running.delete(ctx);
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => format(e as GraphQLError)) } : undefined,
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => new GraphQLError(format(e).message, { extensions: format(e).extensions })),
    },
    wss,
  );
  const apollo = new ApolloServer({
    schema,
    formatError: (formatted, error) => formatError(formatted, error, options.log),
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: limits.batch > 1,
    // Introspection is refused by the noIntrospection rule instead, the same over both ways in.
    introspection: true,
    parseOptions: { maxLexicalTokens: limits.tokens },
    validationRules: rules,
    plugins: [
      guardPlugin,
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ schema, document, operation, request, contextValue }) {
              const identity = (contextValue as { identity?: Identity }).identity;
              if (!operation || !identity) return;
              const refused = await authorizeOperation(
                schema,
                document,
                operation,
                request.variables,
                identity,
                authorization,
              );
              if (refused) throw refused;
            },
          };
        },
      },
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { serverWillStart: async () => ({ drainServer: async () => void (await ws.dispose()) }) },
    ],
  });
  await apollo.start();
  app.get("/healthz", (_req, res) => {
    res.status(options.ready() ? 200 : 503).json({ ok: options.ready(), ...options.health?.() });
  });
  if (options.ops) app.use(options.ops);
  if (options.hooks) app.use("/hooks", edgeMiddleware(policy), options.hooks);
  app.use(
    PATH,
    edgeMiddleware(policy),
    express.json({ limit: limits.bodyBytes }),
    (req: Request, res: Response, next: NextFunction) => {
      if (Array.isArray(req.body) && req.body.length > limits.batch) {
        const message =
          limits.batch > 1
            ? `A batch may hold at most ${limits.batch} operations; this one has ${req.body.length}. Send fewer per request (the limit is set by ${LIMIT_VARIABLES.batch}).`
            : `Batched operations are off; send one operation per request (${LIMIT_VARIABLES.batch} allows batches).`;
        res.status(400).json(httpErrorBody(message, "BAD_REQUEST"));
      } else next();
    },
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const get = (name: string) => req.get(name);
        return contextFor(await identify(req.get("authorization"), get), get);
      },
    }),
  );
  // Express's own error page carries a stack trace outside production: answer JSON instead.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: unknown; type?: unknown; message?: unknown };
    const status = typeof e.status === "number" && e.status >= 400 && e.status < 500 ? e.status : 500;
    if (status === 500) options.log(`HTTP error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const message =
      e.type === "entity.too.large"
        ? `The request body is larger than ${limits.bodyBytes} bytes; send less (the limit is set by ${LIMIT_VARIABLES.bodyBytes}).`
        : e.type === "entity.parse.failed"
          ? 'The request body is not valid JSON; send {"query": "...", "variables": {...}} with content-type application/json.'
          : status === 500
            ? "Internal error; the control plane logged the details."
            : `The request was refused: ${typeof e.message === "string" ? e.message : "bad request"}.`;
    res.status(status).json(httpErrorBody(message, status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    close: async () => {
      await apollo.stop();
    },
  };
}

/** Who a subscription's results are for: the same grants see the same data. */
function audienceOf(contextValue: unknown): string {
  const identity = (contextValue as RequestContext).identity;
  return identity ? `${identity.kind}\u0000${JSON.stringify(identity.grants)}` : "";
}
