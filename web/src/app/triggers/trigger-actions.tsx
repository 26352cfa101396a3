"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDelete, EnabledToggle } from "@/components/definition-actions";
import { ErrorMessage } from "@/components/feedback";
import { useGraphQLUrl, useMutation } from "@/lib/client-graphql";
import { DeleteTriggerMutation, RotateTriggerSecretMutation, UpdateTriggerMutation } from "@/lib/documents";
import { SecretOnce } from "./secret-once";
import { webhookUrl } from "./webhook";

const WORDS = { on: "enabled", off: "disabled", turnOff: "Disable", turnOn: "Enable" };

/** Enabled or disabled, with the button that switches (updateTrigger enabled). */
export function TriggerToggle({ name, enabled }: { name: string; enabled: boolean }) {
  const router = useRouter();
  const [set, { pending, error }] = useMutation(UpdateTriggerMutation);
  return (
    <EnabledToggle
      name={name}
      enabled={enabled}
      testId="trigger-toggle"
      words={WORDS}
      pending={pending}
      error={error}
      onSet={async (next) => {
        const d = await set({ input: { name, enabled: next } });
        if (!d) return undefined;
        router.refresh();
        return d.updateTrigger.enabled;
      }}
    />
  );
}

/** A new webhook secret (the old one stops working), shown once. */
export function RotateSecret({ name, webhookPath }: { name: string; webhookPath: string }) {
  const url = useGraphQLUrl();
  const [armed, setArmed] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [rotate, { pending, error }] = useMutation(RotateTriggerSecretMutation);
  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={pending}
          onClick={async () => {
            if (!armed) {
              setArmed(true);
              return;
            }
            setArmed(false);
            const d = await rotate({ name });
            if (d) setSecret(d.rotateTriggerSecret.secret ?? null);
          }}
        >
          {armed ? "Rotate: the current secret stops working" : "Rotate secret"}
        </button>
        {armed ? (
          <button type="button" className="secondary" onClick={() => setArmed(false)}>
            Keep the current one
          </button>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      {secret ? (
        <SecretOnce secret={secret} url={webhookUrl(url, webhookPath)} onDismiss={() => setSecret(null)} />
      ) : null}
    </div>
  );
}

/** Deletes the trigger after a second click: its event history goes with it, the runs it started stay. */
export function DeleteTrigger({ name }: { name: string }) {
  const router = useRouter();
  const [remove, { pending, error }] = useMutation(DeleteTriggerMutation);
  return (
    <ConfirmDelete
      name={name}
      pending={pending}
      error={error}
      onDelete={async () => {
        if (await remove({ name })) {
          router.push("/triggers");
          router.refresh();
        }
      }}
    />
  );
}
