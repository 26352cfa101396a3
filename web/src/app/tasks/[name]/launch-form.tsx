"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { LaunchTaskMutation } from "@/lib/documents";
import { readProperties, splitArguments } from "@/lib/format";

export function LaunchForm({ task }: { task: string }) {
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
    <form className="stack" onSubmit={onSubmit} aria-label="Launch">
      <label>
        Arguments
        <input type="text" name="arguments" placeholder="2026-11-23 --dry-run" />
      </label>
      <label>
        Properties for this run (JSON, over the task's)
        <textarea name="properties" placeholder='{ "env": { "REGION": "us" } }' />
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Launching…" : "Launch"}
        </button>
      </div>
      <ErrorMessage error={localError ?? error} />
    </form>
  );
}
