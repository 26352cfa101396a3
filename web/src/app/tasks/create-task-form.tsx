"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { CreateTaskMutation } from "@/lib/documents";
import { readProperties, splitArguments } from "@/lib/format";

export function CreateTaskForm({ apps }: { apps: readonly { name: string; versions: readonly string[] }[] }) {
  const router = useRouter();
  const [create, { pending, error }] = useMutation(CreateTaskMutation);
  const [app, setApp] = useState(apps[0]?.name ?? "");
  const [localError, setLocalError] = useState<string | null>(null);
  const versions = apps.find((a) => a.name === app)?.versions ?? [];
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setLocalError(null);
    const { properties, error: propertiesError } = readProperties(f);
    if (propertiesError) {
      setLocalError(propertiesError);
      return;
    }
    const version = String(f.get("version") ?? "");
    const args = splitArguments(String(f.get("arguments") ?? ""));
    const name = String(f.get("name") ?? "").trim();
    const data = await create({
      input: {
        name,
        app,
        ...(version ? { version } : {}),
        ...(args.length ? { arguments: args } : {}),
        ...(properties ? { properties } : {}),
      },
    });
    if (data) router.push(`/tasks/${encodeURIComponent(data.createTask.name)}`);
  };
  if (apps.length === 0) return <p className="muted">Register an app first; a task runs one of its versions.</p>;
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Define a task">
      <div className="row">
        <label>
          Task name
          <input type="text" name="name" required placeholder="expire-passes" />
        </label>
        <label>
          App
          <select name="app" value={app} onChange={(e) => setApp(e.target.value)}>
            {apps.map((a) => (
              <option key={a.name} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Version
          <select name="version" defaultValue="">
            <option value="">the app's default</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Default arguments
        <input type="text" name="arguments" placeholder='--date 2026-11-23 "two words"' />
      </label>
      <label>
        Deployment properties (JSON)
        <textarea name="properties" placeholder='{ "env": { "REGION": "eu" }, "timeoutSeconds": 600 }' />
      </label>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create task"}
        </button>
      </div>
      <ErrorMessage error={localError ?? error} />
    </form>
  );
}
