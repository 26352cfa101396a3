"use client";
import { useRouter } from "next/navigation";
import { ErrorMessage } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { SetDefaultAppVersionMutation, UnregisterAppVersionMutation } from "@/lib/documents";

export function VersionActions({ app, version, isDefault }: { app: string; version: string; isDefault: boolean }) {
  const router = useRouter();
  const [setDefault, a] = useMutation(SetDefaultAppVersionMutation);
  const [unregister, b] = useMutation(UnregisterAppVersionMutation);
  const input = { name: app, version };
  return (
    <div>
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={isDefault || a.pending}
          onClick={async () => {
            if (await setDefault({ input })) router.refresh();
          }}
        >
          Make default
        </button>
        <button
          type="button"
          className="danger"
          disabled={b.pending}
          onClick={async () => {
            if (!window.confirm(`Unregister ${app} ${version}?`)) return;
            if (await unregister({ input })) router.refresh();
          }}
        >
          Unregister
        </button>
      </div>
      <ErrorMessage error={a.error ?? b.error} />
    </div>
  );
}
