"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { SubmitRow } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { RollbackTaskMutation, UpgradeTaskMutation } from "@/lib/documents";
import { readProperties } from "@/lib/format";

export function UpgradeForm({
  task,
  versions,
  currentVersion,
  currentProperties,
}: {
  task: string;
  versions: readonly string[];
  currentVersion: string;
  currentProperties: unknown;
}) {
  const router = useRouter();
  const [upgrade, { pending, error }] = useMutation(UpgradeTaskMutation);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setLocalError(null);
    setDone(null);
    const { properties, error: propertiesError } = readProperties(f);
    if (propertiesError) {
      setLocalError(propertiesError);
      return;
    }
    const reason = String(f.get("reason") ?? "").trim();
    const data = await upgrade({
      input: {
        task,
        version: String(f.get("version")),
        ...(properties ? { properties } : {}),
        ...(reason ? { reason } : {}),
      },
    });
    if (data) {
      setDone(`Revision ${data.upgradeTask.revision} is ${data.upgradeTask.status}.`);
      router.refresh();
    }
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Upgrade">
      <label>
        Version
        <select name="version" defaultValue={currentVersion}>
          {versions.map((v) => (
            <option key={v} value={v}>
              {v}
              {v === currentVersion ? " (current)" : ""}
            </option>
          ))}
        </select>
      </label>
      <label>
        Deployment properties (JSON; replaces the task's)
        <textarea name="properties" defaultValue={JSON.stringify(currentProperties ?? {}, null, 2)} rows={5} />
      </label>
      <label>
        Reason
        <input type="text" name="reason" placeholder="why this change" />
      </label>
      <SubmitRow pending={pending} label="Upgrade" pendingLabel="Upgrading…" done={done} error={localError ?? error} />
    </form>
  );
}

export function RollbackForm({ task, revisions }: { task: string; revisions: readonly number[] }) {
  const router = useRouter();
  const [rollback, { pending, error }] = useMutation(RollbackTaskMutation);
  const [done, setDone] = useState<string | null>(null);
  if (revisions.length === 0) return <p className="muted">There is no other revision to roll back to yet.</p>;
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setDone(null);
    const reason = String(f.get("reason") ?? "").trim();
    const data = await rollback({
      input: { task, revision: Number(f.get("revision")), ...(reason ? { reason } : {}) },
    });
    if (data) {
      setDone(`Rolled back: revision ${data.rollbackTask.revision} is ${data.rollbackTask.status}.`);
      router.refresh();
    }
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Roll back">
      <label>
        Revision to copy
        <select name="revision" defaultValue={revisions[0]}>
          {revisions.map((r) => (
            <option key={r} value={r}>
              revision {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason
        <input type="text" name="reason" placeholder="why roll back" />
      </label>
      <SubmitRow pending={pending} label="Roll back" pendingLabel="Rolling back…" done={done} error={error} />
    </form>
  );
}
