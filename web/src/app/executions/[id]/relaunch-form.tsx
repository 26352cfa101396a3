"use client";
import { RunForm } from "@/components/run-form";
import { useMutation } from "@/lib/client-graphql";
import { RelaunchExecutionMutation } from "@/lib/documents";

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
  const [relaunch, { pending, error }] = useMutation(RelaunchExecutionMutation);
  return (
    <RunForm
      name="Relaunch"
      busy="Relaunching…"
      defaultArguments={defaultArguments}
      propertiesLabel="Change properties (JSON, laid over those; env key by key)"
      pending={pending}
      error={error}
      send={async (args, properties) =>
        (await relaunch({ input: { id, arguments: args, ...(properties ? { properties } : {}) } }))?.relaunchExecution
          .id
      }
    >
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
    </RunForm>
  );
}
