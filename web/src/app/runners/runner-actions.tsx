"use client";
import { useRouter } from "next/navigation";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { DrainRunnerMutation, ResumeRunnerMutation } from "@/lib/documents";

/**
 * Drain (after a confirm: the runner takes nothing new, what it runs finishes)
 * or Resume, whichever applies; the API's error beside the button.
 */
export function RunnerActions({ id, draining }: { id: string; draining: boolean }) {
  const router = useRouter();
  const [drain, d] = useMutation(DrainRunnerMutation);
  const [resume, r] = useMutation(ResumeRunnerMutation);
  const pending = d.pending || r.pending;
  return (
    <div className="row" style={{ gap: 6 }}>
      {draining ? (
        <button
          type="button"
          className="secondary"
          disabled={pending}
          aria-label={`Resume ${id}`}
          onClick={async () => {
            if (await resume({ id })) router.refresh();
          }}
        >
          {r.pending ? "Resuming…" : "Resume"}
        </button>
      ) : (
        <button
          type="button"
          className="danger"
          disabled={pending}
          aria-label={`Drain ${id}`}
          onClick={async () => {
            if (!window.confirm(`Drain runner ${id}? It takes no new run; what it runs now finishes.`)) return;
            if (await drain({ id })) router.refresh();
          }}
        >
          {d.pending ? "Draining…" : "Drain"}
        </button>
      )}
      <ErrorMessage error={d.error ?? r.error} />
    </div>
  );
}
