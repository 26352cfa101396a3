"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorMessage, SubmitRow } from "@/components/feedback";
import { useMutation } from "@/lib/client-graphql";
import { SetPoolLimitMutation } from "@/lib/documents";

export interface PoolLimit {
  name: string;
  maxConcurrent?: number | null;
}

/** The number typed as a limit: null for an empty field (no limit), or the sentence to show. */
export function readLimit(text: string): { limit: number | null } | { error: string } {
  const t = text.trim();
  if (!t) return { limit: null };
  const n = Number(t);
  if (!Number.isInteger(n)) return { error: "Max concurrent is a whole number (leave it empty for no limit)." };
  return { limit: n };
}

/**
 * Pools with a limit on runs at once (setPoolLimit), each with a button that
 * removes it, and a form that sets one or, left empty, clears it.
 */
export function PoolLimits({ pools, known }: { pools: readonly PoolLimit[]; known: readonly string[] }) {
  const router = useRouter();
  const [setLimit, { pending, error }] = useMutation(SetPoolLimitMutation);
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [clearing, setClearing] = useState<string | null>(null);
  const limited = pools.filter((p) => p.maxConcurrent !== null && p.maxConcurrent !== undefined);

  const save = async (pool: string, limit: number | null): Promise<boolean> => {
    setDone(null);
    const d = await setLimit({ pool, maxConcurrent: limit });
    if (!d) return false;
    const m = d.setPoolLimit.maxConcurrent;
    setDone(m === null || m === undefined ? `Pool ${pool} has no limit now.` : `Pool ${pool}: at most ${m} at once.`);
    router.refresh();
    return true;
  };

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setLocalError(null);
    const f = new FormData(e.currentTarget);
    const pool = String(f.get("pool") ?? "").trim();
    if (!pool) {
      setLocalError("Name the pool.");
      return;
    }
    const read = readLimit(String(f.get("maxConcurrent") ?? ""));
    if ("error" in read) {
      setLocalError(read.error);
      return;
    }
    await save(pool, read.limit);
  };

  return (
    <>
      {limited.length === 0 ? (
        <p className="muted">No pool has a limit: each runs as many as its runners have slots for.</p>
      ) : (
        <table data-testid="pool-limits" style={{ maxWidth: 640, marginBottom: 12 }}>
          <thead>
            <tr>
              <th>Pool</th>
              <th className="num">Max concurrent</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {limited.map((p) => (
              <tr key={p.name} data-pool={p.name}>
                <td>{p.name}</td>
                <td className="num">{p.maxConcurrent}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    disabled={pending}
                    aria-label={`Remove the limit of ${p.name}`}
                    onClick={async () => {
                      setClearing(p.name);
                      await save(p.name, null);
                      setClearing(null);
                    }}
                  >
                    {clearing === p.name ? "Removing…" : "Remove limit"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="stack" onSubmit={onSubmit} aria-label="Pool limit">
        <div className="row" style={{ alignItems: "flex-end" }}>
          <label>
            Pool
            <input type="text" name="pool" list="known-pools" required placeholder="default" />
          </label>
          <datalist id="known-pools">
            {known.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <label>
            Max concurrent
            <input type="number" name="maxConcurrent" min={1} step={1} placeholder="no limit" />
          </label>
        </div>
        <SubmitRow pending={pending} label="Save limit" pendingLabel="Saving…" done={done} error={null} />
        <ErrorMessage error={localError ?? error} />
      </form>
    </>
  );
}
