#!/usr/bin/env node
// `node bench/auth.mjs`: what authentication costs a request (issue 13).
// Two stacks on this machine, side by side in one run:
//   bare (local mode): no authentication, as `npm start` runs;
//   oidc:  BATON_AUTH=oidc against a real OpenID provider (oidc-provider on a
//          free port), every request carrying a provider JWT (checked with
//          jose against the provider's keys) or a Baton API token (a SHA-256
//          lookup in Postgres), and every operation checked against the
//          permission table.
// Measured, alternating after warm-up: a small query's HTTP round trip, and a
// launch of /bin/true to its terminal event on a graphql-ws subscription.
import { performance } from "node:perf_hooks";
import { ROLE_MAP, startOidcProvider } from "@baton/control-plane/testing";
import { gqlAt, latencyLine, overheadLine, positive, startBaton } from "./harness.mjs";

const N = positive("BENCH_AUTH_RUNS", 200);
const LAUNCHES = positive("BENCH_AUTH_LAUNCHES", 40);
const WARMUP = 10;
const line = (name, xs) => latencyLine(name, xs, 44);

const provider = await startOidcProvider();
const jwt = async () => `Bearer ${(await provider.clientToken("admin")).token}`;
const bare = await startBaton("auth-bare");
const oidc = await startBaton("auth-oidc", {
  env: {
    BATON_AUTH: "oidc",
    BATON_OIDC_ISSUER: provider.issuer,
    BATON_OIDC_AUDIENCE: provider.audience,
    BATON_OIDC_ROLE_MAP: ROLE_MAP,
    BATON_MUTATION_RATE_LIMIT: "0",
  },
  authorization: jwt,
});
const { createApiToken } = await oidc.gql(
  `mutation { createApiToken(input: { name: "bench", grants: [{ role: VIEW }, { role: DEPLOY }] }) { token } }`,
);
const withApiToken = gqlAt(oidc.url, { authorization: `Bearer ${createApiToken.token}` });

for (const b of [bare, oidc]) {
  await b.gql(`mutation { registerApp(input: { name: "true", version: "1", uri: "file:///bin/true" }) { version } }`);
  await b.gql(`mutation { createTask(input: { name: "true", app: "true" }) { name } }`);
}

const QUERY = "{ tasks { name } }";
const timed = async (fn) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const query = { bare: [], jwt: [], token: [] };
for (let i = 0; i < N + WARMUP; i++) {
  const b = await timed(() => bare.gql(QUERY));
  const j = await timed(() => oidc.gql(QUERY));
  const t = await timed(() => withApiToken(QUERY));
  if (i < WARMUP) continue;
  query.bare.push(b);
  query.jwt.push(j);
  query.token.push(t);
}
const launch = { bare: [], jwt: [] };
for (let i = 0; i < LAUNCHES + 3; i++) {
  const b = (await bare.timedLaunch("true")).ms;
  const j = (await oidc.timedLaunch("true")).ms;
  if (i < 3) continue;
  launch.bare.push(b);
  launch.jwt.push(j);
}

console.log(`\nAuthentication (${N} queries and ${LAUNCHES} launches each, alternating)`);
console.log(`  query ${QUERY} over HTTP:`);
console.log(line("bare: local mode, no authentication", query.bare));
console.log(line("provider JWT (jose, cached JWKS)", query.jwt));
console.log(line("Baton API token (hash lookup)", query.token));
console.log(overheadLine("overhead of a JWT", query.jwt, query.bare));
console.log(overheadLine("overhead of an API token", query.token, query.bare));
console.log("  launch of /bin/true to its terminal event:");
console.log(line("bare: local mode", launch.bare));
console.log(line("provider JWT", launch.jwt));
console.log(overheadLine("overhead of authentication", launch.jwt, launch.bare));

await Promise.all([bare.stop(), oidc.stop()]);
await provider.stop();
