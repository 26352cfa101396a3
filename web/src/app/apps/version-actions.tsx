"use client";
import { useRouter } from "next/navigation";
import { ErrorMessage } from "@/components/feedback";
import { useDenied } from "@/components/viewer";
import { useMutation } from "@/lib/client-graphql";
import { SetDefaultAppVersionMutation, UnregisterAppVersionMutation } from "@/lib/documents";

export function VersionActions({ app, version, isDefault }: { app: string; version: string; isDefault: boolean }) {
  const router = useRouter();
  const [setDefault, a] = useMutation(SetDefaultAppVersionMutation);
  const [unregister, b] = useMutation(UnregisterAppVersionMutation);
  const input = { name: app, version };
  // Apps are shared by every task: these need MODIFY and DESTROY on everything.
  const cannotModify = useDenied("MODIFY");
  const cannotDestroy = useDenied("DESTROY");
  return (
    <div>
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={isDefault || a.pending || cannotModify !== undefined}
          title={cannotModify}
          onClick={async () => {
            if (await setDefault({ input })) router.refresh();
          }}
        >
          Make default
        </button>
        <button
          type="button"
          className="danger"
          disabled={b.pending || cannotDestroy !== undefined}
          title={cannotDestroy}
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
