import type { ReactNode } from "react";

/** The API's own message, where the user acted. */
export function ErrorMessage({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

/** What to do first when there is nothing to show. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty">
      <strong>{title}</strong>
      <div>{children}</div>
    </div>
  );
}

/** A page whose data could not be loaded. */
export function ApiUnavailable({ error }: { error: string }) {
  return (
    <div className="panel">
      <h1>Cannot load this page</h1>
      <ErrorMessage error={error} />
      <p className="muted">The console reads everything from Baton's GraphQL API (BATON_GRAPHQL_URL).</p>
    </div>
  );
}

/** A form's submit button, with what it is doing now, what it did, and the API's error. */
export function SubmitRow({
  pending,
  label,
  pendingLabel,
  done,
  error,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  done: string | null | undefined;
  error: string | null | undefined;
}) {
  return (
    <>
      <div className="row">
        <button type="submit" disabled={pending}>
          {pending ? pendingLabel : label}
        </button>
        {done ? (
          <span className="notice" role="status">
            {done}
          </span>
        ) : null}
      </div>
      <ErrorMessage error={error} />
    </>
  );
}
