import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  print,
} from "graphql";

type Result = ExecutionResult | Promise<ExecutionResult>;

const isAsyncIterable = (x: unknown): x is AsyncIterable<unknown> =>
  typeof x === "object" && x !== null && Symbol.asyncIterator in x;

/**
 * graphql-js's `subscribe`, with one difference: an event (the same object
 * reaching several subscriptions, as a live event reaches every console
 * tailing its run) is executed once per distinct operation, not once per
 * subscriber. Subscriptions share a result when they have the same document
 * text, operation name and variables and the same `audience` (the caller's
 * key for whatever a result may depend on besides them: who is asking).
 * Results are kept in a WeakMap keyed by the event, so they go when it does.
 * An event that is not an object is executed per subscriber, as before.
 */
export function sharedSubscribe(
  audience: (contextValue: unknown) => string,
): (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const texts = new WeakMap<DocumentNode, string>();
  const results = new WeakMap<object, Map<string, Result>>();
  const textOf = (document: DocumentNode): string => {
    let text = texts.get(document);
    if (text === undefined) {
      text = print(document);
      texts.set(document, text);
    }
    return text;
  };
  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const key = [
      textOf(args.document),
      args.operationName ?? "",
      JSON.stringify(args.variableValues ?? {}),
      audience(args.contextValue),
    ].join("\u0000");
    const run = (payload: unknown): Result => {
      if (typeof payload !== "object" || payload === null) return execute({ ...args, rootValue: payload });
      let byOperation = results.get(payload);
      if (!byOperation) {
        byOperation = new Map();
        results.set(payload, byOperation);
      }
      let result = byOperation.get(key);
      if (!result) {
        result = execute({ ...args, rootValue: payload });
        byOperation.set(key, result);
      }
      return result;
    };
    return mapEvents(source, run);
  };
}

/** Like graphql-js's mapAsyncIterator: each event mapped in order; return() and a failed map end the source. */
function mapEvents<T, U>(source: AsyncIterable<T>, map: (t: T) => U | Promise<U>): AsyncGenerator<U, void, void> {
  const it = source[Symbol.asyncIterator]();
  const end = async (): Promise<IteratorReturnResult<void>> => {
    await it.return?.();
    return { done: true, value: undefined };
  };
  const mapped: AsyncGenerator<U, void, void> = {
    async next() {
      const r = await it.next();
      if (r.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await map(r.value) };
      } catch (err) {
        await end().catch(() => undefined);
        throw err;
      }
    },
    return: end,
    async throw(err: unknown) {
      if (it.throw) {
        const r = await it.throw(err);
        return r.done ? { done: true, value: undefined } : { done: false, value: await map(r.value) };
      }
      await end();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
