import { EmptyState } from "@/components/feedback";
import { Time } from "@/components/time";
import type { ScheduleFireRowFragment } from "@/generated/graphql";
import { OutcomeBadge, RunLink } from "./outcome";
import { ZonedTime } from "./zoned-time";

const KINDS: Record<string, string> = { SCHEDULED: "scheduled", MISFIRE: "misfire", BACKFILL: "backfill" };

/** Fires of a schedule: when each was due, when it fired, how, what came of it, and its run. */
export function FireTable({
  fires,
  zone,
  testId,
}: {
  fires: readonly ScheduleFireRowFragment[];
  zone: string;
  testId: string;
}) {
  if (fires.length === 0)
    return (
      <EmptyState title="No fire yet">
        Each fire time is recorded here when it comes: started, skipped, paused or missed.
      </EmptyState>
    );
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Scheduled time</th>
          <th>Fired at</th>
          <th>Kind</th>
          <th>Outcome</th>
          <th>Reason</th>
          <th>Run</th>
        </tr>
      </thead>
      <tbody>
        {fires.map((f) => (
          <tr key={f.id} data-fire={f.scheduledTime} data-kind={f.kind} data-outcome={f.outcome}>
            <td>
              <ZonedTime iso={f.scheduledTime} zone={zone} relative={false} />
            </td>
            <td>
              <Time iso={f.firedAt} compact />
            </td>
            <td>{KINDS[f.kind] ?? f.kind}</td>
            <td>
              <OutcomeBadge outcome={f.outcome} />
            </td>
            <td>{f.reason ?? <span className="muted">–</span>}</td>
            <td>
              <RunLink execution={f.execution} dagRun={f.dagRun} executionId={f.executionId} dagRunId={f.dagRunId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
