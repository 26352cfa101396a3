"use client";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { LaunchDagMutation } from "@/lib/documents";
import { splitArguments } from "@/lib/format";

export function LaunchDagForm({ name }: { name: string }) {
  const router = useRouter();
  const [launch, { pending, error }] = useMutation(LaunchDagMutation);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const args = splitArguments(String(new FormData(e.currentTarget).get("arguments") ?? ""));
    const d = await launch({ input: { name, arguments: args } });
    if (d) router.push(`/dag-runs/${d.launchDag.id}`);
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Launch DAG">
      <label>
        Arguments (appended to every node's)
        <input type="text" name="arguments" placeholder="2026-11-23" />
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Launching…" : "Launch DAG"}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
