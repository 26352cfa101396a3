"use client";
import { useEffect, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import type { NodeGlanceQuery as NodeGlanceResult } from "@/generated/graphql";
import { browserRequest, useGraphQLUrl } from "@/lib/client-graphql";
import { NodeGlanceQuery } from "@/lib/documents";

type Glance = NonNullable<NodeGlanceResult["execution"]>;

/**
 * A node's execution inline, under its row: why it ended (its error or exit
 * message and code) and its last 20 lines, read again when its status changes.
 */
export function NodeGlance({ executionId, status }: { executionId: string; status: string | null }) {
  const url = useGraphQLUrl();
  const [glance, setGlance] = useState<Glance | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new status is when there is something new to read
  useEffect(() => {
    let live = true;
    browserRequest(url, NodeGlanceQuery, { id: executionId })
      .then((d) => live && setGlance(d.execution ?? null))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [url, executionId, status]);
  if (error) return <ErrorMessage error={error} />;
  if (!glance) return <p className="muted">Reading…</p>;
  const reason = glance.errorMessage ?? glance.exitMessage;
  return (
    <div className="node-glance" data-testid="node-glance">
      <p>
        {reason ? (
          <strong data-testid="node-reason">{reason}</strong>
        ) : (
          <span className="muted">No error or exit message.</span>
        )}
        {glance.exitCode !== null && glance.exitCode !== undefined ? (
          <span className="muted"> · exit code {glance.exitCode}</span>
        ) : null}
      </p>
      <pre className="logs node-tail" data-testid="node-tail">
        {glance.logs.length === 0
          ? "No output."
          : glance.logs.map((l) => (
              <span key={l.seq} className={`tail-line ${l.stream}`}>
                {l.text}
                {"\n"}
              </span>
            ))}
      </pre>
    </div>
  );
}
