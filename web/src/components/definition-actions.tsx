"use client";
import { useState } from "react";
import { ErrorMessage } from "@/components/feedback";

/** The words an enable/disable switch uses: "enabled"/"paused" and "Pause"/"Resume" for a schedule. */
export interface ToggleWords {
  on: string;
  off: string;
  turnOff: string;
  turnOn: string;
}

/**
 * Shared by schedules and triggers: the state badge with the button that
 * switches it, and a delete that needs a second click. Each caller brings its
 * own mutation; `pending` and `error` are that mutation's state.
 */
export function EnabledToggle({
  name,
  enabled: initial,
  testId,
  words,
  pending,
  error,
  onSet,
}: {
  name: string;
  enabled: boolean;
  testId: string;
  words: ToggleWords;
  pending: boolean;
  error: string | null;
  /** Saves `enabled`; resolves with the state the API answered, or undefined when it failed. */
  onSet: (enabled: boolean) => Promise<boolean | undefined>;
}) {
  const [enabled, setEnabled] = useState(initial);
  // A refresh from the server wins over what this button last did.
  const [seen, setSeen] = useState(initial);
  if (seen !== initial) {
    setSeen(initial);
    setEnabled(initial);
  }
  return (
    <span className="row" style={{ gap: 6 }} data-testid={testId} data-enabled={String(enabled)}>
      <span className={`badge status-${enabled ? "COMPLETED" : "SUPERSEDED"}`}>{enabled ? words.on : words.off}</span>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        aria-label={`${enabled ? words.turnOff : words.turnOn} ${name}`}
        onClick={async () => {
          const next = await onSet(!enabled);
          if (next !== undefined) setEnabled(next);
        }}
      >
        {enabled ? words.turnOff : words.turnOn}
      </button>
      <ErrorMessage error={error} />
    </span>
  );
}

/** "Delete", then "Really delete NAME?": the second click calls onDelete. */
export function ConfirmDelete({
  name,
  pending,
  error,
  onDelete,
}: {
  name: string;
  pending: boolean;
  error: string | null;
  onDelete: () => Promise<void>;
}) {
  const [armed, setArmed] = useState(false);
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
          await onDelete();
        }}
      >
        {armed ? `Really delete ${name}?` : "Delete"}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
