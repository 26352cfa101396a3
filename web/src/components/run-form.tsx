"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { readLaunchFields } from "@/lib/format";

/**
 * The form that starts a run: arguments (split as a shell would) and
 * properties (JSON), checked here, then `send` (launchTask or
 * relaunchExecution) and on to the new execution's page. `children` sit
 * between the two fields (the relaunch shows what the run was launched with).
 */
export function RunForm({
  name,
  busy,
  defaultArguments,
  argumentsPlaceholder,
  propertiesLabel,
  pending,
  error,
  send,
  children,
}: {
  /** The form's name and its button's label. */
  name: string;
  /** The button's label while sending. */
  busy: string;
  defaultArguments?: string;
  argumentsPlaceholder?: string;
  propertiesLabel: string;
  pending: boolean;
  error: string | null;
  /** Sends the run; the new execution's id, or undefined when the API refused (its error is in `error`). */
  send: (args: string[], properties?: Record<string, unknown>) => Promise<string | undefined>;
  children?: ReactNode;
}) {
  const router = useRouter();
  const [localError, setLocalError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { args, properties, error: fieldError } = readLaunchFields(new FormData(e.currentTarget));
    setLocalError(fieldError ?? null);
    if (fieldError) return;
    const id = await send(args, properties);
    if (id) router.push(`/executions/${id}`);
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label={name}>
      <label>
        Arguments
        <input type="text" name="arguments" placeholder={argumentsPlaceholder} defaultValue={defaultArguments} />
      </label>
      {children}
      <label>
        {propertiesLabel}
        <textarea name="properties" placeholder='{ "env": { "REGION": "us" } }' />
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? busy : name}
        </button>
      </div>
      <ErrorMessage error={localError ?? error} />
    </form>
  );
}
