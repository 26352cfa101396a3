import Link from "next/link";

/**
 * Keyset paging for a list newest first: back to the newest page (when on a
 * later one) and on to older rows (when there are more). `href` builds the
 * list's URL with its filters, plus `after` when given. `noun` names what is
 * paged in the links ("Older revisions →") where a page has several lists.
 */
export function Pager({
  after,
  pageInfo,
  href,
  noun,
}: {
  after: string | undefined;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  href: (extra: { after?: string }) => string;
  noun?: string;
}) {
  const what = noun ? ` ${noun}` : "";
  if (!after && !pageInfo.hasNextPage) return null;
  return (
    <div className="row" style={{ marginTop: 12 }}>
      {after ? (
        <Link href={href({})} className="button secondary">
          ← Newest{what}
        </Link>
      ) : null}
      {pageInfo.hasNextPage && pageInfo.endCursor ? (
        <Link href={href({ after: pageInfo.endCursor })} className="button secondary">
          Older{what} →
        </Link>
      ) : null}
    </div>
  );
}
