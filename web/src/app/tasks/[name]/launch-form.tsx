"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { LaunchTaskMutation } from "@/lib/documents";
import { readProperties, splitArguments } from "@/lib/format";

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
    const f = new FormData(e.currentTarget);
    setLocalError(null);
    const { properties, error: propertiesError } = readProperties(f);
    if (propertiesError) {
      setLocalError(propertiesError);
      return;
    }
    const args = splitArguments(String(f.get("arguments") ?? ""));
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
