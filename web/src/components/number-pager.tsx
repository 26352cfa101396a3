import Link from "next/link";

/**
 * A list newest first by a number unique in it (a task's release revisions,
 * a DAG's versions), paged by the API's first / before: the cursor is the
 * last number shown.
 */
export interface NumberPage<T> {
  rows: T[];
  /** The cursor this page was asked with (undefined: the newest page). */
  before: number | undefined;
  more: boolean;
  last: number | undefined;
}

/** The cursor in a URL parameter, if it is one (anything else: the newest page). */
export function parseBefore(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** `rows` as asked with first: size + 1 (one more than shown, to know whether older ones follow). */
export function numberPageOf<T>(
  rows: readonly T[],
  size: number,
  before: number | undefined,
  numberOf: (row: T) => number,
): NumberPage<T> {
  const shown = rows.slice(0, size);
  const last = shown.at(-1);
  return { rows: shown, before, more: rows.length > size, last: last === undefined ? undefined : numberOf(last) };
}

/** "Newest" and "Older" links; `href(before)` is this page's URL with the list's cursor set (or removed). */
export function NumberPager({
  page,
  href,
  noun,
}: {
  page: NumberPage<unknown>;
  href: (before: number | undefined) => string;
  noun: string;
}) {
  if (page.before === undefined && !page.more) return null;
  return (
    <div className="row" style={{ marginTop: 12 }}>
      {page.before !== undefined ? (
        <Link href={href(undefined)} className="button secondary">
          ← Newest {noun}
        </Link>
      ) : null}
      {page.more && page.last !== undefined ? (
        <Link href={href(page.last)} className="button secondary">
          Older {noun} →
        </Link>
      ) : null}
    </div>
  );
}
