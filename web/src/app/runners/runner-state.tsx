import type { RunnerState } from "@/generated/graphql";

// Runner states, coloured like the run statuses they resemble.
const LOOKS_LIKE: Readonly<Record<RunnerState, string>> = {
  ACTIVE: "COMPLETED",
  DRAINING: "CANCELLED",
  DRAINED: "SUPERSEDED",
  OFFLINE: "SUPERSEDED",
};

/** ACTIVE, DRAINING, DRAINED or OFFLINE, as a badge. */
export function RunnerStateBadge({ state }: { state: RunnerState }) {
  return (
    <span className={`badge status-${LOOKS_LIKE[state]}`} data-testid="runner-state" data-state={state}>
      {state}
    </span>
  );
}
