"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useGraphQLUrl, useMutation } from "@/lib/client-graphql";
import { DeleteTriggerMutation, RotateTriggerSecretMutation, UpdateTriggerMutation } from "@/lib/documents";
import { SecretOnce } from "./secret-once";
import { webhookUrl } from "./webhook";

/** Enabled or disabled, with the button that switches (updateTrigger enabled). */
export function TriggerToggle({ name, enabled: initial }: { name: string; enabled: boolean }) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(initial);
  const [seen, setSeen] = useState(initial);
  if (seen !== initial) {
    setSeen(initial);
    setEnabled(initial);
  }
  const [set, { pending, error }] = useMutation(UpdateTriggerMutation);
  return (
    <span className="row" style={{ gap: 6 }} data-testid="trigger-toggle" data-enabled={String(enabled)}>
      <span className={`badge status-${enabled ? "COMPLETED" : "SUPERSEDED"}`}>{enabled ? "enabled" : "disabled"}</span>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        aria-label={`${enabled ? "Disable" : "Enable"} ${name}`}
        onClick={async () => {
          const d = await set({ input: { name, enabled: !enabled } });
          if (d) {
            setEnabled(d.updateTrigger.enabled);
            router.refresh();
          }
        }}
      >
        {enabled ? "Disable" : "Enable"}
      </button>
      <ErrorMessage error={error} />
    </span>
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
  const [armed, setArmed] = useState(false);
  const [remove, { pending, error }] = useMutation(DeleteTriggerMutation);
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={pending}
        onClick={async () => {
          if (!armed) {
            setArmed(true);
            return;
          }
          const d = await remove({ name });
          if (d) {
            router.push("/triggers");
            router.refresh();
          }
        }}
      >
        {armed ? `Really delete ${name}?` : "Delete"}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
