"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { DeleteScheduleMutation, UpdateScheduleMutation } from "@/lib/documents";

/** Enabled or paused, with the button that switches (updateSchedule enabled false / true). */
export function ScheduleToggle({ name, enabled: initial }: { name: string; enabled: boolean }) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(initial);
  const [set, { pending, error }] = useMutation(UpdateScheduleMutation);
  // A refresh from the server wins over what this button last did.
  const [seen, setSeen] = useState(initial);
  if (seen !== initial) {
    setSeen(initial);
    setEnabled(initial);
  }
  return (
    <span className="row" style={{ gap: 6 }} data-testid="schedule-toggle" data-enabled={String(enabled)}>
      <span className={`badge status-${enabled ? "COMPLETED" : "SUPERSEDED"}`}>{enabled ? "enabled" : "paused"}</span>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        aria-label={`${enabled ? "Pause" : "Resume"} ${name}`}
        onClick={async () => {
          const d = await set({ input: { name, enabled: !enabled } });
          if (d) {
            setEnabled(d.updateSchedule.enabled);
            router.refresh();
          }
        }}
      >
        {enabled ? "Pause" : "Resume"}
      </button>
      <ErrorMessage error={error} />
    </span>
  );
}

/** Deletes the schedule after a second click: its fire history goes with it, the runs it started stay. */
export function DeleteSchedule({ name }: { name: string }) {
  const router = useRouter();
  const [armed, setArmed] = useState(false);
  const [remove, { pending, error }] = useMutation(DeleteScheduleMutation);
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
            router.push("/schedules");
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
