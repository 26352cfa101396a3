import {
  type ExecutionResult,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  subscribe as plainSubscribe,
} from "graphql";
import { describe, expect, it } from "vitest";
import { sharedSubscribe } from "./shared-subscribe.js";

interface Tick {
  n: number;
}

/** A schema whose `ticks` subscription yields the same Tick objects to every subscriber, counting label executions. */
function fixture() {
  const ticks: Tick[] = [{ n: 1 }, { n: 2 }, { n: 3 }];
  let executions = 0;
  let ended = 0;
  const TickType = new GraphQLObjectType({
    name: "Tick",
    fields: {
      n: { type: GraphQLInt },
      label: {
        type: GraphQLString,
        args: { prefix: { type: GraphQLString } },
        resolve: (t: Tick, args: { prefix?: string }) => {
          executions++;
          return `${args.prefix ?? ""}${t.n}`;
        },
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
    subscription: new GraphQLObjectType({
      name: "Subscription",
      fields: {
        ticks: {
          type: TickType,
          subscribe: async function* () {
            try {
              for (const t of ticks) yield t;
            } finally {
              ended++;
            }
          },
          resolve: (t: Tick) => t,
        },
      },
    }),
  });
  return { schema, executions: () => executions, ended: () => ended };
}

const collect = async (stream: unknown): Promise<unknown[]> => {
  const out: unknown[] = [];
  for await (const r of stream as AsyncIterable<ExecutionResult>) out.push(r.data);
  return out;
};

describe("sharedSubscribe", () => {
  const query = parse(`subscription($p: String) { ticks { n label(prefix: $p) } }`);

  it("executes an event once for subscribers of the same operation, variables and audience", async () => {
    const f = fixture();
    const subscribe = sharedSubscribe((ctx) => String((ctx as { who: string }).who));
    const streams = await Promise.all(
      Array.from({ length: 5 }, () =>
        subscribe({
          schema: f.schema,
          document: parse(`subscription($p: String) { ticks { n label(prefix: $p) } }`),
          variableValues: { p: "#" },
          contextValue: { who: "a" },
        }),
      ),
    );
    const all = await Promise.all(streams.map(collect));
    for (const got of all) expect(got).toEqual([1, 2, 3].map((n) => ({ ticks: { n, label: `#${n}` } })));
    expect(f.executions()).toBe(3);
  });

  it("executes apart for other variables or another audience, and gives each its own result", async () => {
    const f = fixture();
    const subscribe = sharedSubscribe((ctx) => String((ctx as { who: string }).who));
    const a = await subscribe({
      schema: f.schema,
      document: query,
      variableValues: { p: "a" },
      contextValue: { who: "x" },
    });
    const b = await subscribe({
      schema: f.schema,
      document: query,
      variableValues: { p: "b" },
      contextValue: { who: "x" },
    });
    const c = await subscribe({
      schema: f.schema,
      document: query,
      variableValues: { p: "a" },
      contextValue: { who: "y" },
    });
    const [ra, rb, rc] = await Promise.all([collect(a), collect(b), collect(c)]);
    expect(ra).toEqual([1, 2, 3].map((n) => ({ ticks: { n, label: `a${n}` } })));
    expect(rb).toEqual([1, 2, 3].map((n) => ({ ticks: { n, label: `b${n}` } })));
    expect(rc).toEqual(ra);
    expect(f.executions()).toBe(9);
  });

  it("answers like graphql-js's subscribe, and return() ends the source", async () => {
    const f = fixture();
    const shared = await sharedSubscribe(() => "")({ schema: f.schema, document: query, variableValues: { p: "" } });
    const plain = await plainSubscribe({ schema: f.schema, document: query, variableValues: { p: "" } });
    expect(await collect(shared)).toEqual(await collect(plain));
    const early = (await sharedSubscribe(() => "")({
      schema: f.schema,
      document: query,
    })) as AsyncGenerator<ExecutionResult>;
    expect((await early.next()).value?.data).toEqual({ ticks: { n: 1, label: "1" } });
    const endedBefore = f.ended();
    await early.return(undefined);
    expect(f.ended()).toBe(endedBefore + 1);
    const bad = await sharedSubscribe(() => "")({ schema: f.schema, document: parse(`subscription { nope }`) });
    expect((bad as ExecutionResult).errors?.[0]?.message).toMatch(/nope/);
  });
});
