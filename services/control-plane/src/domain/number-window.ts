import { badInput } from "./errors.js";

/**
 * One page of a list newest first by a number unique in it: a task's
 * release revisions, a DAG's versions. The smallest number shown is the
 * next page's cursor (`before`): stable while newer ones are added.
 */
export interface NumberWindow {
  /** At most this many; undefined: all (the lists' behaviour before paging). */
  limit: number | undefined;
  /** Only numbers below this one. */
  before: number | undefined;
}

export interface NumberWindowArgs {
  first?: number | null;
  before?: number | null;
}

export const MAX_NUMBER_PAGE = 500;

/** Checks the arguments; a bad one is a BAD_USER_INPUT a person can act on. `noun`: what the numbers are. */
export function numberWindow(args: NumberWindowArgs, noun: "revision" | "version"): NumberWindow {
  const { first, before } = args;
  if (first !== null && first !== undefined && (!Number.isInteger(first) || first < 1 || first > MAX_NUMBER_PAGE)) {
    throw badInput(
      `first must be between 1 and ${MAX_NUMBER_PAGE}; page on with "before" set to the last ${noun} shown.`,
      { field: "first" },
    );
  }
  if (before !== null && before !== undefined && (!Number.isInteger(before) || before < 1)) {
    throw badInput(`before must be a ${noun} number (1 or more), e.g. the last ${noun} of the previous page.`, {
      field: "before",
    });
  }
  return { limit: first ?? undefined, before: before ?? undefined };
}
