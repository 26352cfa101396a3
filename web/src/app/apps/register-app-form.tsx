"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { SubmitRow } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { RegisterAppMutation } from "@/lib/documents";

export function RegisterAppForm({ apps }: { apps: readonly string[] }) {
  const router = useRouter();
  const [register, { pending, error }] = useMutation(RegisterAppMutation);
  const [done, setDone] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const input = {
      name: String(f.get("name") ?? "").trim(),
      version: String(f.get("version") ?? "").trim(),
      uri: String(f.get("uri") ?? "").trim(),
      makeDefault: f.get("makeDefault") === "on",
    };
    setDone(null);
    const data = await register({ input });
    if (data) {
      setDone(`Registered ${input.name} ${data.registerApp.version}.`);
      form.reset();
      router.refresh();
    }
  };
  return (
    <form className="stack" onSubmit={onSubmit} aria-label="Register a version">
      <div className="row">
        <label>
          App name
          <input type="text" name="name" required list="app-names" placeholder="passes" />
          <datalist id="app-names">
            {apps.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          Version
          <input type="text" name="version" required placeholder="1.0.0" />
        </label>
      </div>
      <label>
        URI
        <input type="text" name="uri" required placeholder="file:///opt/jobs/expire-passes.mjs or docker:image:tag" />
      </label>
      <label className="inline">
        <input type="checkbox" name="makeDefault" /> Make this the default version
      </label>
      <SubmitRow pending={pending} label="Register version" pendingLabel="Registering…" done={done} error={error} />
    </form>
  );
}
