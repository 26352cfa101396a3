"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { SubmitRow } from "@/components/feedback";
import { useMutation, useOtherActionSucceeded } from "@/lib/client-graphql";
import { RollbackTaskMutation, UpgradeTaskMutation } from "@/lib/documents";
import { readProperties } from "@/lib/format";

/**
 * The properties an upgrade removes: an upgrade's properties replace the
 * task's as a whole (nothing merges), so every key of the current ones that
 * the new JSON leaves out, env keys included, is dropped. Paths like
 * "env.REGION"; none while the JSON does not parse.
 */
export function droppedProperties(current: unknown, edited: string): string[] {
  let next: unknown;
  try {
    next = JSON.parse(edited);
  } catch {
    return [];
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const walk = (a: unknown, b: unknown, prefix: string): string[] => {
    if (!isObject(a)) return [];
    return Object.keys(a).flatMap((key) => {
      const path = `${prefix}${key}`;
      if (!isObject(b) || !(key in b)) return [path];
      return walk(a[key], b[key], `${path}.`);
    });
  };
  return edited.trim() === "" ? [] : walk(current, next, "");
}

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
  const initial = JSON.stringify(currentProperties ?? {}, null, 2);
  const [dropped, setDropped] = useState<string[]>([]);
  // Another action's success (a rollback, say) makes this form's last word stale.
  useOtherActionSucceeded(() => {
    setLocalError(null);
    setDone(null);
  });
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
        ...(f.get("force") === "on" ? { force: true } : {}),
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
        Deployment properties (JSON)
        <textarea
          name="properties"
          defaultValue={initial}
          rows={5}
          onChange={(e) => setDropped(droppedProperties(currentProperties, e.target.value))}
        />
      </label>
      <p className="muted">
        These replace the task's properties as a whole; nothing is merged. The box starts with the current ones (keys:{" "}
        {Object.keys(currentProperties ?? {}).join(", ") || "none"}): a key you delete, an env entry included, is
        removed. Empty the box to keep them unchanged.
      </p>
      {dropped.length > 0 ? (
        <p className="notice" role="status">
          This upgrade removes: {dropped.join(", ")}
        </p>
      ) : null}
      <label>
        Reason
        <input type="text" name="reason" placeholder="why this change" />
      </label>
      <label className="inline">
        <input type="checkbox" name="force" /> Make a new revision even if nothing changes (force)
      </label>
      <SubmitRow pending={pending} label="Upgrade" pendingLabel="Upgrading…" done={done} error={localError ?? error} />
    </form>
  );
}

export function RollbackForm({ task, revisions }: { task: string; revisions: readonly number[] }) {
  const router = useRouter();
  const [rollback, { pending, error }] = useMutation(RollbackTaskMutation);
  const [done, setDone] = useState<string | null>(null);
  useOtherActionSucceeded(() => setDone(null));
  if (revisions.length === 0) return <p className="muted">There is no other revision to roll back to yet.</p>;
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setDone(null);
    const reason = String(f.get("reason") ?? "").trim();
    const revision = Number(f.get("revision"));
    if (!window.confirm(`Roll ${task} back to a copy of revision ${revision}? It becomes the running revision.`))
      return;
    const data = await rollback({
      input: { task, revision, ...(reason ? { reason } : {}) },
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
