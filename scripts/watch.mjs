#!/usr/bin/env node
// Follows one execution live over graphql-ws, printing every event in order:
//   node scripts/watch.mjs <executionId> [graphql-url]
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [id, url = `http://127.0.0.1:${process.env.PORT ?? 4000}/graphql`] = process.argv.slice(2);
if (!id) {
  console.error("usage: node scripts/watch.mjs <executionId> [graphql-url]");
  process.exit(2);
}
const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket });
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
      console.error(err instanceof Error ? err.message : JSON.stringify(err));
      process.exit(1);
    },
    complete: () => client.dispose(),
  },
);
