"use client";
import { useRouter } from "next/navigation";
import { ConfirmDelete } from "@/components/definition-actions";
import { useMutation } from "@/lib/client-graphql";
import { DeleteDagMutation, DeleteTaskMutation } from "@/lib/documents";

/**
 * Deletes a task or a DAG after a second click ("Really delete NAME?"), then
 * goes back to the list. Its runs stay as history.
 */
export function DeleteDefinition({ kind, name }: { kind: "task" | "dag"; name: string }) {
  const router = useRouter();
  const [deleteTask, t] = useMutation(DeleteTaskMutation);
  const [deleteDag, d] = useMutation(DeleteDagMutation);
  const state = kind === "task" ? t : d;
  return (
    <span className="row" style={{ gap: 6 }}>
      <ConfirmDelete
        name={name}
        pending={state.pending}
        error={state.error}
        onDelete={async () => {
          const ok = kind === "task" ? await deleteTask({ name }) : await deleteDag({ name });
          if (ok) router.push(kind === "task" ? "/tasks" : "/dags");
        }}
      />
    </span>
  );
}
