import { createServer, type Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { contextFrom } from "./context.js";
import { formatError } from "./errors.js";

export interface HttpHandle {
  server: Server;
  close(): Promise<void>;
}

/** POST /graphql (Apollo) and graphql-ws subscriptions on the same path and port. */
export async function startHttp(
  schema: GraphQLSchema,
  options: { host: string; port: number; corsOrigin: string; log: (m: string) => void; ready: () => boolean },
): Promise<HttpHandle> {
  const app = express();
  const server = createServer(app);
  const wss = new WebSocketServer({ server, path: "/graphql" });
  const format = (err: GraphQLError) => formatError(err.toJSON(), err, options.log);
  const ws = useServer(
    {
      schema,
      context: (ctx) => {
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        return contextFrom((name) => (typeof params[name] === "string" ? (params[name] as string) : undefined));
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
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { serverWillStart: async () => ({ drainServer: async () => void (await ws.dispose()) }) },
    ],
  });
  await apollo.start();
  app.get("/healthz", (_req, res) => {
    res.status(options.ready() ? 200 : 503).json({ ok: options.ready() });
  });
  // The console (another origin) calls the API from the browser.
  app.use("/graphql", (req, res, next) => {
    res.setHeader("Access-Control-Allow-Origin", options.corsOrigin);
    res.setHeader("Access-Control-Allow-Headers", "content-type, x-baton-actor, x-correlation-id");
    res.setHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
    if (req.method === "OPTIONS") res.status(204).end();
    else next();
  });
  app.use(
    "/graphql",
    express.json({ limit: "8mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFrom((name) => req.get(name)),
    }),
  );
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
