import Link from "next/link";
import type { OriginFieldsFragment } from "@/generated/graphql";
import { formatAbsolute } from "@/lib/format";

const FIRE_KINDS: Record<string, string> = { MISFIRE: "misfire", BACKFILL: "backfill" };

/**
 * Why a run started, in a few words with links: "Manual by alice",
 * "Schedule nightly · 2026-11-29 02:00:00 UTC", "Trigger orders · stream:42",
 * "DAG nightly, run 1a2b3c4d", "Restart of 1a2b3c4d".
 */
export function Origin({ origin }: { origin: OriginFieldsFragment }) {
  return (
    <span data-testid="origin" data-origin={origin.kind}>
      <OriginText origin={origin} />
    </span>
  );
}

function OriginText({ origin: o }: { origin: OriginFieldsFragment }) {
  switch (o.kind) {
    case "SCHEDULE": {
      const name = o.schedule ?? o.name;
      const kind = o.fireKind ? FIRE_KINDS[o.fireKind] : undefined;
      return (
        <>
          Schedule {name ? <Link href={`/schedules/${encodeURIComponent(name)}`}>{name}</Link> : "(deleted)"}
          {o.scheduledTime ? <> · {formatAbsolute(o.scheduledTime)}</> : null}
          {kind ? <span className="muted"> ({kind})</span> : null}
        </>
      );
    }
    case "TRIGGER": {
      const name = o.trigger ?? o.name;
      return (
        <>
          Trigger {name ? <Link href={`/triggers/${encodeURIComponent(name)}`}>{name}</Link> : "(deleted)"}
          {o.messageId ? <span className="mono"> · {o.messageId}</span> : null}
        </>
      );
    }
    case "DAG":
      return (
        <>
          DAG {o.name ? <Link href={`/dags/${encodeURIComponent(o.name)}`}>{o.name}</Link> : null}
          {o.dagRunId ? (
            <>
              {o.name ? ", " : ""}
              <Link href={`/dag-runs/${o.dagRunId}`}>
                run <span className="mono">{o.dagRunId.slice(0, 8)}</span>
              </Link>
            </>
          ) : null}
        </>
      );
    case "RESTART":
      return (
        <>
          Restart
          {o.restartOf ? (
            <>
              {" "}
              of{" "}
              <Link href={`/executions/${o.restartOf}`} className="mono">
                {o.restartOf.slice(0, 8)}
              </Link>
            </>
          ) : null}
          {o.actor ? ` by ${o.actor}` : ""}
        </>
      );
    case "VERIFY":
      return <>Verification of an upgrade{o.actor ? ` by ${o.actor}` : ""}</>;
    default:
      return o.relaunchOf ? (
        <>
          Relaunch of{" "}
          <Link href={`/executions/${o.relaunchOf}`} className="mono">
            {o.relaunchOf.slice(0, 8)}
          </Link>
          {o.actor ? ` by ${o.actor}` : ""}
        </>
      ) : (
        <>Manual{o.actor ? ` by ${o.actor}` : ""}</>
      );
  }
}
