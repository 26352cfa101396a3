import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { StoredEvent } from "../domain/events.js";
import { executionEventStream, type LiveSource } from "../services/event-stream.js";
import type { ExecutionsService } from "../services/executions.service.js";
import { abortable } from "./abortable.js";
import { ExecutionEvent } from "./event.type.js";
import { type ExecutionEventShape, toExecutionEvent } from "./mappers.js";

/**
 * One shape per stored event, so every subscription a live event reaches yields the same object and
 * shares its execution (shared-subscribe.ts).
 */
const shapes = new WeakMap<StoredEvent, ExecutionEventShape>();
function shapeOf(e: StoredEvent): ExecutionEventShape {
  let shape = shapes.get(e);
  if (!shape) {
    shape = toExecutionEvent(e);
    shapes.set(e, shape);
  }
  return shape;
}

/** Built per schema: the subscribe function needs the services, which decorators cannot receive. */
export function createEventResolver(executions: ExecutionsService, live: LiveSource, fallbackMs?: number) {
  @Resolver()
  class EventResolver {
    @Subscription(() => ExecutionEvent, {
      description:
        "One execution's events in seq order, no gaps. replay: true first delivers every stored event. Completes after the terminal STATUS.",
      subscribe: ({ args }) => {
        const a = args as { executionId: string; replay?: boolean | null };
        return abortable(async function* (signal) {
          const stream = executionEventStream(executions, live, a.executionId, a.replay ?? false, fallbackMs, signal);
          for await (const e of stream) yield shapeOf(e);
        });
      },
    })
    executionEvents(
      @Root() event: ExecutionEventShape,
      @Arg("executionId", () => ID) _executionId: string,
      @Arg("replay", () => Boolean, { nullable: true }) _replay?: boolean | null,
    ): ExecutionEventShape {
      return event;
    }
  }
  return EventResolver;
}
