#!/usr/bin/env node
// Follows one execution live over graphql-ws, printing every event in order,
// replayed from the start and then live, until the run ends.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const USAGE = `usage: node scripts/watch.mjs <executionId> [graphql-url]

graphql-url is the GraphQL URL \`npm start\` printed ("Baton is running. GraphQL ...: <url>").
Without it, BATON_URL is used, else http://127.0.0.1:4000/graphql. http:// and ws:// both work.`;

const [id, argUrl] = process.argv.slice(2);
if (!id || id === "--help" || id === "-h") {
  console.error(USAGE);
  process.exit(2);
}
const url = argUrl ?? process.env.BATON_URL ?? "http://127.0.0.1:4000/graphql";
const wsUrl = url.replace(/^http/, "ws");
const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });

/** graphql-ws reports a failed connection as an event or a close event, not an Error. */
function describe(err) {
  if (err instanceof Error) return err.message;
  if (err && typeof err === "object") {
    if ("code" in err && "reason" in err)
      return `connection closed (${err.code}${err.reason ? `: ${err.reason}` : ""})`;
    if ("message" in err && err.message) return String(err.message);
    if ("error" in err && err.error instanceof Error) return err.error.message;
  }
  return JSON.stringify(err);
}

client.subscribe(
  {
    query: `subscription($id: ID!) { executionEvents(executionId: $id, replay: true) {
      seq kind status cause at log { stream text } step { name status readCount writeCount commitCount skipCount } } }`,
    variables: { id },
  },
  {
    next: ({ data, errors }) => {
      if (errors) return console.error(errors.map((e) => e.message).join("\n"));
      const e = data.executionEvents;
      const what =
        e.kind === "LOG"
          ? `${e.log.stream}: ${e.log.text}`
          : e.kind === "STEP"
            ? `step ${e.step.name} ${e.step.status} read=${e.step.readCount} write=${e.step.writeCount} commit=${e.step.commitCount} skip=${e.step.skipCount}`
            : `${e.status} (${e.cause})`;
      console.log(`#${e.seq} ${e.at} ${e.kind.padEnd(6)} ${what}`);
    },
    error: (err) => {
      console.error(`${describe(err)} (watching ${wsUrl})`);
      console.error("Is Baton running? Pass the GraphQL URL `npm start` printed, or set BATON_URL.");
      process.exit(1);
    },
    complete: () => client.dispose(),
  },
);
