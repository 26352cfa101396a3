#!/usr/bin/env node
// Serves the production build (`next build` first) like `next start`, from any
// working directory: PORT (default 3000) and HOST (default 127.0.0.1).
// Prints "ready: <url>" once it listens; BATON_GRAPHQL_URL is read per request.
// With BATON_AUTH=oidc the console signs people in (src/lib/auth/config.ts
// lists the variables); src/instrumentation.ts checks them before "ready" and
// stops the process with a sentence when one is wrong.
import { createServer } from "node:http";
import next from "next";

const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((req, res) => void handle(req, res));
server.listen(port, hostname, () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(`ready: http://${hostname}:${actual}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
