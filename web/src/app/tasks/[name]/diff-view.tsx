"use client";
import { useEffect, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import type { ReleaseDiffQuery as ReleaseDiffResult } from "@/generated/graphql";
import { browserRequest, useGraphQLUrl } from "@/lib/client-graphql";
import { ReleaseDiffQuery } from "@/lib/documents";

type Diff = ReleaseDiffResult["releaseDiff"];

/** Top-level path segment of a change ("properties.env.REGION" -> "properties"), to mark lines. */
function changedKeys(diff: Diff): Set<string> {
  return new Set(diff.changes.map((c) => c.path.split(/[.[]/)[0] ?? c.path));
}

function Manifest({ manifest, changed }: { manifest: unknown; changed: Set<string> }) {
  const lines = JSON.stringify(manifest, null, 2).split("\n");
  let key = "";
  return (
    <pre>
      {lines.map((line, i) => {
        const m = /^ {2}"([^"]+)":/.exec(line);
        if (m?.[1]) key = m[1];
        const mark = line.startsWith("  ") && changed.has(key);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
          <span key={i} className={mark ? "changed" : undefined}>
            {line}
            {"\n"}
          </span>
        );
      })}
    </pre>
  );
}

/** Side-by-side manifests of two revisions, with the API's list of changes (releaseDiff). */
export function DiffView({ task, revisions }: { task: string; revisions: readonly number[] }) {
  const url = useGraphQLUrl();
  const [from, setFrom] = useState(revisions[1] ?? revisions[0] ?? 1);
  const [to, setTo] = useState(revisions[0] ?? 1);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    browserRequest(url, ReleaseDiffQuery, { task, from, to })
      .then((d) => {
        if (!live) return;
        setDiff(d.releaseDiff);
        setError(null);
      })
      .catch((err: Error) => {
        if (live) setError(err.message);
      });
    return () => {
      live = false;
    };
  }, [url, task, from, to]);
  const changed = diff ? changedKeys(diff) : new Set<string>();
  return (
    <div data-testid="release-diff">
      <div className="row">
        <label>
          From
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {revisions.map((r) => (
              <option key={r} value={r}>
                revision {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          To
          <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {revisions.map((r) => (
              <option key={r} value={r}>
                revision {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} />
      {diff ? (
        <>
          <ul>
            {diff.changes.length === 0 ? <li className="muted">No differences.</li> : null}
            {diff.changes.map((c) => (
              <li key={c.path} className="mono">
                {c.kind} {c.path}: {JSON.stringify(c.from) ?? "–"} → {JSON.stringify(c.to) ?? "–"}
              </li>
            ))}
          </ul>
          <div className="diff">
            <div>
              <h2>Revision {diff.from.revision}</h2>
              <Manifest manifest={diff.from.manifest} changed={changed} />
            </div>
            <div>
              <h2>Revision {diff.to.revision}</h2>
              <Manifest manifest={diff.to.manifest} changed={changed} />
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
