"use client";
import { useState } from "react";

/**
 * "Copy as GraphQL": the query behind a list, with the variables this page
 * used and a curl line, so what you see can be scripted.
 */
export function CopyAsGraphQL({
  url,
  query,
  variables,
}: {
  url: string;
  query: string;
  variables: Record<string, unknown>;
}) {
  const [copied, setCopied] = useState(false);
  const defined = Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined && v !== null));
  const text = `${query.trim()}\n\n# variables\n${JSON.stringify(defined, null, 2)}`;
  const body = JSON.stringify({ query: query.replace(/\s+/g, " ").trim(), variables: defined });
  const curl = `curl -s ${url} -H 'content-type: application/json' -d '${body.replace(/'/g, `'\\''`)}'`;
  return (
    <details className="copy-graphql">
      <summary>GraphQL of this list</summary>
      <pre data-testid="graphql-text">{text}</pre>
      <pre className="muted" data-testid="graphql-curl">
        {curl}
      </pre>
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          await navigator.clipboard.writeText(text);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy as GraphQL"}
      </button>
    </details>
  );
}
