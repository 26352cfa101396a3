"use client";
import { useRouter } from "next/navigation";
import { type ReactNode, useCallback, useRef, useState } from "react";
import { useViewer } from "@/components/viewer";
import { type BulkRow, bulkPlan } from "@/lib/actions";
import { whyNot } from "@/lib/can";
import { browserRequest, useGraphQLUrl } from "@/lib/client-graphql";
import { CancelExecutionMutation, RelaunchExecutionMutation } from "@/lib/documents";

type Outcome = { done: number; failed: { id: string; message: string }[]; skipped: { id: string; why: string }[] };

/**
 * Bulk cancel and relaunch over the executions list: the table (server
 * rendered, `children`) carries a checkbox per row named "execution" and one
 * named "all"; this wraps it, counts what is ticked, and acts on the runs
 * whose state allows the action (the others are listed with the reason).
 * Each run is one call of the API's own mutation (cancelExecution,
 * relaunchExecution: the same arguments and launch properties), so each is
 * audited and refused or accepted on its own.
 */
export function BulkExecutions({ rows, children }: { rows: readonly BulkRow[]; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const url = useGraphQLUrl();
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ action: string; result: Outcome } | null>(null);
  const ticked = useCallback((): string[] => {
    const inputs = box.current?.querySelectorAll<HTMLInputElement>('input[name="execution"]:checked') ?? [];
    return [...inputs].map((i) => i.value);
  }, []);
  const onChange = (e: React.ChangeEvent<HTMLDivElement>) => {
    const target = e.target as unknown as HTMLInputElement;
    if (target.name === "all") {
      for (const i of box.current?.querySelectorAll<HTMLInputElement>('input[name="execution"]') ?? []) {
        i.checked = target.checked;
      }
    }
    if (target.name === "all" || target.name === "execution") setSelected(ticked());
  };
  const viewer = useViewer();
  const denied = (task: string): string | undefined => (viewer ? whyNot(viewer.grants, "DEPLOY", task) : undefined);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chosen = selected.map((id) => byId.get(id)).filter((r): r is BulkRow => r !== undefined);
  const run = async (action: "cancel" | "relaunch") => {
    const plan = bulkPlan(chosen, action, denied);
    const verb = action === "cancel" ? "Cancel" : "Relaunch";
    const left = plan.skip.length > 0 ? ` (${plan.skip.length} selected cannot be: ${plan.skip[0]?.why})` : "";
    if (plan.act.length === 0) {
      setOutcome({
        action,
        result: { done: 0, failed: [], skipped: plan.skip.map((s) => ({ id: s.row.id, why: s.why })) },
      });
      return;
    }
    if (!window.confirm(`${verb} ${plan.act.length} execution${plan.act.length === 1 ? "" : "s"}?${left}`)) return;
    setBusy(true);
    const result: Outcome = { done: 0, failed: [], skipped: plan.skip.map((s) => ({ id: s.row.id, why: s.why })) };
    for (const row of plan.act) {
      try {
        if (action === "cancel") await browserRequest(url, CancelExecutionMutation, { id: row.id });
        else await browserRequest(url, RelaunchExecutionMutation, { input: { id: row.id } });
        result.done++;
      } catch (err) {
        result.failed.push({ id: row.id, message: (err as Error).message });
      }
    }
    setBusy(false);
    setOutcome({ action, result });
    for (const i of box.current?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? []) i.checked = false;
    setSelected([]);
    router.refresh();
  };
  const cancellable = bulkPlan(chosen, "cancel", denied).act.length;
  const relaunchable = bulkPlan(chosen, "relaunch", denied).act.length;
  return (
    <div ref={box} onChange={onChange}>
      <div className="row bulk-bar" data-testid="bulk-bar">
        <span className="muted">
          {selected.length === 0 ? "Tick runs to act on several" : `${selected.length} selected`}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={busy || cancellable === 0}
          title={selected.length > 0 && cancellable === 0 ? "No selected run can be cancelled." : undefined}
          onClick={() => run("cancel")}
        >
          Cancel {cancellable || ""}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || relaunchable === 0}
          title={selected.length > 0 && relaunchable === 0 ? "No selected run can be relaunched." : undefined}
          onClick={() => run("relaunch")}
        >
          Relaunch {relaunchable || ""}
        </button>
      </div>
      {outcome ? <BulkOutcome action={outcome.action} result={outcome.result} /> : null}
      {children}
    </div>
  );
}

function BulkOutcome({ action, result }: { action: string; result: Outcome }) {
  const past = action === "cancel" ? "Cancelled" : "Relaunched";
  return (
    <div className="bulk-result" data-testid="bulk-result" role="status">
      {past} {result.done}.
      {result.failed.length > 0 ? (
        <div className="error">
          {result.failed.length} refused: {result.failed.map((f) => `${f.id.slice(0, 8)}: ${f.message}`).join("; ")}
        </div>
      ) : null}
      {result.skipped.length > 0 ? (
        <div className="muted">
          {result.skipped.length} left as they were:{" "}
          {result.skipped.map((s) => `${s.id.slice(0, 8)}: ${s.why}`).join("; ")}
        </div>
      ) : null}
    </div>
  );
}
