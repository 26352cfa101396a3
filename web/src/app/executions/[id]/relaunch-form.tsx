"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { RelaunchExecutionMutation } from "@/lib/documents";
import { readLaunchFields } from "@/lib/format";

/**
 * Relaunch (relaunchExecution): the run's arguments, quoted and editable;
 * the properties it was launched with shown (secret values masked) and kept
 * as they were on the server, with changes typed here laid over them. The
 * masked values never travel back: the API holds the originals.
 */
export function RelaunchForm({
  id,
  defaultArguments,
  launchProperties,
}: {
  id: string;
  defaultArguments: string;
  launchProperties: unknown;
}) {
  const router = useRouter();
  const [relaunch, { pending, error }] = useMutation(RelaunchExecutionMutation);
  const [localError, setLocalError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { args, properties, error: fieldError } = readLaunchFields(new FormData(e.currentTarget));
    setLocalError(fieldError ?? null);
    if (fieldError) return;
    const data = await relaunch({ input: { id, arguments: args, ...(properties ? { properties } : {}) } });
    if (data) router.push(`/executions/${data.relaunchExecution.id}`);
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Relaunch">
      <label>
        Arguments
        <input type="text" name="arguments" defaultValue={defaultArguments} />
      </label>
      <div>
        <strong>Launched with</strong>{" "}
        {launchProperties ? (
          <pre className="mono" data-testid="launch-properties">
            {JSON.stringify(launchProperties, null, 2)}
          </pre>
        ) : (
          <span className="muted" data-testid="launch-properties">
            no properties of its own (the task's only)
          </span>
        )}
      </div>
      <label>
        Change properties (JSON, laid over those; env key by key)
        <textarea name="properties" placeholder='{ "env": { "REGION": "us" } }' />
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Relaunching…" : "Relaunch"}
        </button>
      </div>
      <ErrorMessage error={localError ?? error} />
    </form>
  );
}
