"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage } from "@/components/feedback";
import type { BackfillScheduleMutation as BackfillResult } from "@/generated/graphql";
import { useMutation } from "@/lib/client-graphql";
import { BackfillScheduleMutation } from "@/lib/documents";
import { FireTable } from "./fire-table";
import { localInputToIso } from "./zoned";
import { useBrowserZone } from "./zoned-time";

/**
 * One run per fire time in [from, to] (backfillSchedule): from and to are typed
 * in the viewer's zone; the answer says how many were created and how many had
 * fired already, and lists the range's fires.
 */
export function BackfillForm({ name, zone }: { name: string; zone: string }) {
  const router = useRouter();
  const localZone = useBrowserZone();
  const [backfill, { pending, error }] = useMutation(BackfillScheduleMutation);
  const [result, setResult] = useState<BackfillResult["backfillSchedule"] | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setLocalError(null);
    const f = new FormData(e.currentTarget);
    const from = localInputToIso(String(f.get("from") ?? ""));
    const to = localInputToIso(String(f.get("to") ?? ""));
    if (!from || !to) {
      setLocalError("Give both ends of the range: from and to.");
      return;
    }
    const max = String(f.get("maxConcurrent") ?? "").trim();
    const d = await backfill({ input: { name, from, to, ...(max ? { maxConcurrent: Number(max) } : {}) } });
    if (d) {
      setResult(d.backfillSchedule);
      router.refresh();
    }
  };
  return (
    <>
      <form className="stack" onSubmit={onSubmit} aria-label="Backfill">
        <div className="row" style={{ alignItems: "flex-end" }}>
          <label>
            From
            <input type="datetime-local" name="from" step={1} required />
          </label>
          <label>
            To
            <input type="datetime-local" name="to" step={1} required />
          </label>
          <label>
            Max concurrent
            <input type="number" name="maxConcurrent" min={1} max={1000} placeholder="all" />
          </label>
          <button type="submit" disabled={pending}>
            {pending ? "Backfilling…" : "Backfill"}
          </button>
        </div>
        <p className="muted" style={{ margin: 0 }}>
          From and to are in your time zone{localZone ? ` (${localZone})` : ""}, both included. One run per fire time; a
          fire time already in the fire history is not started again.
        </p>
        <ErrorMessage error={localError ?? error} />
      </form>
      {result ? (
        <div>
          <p className="notice" role="status" data-testid="backfill-result">
            {result.fireTimes} fire time{result.fireTimes === 1 ? "" : "s"} in the range: {result.created} created,{" "}
            {result.alreadyFired} already fired.
          </p>
          <FireTable fires={result.fires} zone={zone} testId="backfill-fires" />
        </div>
      ) : null}
    </>
  );
}
