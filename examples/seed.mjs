// Registers every gym example with a running Baton, as an app and a task,
// creates the DAG gym-nightly, and launches each once, so a new user sees
// real runs at once. Safe to run again: what exists is left alone, and the
// launches carry idempotency keys, so a second run launches nothing new.
//
//   node examples/seed.mjs [GRAPHQL_URL] [--no-launch]
//
// GRAPHQL_URL is the GraphQL URL `npm start` printed; without it, BATON_URL
// is used, else http://127.0.0.1:4000/graphql. Needs the SDK built (`npm
// start` and `npm run build` build it; or: cd sdk && npx tsc -p tsconfig.json).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith("--")) ?? process.env.BATON_URL ?? "http://127.0.0.1:4000/graphql";
const launch = !args.includes("--no-launch");
const here = dirname(fileURLToPath(import.meta.url));
const VERSION = "1.0.0";

const TASKS = [
  "expire-passes",
  "bulk-grant-passes",
  "class-reminder",
  "deduct-pass-after-class",
  "statistics",
  "export-excel",
];
const DAG = { name: "gym-nightly", definition: "expire-passes && <statistics || export-excel>" };

class GraphQLRequestError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.code = errors[0]?.extensions?.code;
  }
}

async function gql(query, variables) {
  let res;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-baton-actor": "examples/seed.mjs" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new Error(
      `cannot reach Baton at ${url} (${err.cause?.code ?? err.message}); is it running (npm start)? Pass the GraphQL URL it printed, or set BATON_URL.`,
    );
  }
  const body = await res.json();
  if (body.errors?.length) throw new GraphQLRequestError(body.errors);
  return body.data;
}

/** Runs a create mutation; "already exists" is fine, anything else is not. */
async function ensure(what, mutation) {
  try {
    await mutation();
    console.log(`created ${what}`);
  } catch (err) {
    if (err.code === "CONFLICT" && /already/.test(err.message)) console.log(`${what}: already there (${err.message})`);
    else throw new Error(`${what}: ${err.message}`);
  }
}

if (!existsSync(join(here, "..", "sdk", "dist", "index.js"))) {
  console.error("The SDK is not built: run npm run build (or cd sdk && npx tsc -p tsconfig.json) first.");
  process.exit(1);
}

for (const task of TASKS) {
  const app = `gym-${task}`;
  const uri = pathToFileURL(join(here, `${task}.mjs`)).href;
  // registerApp answers an identical registration with the version that exists: ask first, to say which it was.
  const known = await gql(`query($name: String!) { app(name: $name) { versions { version uri } } }`, { name: app });
  if (known.app?.versions.some((v) => v.version === VERSION && v.uri === uri)) {
    console.log(`app ${app} ${VERSION}: already there`);
  } else {
    await ensure(`app ${app} ${VERSION} (${uri})`, () =>
      gql(`mutation($i: RegisterAppInput!) { registerApp(input: $i) { version } }`, {
        i: { name: app, version: VERSION, uri },
      }),
    );
  }
  await ensure(`task ${task}`, () =>
    gql(`mutation($i: CreateTaskInput!) { createTask(input: $i) { name } }`, {
      i: { name: task, app, properties: { timeoutSeconds: 600 } },
    }),
  );
}
await ensure(`DAG ${DAG.name}: ${DAG.definition}`, () =>
  gql(`mutation($i: CreateDagInput!) { createDag(input: $i) { name version } }`, { i: DAG }),
);

if (launch) {
  const run = await gql(`mutation($i: LaunchDagInput!) { launchDag(input: $i) { id status } }`, {
    i: { name: DAG.name, idempotencyKey: `seed:${DAG.name}` },
  });
  console.log(`launched DAG ${DAG.name}: run ${run.launchDag.id} (${run.launchDag.status})`);
  for (const task of ["bulk-grant-passes", "class-reminder", "deduct-pass-after-class"]) {
    const execution = await gql(`mutation($i: LaunchTaskInput!) { launchTask(input: $i) { id status } }`, {
      i: { task, idempotencyKey: `seed:${task}` },
    });
    console.log(`launched ${task}: execution ${execution.launchTask.id} (${execution.launchTask.status})`);
  }
}
console.log(`Done. Open the console, or: curl -s ${url} -H 'content-type: application/json' \\`);
console.log(`  -d '{"query":"{ executions(first: 10) { edges { node { id status task { name } } } } }"}'`);
