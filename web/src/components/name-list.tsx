import Link from "next/link";
import type React from "react";
import { CopyAsGraphQL } from "@/components/copy-graphql";
import { EmptyState } from "@/components/feedback";
import { graphqlUrl } from "@/lib/server-graphql";
import { queryString } from "@/lib/statuses";

/** URL parameters of a list ordered by name: a filter, a cursor (the last name shown) and a page size. */
export type NameListSearch = { q?: string; after?: string; size?: string };

export const DEFAULT_PAGE = 50;

/** The page this URL asks for, and the API variables for it (one row more than shown, to know if more follow). */
export function nameListArgs(sp: NameListSearch): {
  size: number;
  search: string | undefined;
  after: string | undefined;
  variables: { first: number; after?: string; search?: string };
} {
  const asked = Number(sp.size);
  const size = Number.isInteger(asked) && asked >= 1 && asked <= 200 ? asked : DEFAULT_PAGE;
  const search = sp.q?.trim() || undefined;
  const after = sp.after || undefined;
  return { size, search, after, variables: { first: size + 1, after, search } };
}

/** One page of a list by name: the rows to show, whether another page follows, and its cursor. */
export interface NamePage<T> {
  rows: T[];
  more: boolean;
  last: string | undefined;
}

export function pageOf<T extends { name: string }>(rows: T[], size: number): NamePage<T> {
  const shown = rows.slice(0, size);
  return { rows: shown, more: rows.length > size, last: shown.at(-1)?.name };
}

/** A GET form filtering the list by name (the server renders the result). */
export function NameFilter({
  path,
  search,
  size,
  noun,
}: {
  path: string;
  search?: string;
  size: number;
  noun: string;
}) {
  return (
    <form method="get" action={path} className="row name-filter" aria-label={`Filter ${noun}`}>
      <input name="q" defaultValue={search ?? ""} placeholder={`Filter ${noun} by name`} aria-label="Name contains" />
      {size !== DEFAULT_PAGE ? <input type="hidden" name="size" value={String(size)} /> : null}
      <button type="submit" className="secondary">
        Filter
      </button>
      {search ? (
        <Link href={`${path}${queryString({ size: size !== DEFAULT_PAGE ? String(size) : undefined })}`}>Clear</Link>
      ) : null}
    </form>
  );
}

/** "First page" and "Next" links: the cursor is the last name on this page. */
export function NamePager({
  path,
  search,
  size,
  after,
  last,
  more,
}: {
  path: string;
  search?: string;
  size: number;
  after?: string;
  last?: string;
  more: boolean;
}) {
  if (!after && !more) return null;
  const href = (cursor?: string): string =>
    `${path}${queryString({ q: search, size: size !== DEFAULT_PAGE ? String(size) : undefined, after: cursor })}`;
  return (
    <div className="row" style={{ marginTop: 12 }}>
      {after ? (
        <Link href={href()} className="button secondary">
          ← First page
        </Link>
      ) : null}
      {more && last ? (
        <Link href={href(last)} className="button secondary">
          Next →
        </Link>
      ) : null}
    </div>
  );
}

/**
 * A list ordered by name with its filter, its pager and the GraphQL behind
 * it. With a filter that matches nothing it says so, instead of the list's
 * own empty state (`children` when it has rows or no filter).
 */
export function NameList({
  path,
  noun,
  list,
  page,
  query,
  children,
}: {
  path: string;
  noun: string;
  list: ReturnType<typeof nameListArgs>;
  page: NamePage<unknown>;
  /** The document behind the list (its text is shown with the page's variables). */
  query: { toString(): string };
  children: React.ReactNode;
}) {
  return (
    <section className="panel">
      <NameFilter path={path} search={list.search} size={list.size} noun={noun} />
      {page.rows.length === 0 && (list.search || list.after) ? (
        <EmptyState title={list.search ? `No name contains “${list.search}”` : `No more ${noun}`}>
          <Link href={path}>Show every one</Link>
        </EmptyState>
      ) : (
        children
      )}
      <NamePager
        path={path}
        search={list.search}
        size={list.size}
        after={list.after}
        last={page.last}
        more={page.more}
      />
      <CopyAsGraphQL url={graphqlUrl()} query={query.toString()} variables={list.variables} />
    </section>
  );
}
