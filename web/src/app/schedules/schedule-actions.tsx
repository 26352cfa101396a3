"use client";
import { useRouter } from "next/navigation";
import { ConfirmDelete, EnabledToggle } from "@/components/definition-actions";
import { useMutation } from "@/lib/client-graphql";
import { DeleteScheduleMutation, UpdateScheduleMutation } from "@/lib/documents";

const WORDS = { on: "enabled", off: "paused", turnOff: "Pause", turnOn: "Resume" };

/** Enabled or paused, with the button that switches (updateSchedule enabled false / true). */
export function ScheduleToggle({ name, enabled }: { name: string; enabled: boolean }) {
  const router = useRouter();
  const [set, { pending, error }] = useMutation(UpdateScheduleMutation);
  return (
    <EnabledToggle
      name={name}
      enabled={enabled}
      testId="schedule-toggle"
      words={WORDS}
      pending={pending}
      error={error}
      onSet={async (next) => {
        const d = await set({ input: { name, enabled: next } });
        if (!d) return undefined;
        router.refresh();
        return d.updateSchedule.enabled;
      }}
    />
  );
}

/** Deletes the schedule after a second click: its fire history goes with it, the runs it started stay. */
export function DeleteSchedule({ name }: { name: string }) {
  const router = useRouter();
  const [remove, { pending, error }] = useMutation(DeleteScheduleMutation);
  return (
    <ConfirmDelete
      name={name}
      pending={pending}
      error={error}
      onDelete={async () => {
        if (await remove({ name })) {
          router.push("/schedules");
          router.refresh();
        }
      }}
    />
  );
}
