"use client";
import { RunForm } from "@/components/run-form";
import { useMutation } from "@/lib/client-graphql";
import { LaunchTaskMutation } from "@/lib/documents";

/** Launches the task with arguments and properties for this run. */
export function LaunchForm({ task }: { task: string }) {
  const [launch, { pending, error }] = useMutation(LaunchTaskMutation);
  return (
    <RunForm
      name="Launch"
      busy="Launching…"
      argumentsPlaceholder="2026-11-23 --dry-run"
      propertiesLabel="Properties for this run (JSON, over the task's)"
      pending={pending}
      error={error}
      send={async (args, properties) =>
        (await launch({ input: { task, arguments: args, ...(properties ? { properties } : {}) } }))?.launchTask.id
      }
    />
  );
}
