"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { LaunchTaskMutation } from "@/lib/documents";
import { readLaunchFields } from "@/lib/format";

/**
 * Launches the task; `defaultArguments` fills the arguments in (quoted as a
 * shell would need them). A relaunch has its own form (relaunch-form.tsx).
 */
export function LaunchForm({
  task,
  defaultArguments,
  name = "Launch",
}: {
  task: string;
  defaultArguments?: string;
  name?: string;
}) {
  const router = useRouter();
  const [launch, { pending, error }] = useMutation(LaunchTaskMutation);
  const [localError, setLocalError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { args, properties, error: fieldError } = readLaunchFields(new FormData(e.currentTarget));
    setLocalError(fieldError ?? null);
    if (fieldError) return;
    const data = await launch({ input: { task, arguments: args, ...(properties ? { properties } : {}) } });
    if (data) router.push(`/executions/${data.launchTask.id}`);
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label={name}>
      <label>
        Arguments
        <input type="text" name="arguments" placeholder="2026-11-23 --dry-run" defaultValue={defaultArguments} />
      </label>
      <label>
        Properties for this run (JSON, over the task's)
        <textarea name="properties" placeholder='{ "env": { "REGION": "us" } }' />
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Launching…" : name}
        </button>
      </div>
      <ErrorMessage error={localError ?? error} />
    </form>
  );
}
