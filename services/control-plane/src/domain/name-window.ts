import { badInput } from "./errors.js";

/**
 * One page of a list ordered by name (apps, tasks, DAGs, schedules,
 * triggers): names after `after`, containing `search` (any case), at most
 * `first`. Names are unique in each of those lists, so the last name of a
 * page is its cursor: stable while rows are added or removed.
 */
export interface NameWindow {
  /** At most this many; undefined: all (the lists' behaviour before paging). */
  limit: number | undefined;
  /** Only names that sort after this one. */
  after: string | undefined;
  /** Only names containing this, case-insensitively. */
  search: string | undefined;
}

export interface NameWindowArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
}

export const MAX_NAME_PAGE = 500;

/** Checks the arguments; a bad one is a BAD_USER_INPUT a person can act on. */
export function nameWindow(args: NameWindowArgs = {}): NameWindow {
  const { first, after, search } = args;
  if (first !== null && first !== undefined && (!Number.isInteger(first) || first < 1 || first > MAX_NAME_PAGE)) {
    throw badInput(`first must be between 1 and ${MAX_NAME_PAGE}; page on with "after" set to the last name.`, {
      field: "first",
    });
  }
  return { limit: first ?? undefined, after: after || undefined, search: searchText(search) };
}

export const MAX_SEARCH = 200;

/** A search text as the lists take it: trimmed, undefined when empty, at most MAX_SEARCH characters. */
export function searchText(search: string | null | undefined): string | undefined {
  const text = search?.trim();
  if (text && text.length > MAX_SEARCH) {
    throw badInput(`search is ${text.length} characters long; use at most ${MAX_SEARCH}.`, { field: "search" });
  }
  return text || undefined;
}

/** `text` with LIKE's wildcards escaped, so that "_" and "%" match themselves. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `search` as a LIKE pattern that matches it literally anywhere in the name. */
export function likePattern(search: string): string {
  return `%${likeEscape(search)}%`;
}

/** The window's name condition in Prisma's words (merged into the model's own condition on its name column). */
export interface PrismaNameFilter {
  gt?: string;
  contains?: string;
  mode?: "insensitive";
}

export function prismaNameFilter(window: NameWindow): PrismaNameFilter {
  const filter: PrismaNameFilter = {};
  if (window.after !== undefined) filter.gt = window.after;
  if (window.search !== undefined) {
    // Prisma puts contains between "%"s without escaping LIKE's wildcards.
    filter.contains = likeEscape(window.search);
    filter.mode = "insensitive";
  }
  return filter;
}
